/**
 * Build time only: the table viewer-request negotiates `Accept-Language` with, for the configured locales.
 *
 * The choice is CLDR's language matching (UTS #35 Part 1 §4.4) as `@formatjs/intl-localematcher` makes it
 * with `algorithm: 'best fit'`. That package is 26 KB minified, so it runs here, once per build, and the
 * bundle carries its answers: for each lower-case `language[-script][-region]` a visitor may send, the
 * supported locales it reaches, best first, as `index, distance` pairs (`locale.ts` reads them).
 *
 * - Only languages that can reach a supported locale are listed: the supported ones and their CLDR
 *   neighbours (`nb` → `no`, `gsw` → `de`, `yue` → `zh`). An old code of one of them points to it (`iw`
 *   → `he`).
 * - A script is listed only where it can match; any other script matches nothing.
 * - `<language>[-<script>]-*` stands for every region the table does not list.
 */
import { match } from '@formatjs/intl-localematcher';
import type { LocaleMatch, LocaleTable } from '../viewer-request/locale';
import { canonical, distance, matchingData, maximize, partsOf, tagOf, type Lsr } from './cldr-matching';

const BEST_FIT = { algorithm: 'best fit' } as const;
/** The reference's threshold: a distance from here on is no match (its `defaults[1]`, the script distance). */
const threshold = (): number => matchingData().defaults[1];

/** Language, script and region as written (not maximized). */
type Parts = Lsr;

const join = (...subtags: string[]): string => subtags.filter(Boolean).join('-');

/** A supported locale as the matching sees it. */
interface Offered {
  readonly tag: string;
  readonly lsr: Lsr;
  /** The reference's exact-match key: `language[-script][-region]` as written. */
  readonly raw: string;
}

/**
 * The supported locales `tag` reaches, best first, each as `index, distance`: the reference picks each one
 * from those left; CLDR's distance only tells when none is left within reach (the reference then answers
 * its default, which may also be a real match).
 */
function ranking(tag: string, offered: readonly Offered[], fallback: string): number[] {
  const from = maximize(tag);
  const raw = tagOf(partsOf(tag));
  const within = (o: Offered) => o.raw === raw || distance(from, o.lsr) < threshold();
  const out: number[] = [];
  let left = offered.filter(within);
  while (left.length > 0) {
    const found = match(
      [tag],
      left.map((o) => o.tag),
      fallback,
      BEST_FIT,
    );
    const index = offered.findIndex((o) => o.tag === found);
    if (!left.includes(offered[index]!)) break;
    out.push(index, distance(from, offered[index]!.lsr));
    left = left.filter((o) => o.tag !== found);
  }
  return out;
}

/** The canonical languages whose visitors can reach a supported locale: theirs, and CLDR's neighbours. */
function languagesFor(offered: readonly Offered[]): string[] {
  const own = new Set(offered.map((o) => o.lsr.language));
  const out = new Set(own);
  for (const pair of Object.keys(matchingData().language)) {
    const [desired, supported] = pair.split('|') as [string, string];
    if (own.has(supported)) out.add(desired);
  }
  return [...out];
}

/** Scripts of `language` that can match a supported locale (any other adds CLDR's default 50: no match). */
function scriptsFor(language: string, offered: readonly Offered[]): Set<string> {
  const out = new Set([maximize(language).script, ...offered.map((o) => o.lsr.script)]);
  for (const key of Object.keys(matchingData().script)) {
    const [desired, , script] = key.split('|') as [string, string, string];
    if (desired === language) out.add(script);
  }
  return out;
}

/** The regions CLDR's matching data knows (retired, numeric and unassigned codes read as `-*`). */
const knownRegions = (): readonly string[] => Object.keys(matchingData().regions);

/**
 * The maximized form of a canonical `language[-script][-region]`, asking ICU only for what depends on it:
 * a region's script only for a supported language; a neighbour keeps its usual script in every region.
 */
function maximal(p: Parts, scan: boolean): Lsr {
  if (p.script && p.region)
    return { language: maximize(p.language).language, script: p.script, region: p.region };
  if (p.region && !scan) return { ...maximize(p.language), region: p.region };
  return maximize(tagOf(p));
}

/**
 * A key for everything the reference's answer depends on, so it is asked once per class: the maximized
 * form (a region by its CLDR partitions unless a supported locale has it), and — only when two supported
 * locales maximize alike (`zh-TW`, `zh-Hant`), where the reference prefers the one written like the
 * request — which subtags were written.
 */
function classOf(p: Parts, m: Lsr, offered: readonly Offered[], alike: boolean): string {
  const own = offered.some((o) => o.lsr.region === m.region) || /^\d/.test(m.region);
  const region = own ? m.region : `p${matchingData().regions[m.region]?.join(',') ?? '-'}`;
  const written = alike ? [offered.findIndex((o) => o.raw === tagOf(p)), p.script, p.region] : [];
  return [m.language, m.script, region, ...written].join('|');
}

const mostCommon = (values: readonly string[]): string => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
};

export interface TableInput {
  readonly supported: readonly string[];
  readonly default: string;
  /** Requested tags the configuration sends elsewhere (`locales.fallbacks`): their old codes point to them. */
  readonly fallbacks?: Readonly<Record<string, string>>;
}

type ValueOf = (p: Parts, scan: boolean) => string;

/** The reference's answer for a tag, as `index,distance,…`, asked once per class of tags. */
function answers(offered: readonly Offered[], fallback: string): ValueOf {
  const lsrs = offered.map((o) => `${o.lsr.language}-${o.lsr.script}-${o.lsr.region}`);
  const alike = new Set(lsrs).size < lsrs.length;
  const cache = new Map<string, string>();
  return (p, scan) => {
    const key = classOf(p, maximal(p, scan), offered, alike);
    let v = cache.get(key);
    if (v === undefined) cache.set(key, (v = ranking(tagOf(p), offered, fallback).join()));
    return v;
  };
}

/**
 * The codes a visitor may write for the listed languages: each language, and the old codes that stand for
 * a language with a script or region (`sh` → `sr-Latn`, `cnr` → `sr-ME`), each with what it stands for.
 */
function surfaceCodes(languages: readonly string[]): [string, Parts][] {
  const out: [string, Parts][] = languages.map((l) => [l, { language: l, script: '', region: '' }]);
  for (const alias of matchingData().canonicalAliases.language) {
    const c = canonical(alias);
    if (c !== undefined && c.includes('-') && languages.includes(partsOf(c).language))
      out.push([alias, partsOf(c)]);
  }
  return out;
}

/** Rows for one code: alone, with each script that can match, and by region (those unlike `-*`). */
function addRows(
  table: LocaleTable,
  code: string,
  given: Parts,
  offered: readonly Offered[],
  valueOf: ValueOf,
) {
  const put = (key: string, v: string) => {
    table[key.toLowerCase()] = v === '' ? [] : v.split(',').map(Number);
  };
  const { language } = given;
  const ownRegions = new Set(offered.map((o) => o.lsr.region));
  // Regions matter to a supported language (its partitions, its scripts); to a neighbour, only its own.
  const scan = offered.some((o) => o.lsr.language === language);
  const regions = [...new Set([...knownRegions(), ...ownRegions])].filter((r) => scan || ownRegions.has(r));
  for (const script of ['', ...scriptsFor(language, offered)]) {
    // The tag's own script and region win over those its old code stands for (UTS #35 Annex C).
    const at = (region: string): Parts => ({
      language,
      script: script || given.script,
      region: region || given.region,
    });
    const base = join(code, script);
    const whole = valueOf(at(''), scan);
    if (whole !== '') put(base, whole);
    const byRegion = regions.map((r) => [r, valueOf(at(r), scan)] as const);
    const other = scan ? mostCommon(byRegion.map(([, v]) => v)) : valueOf(at('AA'), scan);
    // `-*` falls back to the row without a region when it has none of its own.
    if (other !== whole) put(`${base}-*`, other);
    for (const [region, v] of byRegion) if (v !== other) put(join(base, region), v);
  }
}

export function localeTable(input: TableInput): LocaleTable {
  const offered: Offered[] = input.supported.map((tag) => {
    const c = canonical(tag) ?? tag;
    return { tag, lsr: maximize(c), raw: tagOf(partsOf(c)) };
  });
  const valueOf = answers(offered, input.default);
  const table: LocaleTable = {};
  const languages = languagesFor(offered);
  for (const [code, given] of surfaceCodes(languages)) addRows(table, code, given, offered, valueOf);
  const requested = Object.keys(input.fallbacks ?? {}).map((k) => partsOf(k.toLowerCase()).language);
  addAliases(table, new Set([...languages, ...requested]));
  return table;
}

/** Old language codes (`iw`, `tl`, `eng`) point to the code CLDR writes now (`he`, `fil`, `en`). */
function addAliases(table: LocaleTable, languages: ReadonlySet<string>): void {
  for (const alias of matchingData().canonicalAliases.language) {
    const c = canonical(alias);
    if (c !== undefined && !c.includes('-') && languages.has(c)) table[alias] = c;
  }
}

const made = new Map<string, LocaleMatch>();

/**
 * Everything viewer-request negotiates with, for the configured locales; remembered for the process, so
 * `npm start` rebuilds it only when the locales change.
 */
export function localeMatch(locales: TableInput): LocaleMatch {
  const key = JSON.stringify([locales.supported, locales.default, locales.fallbacks ?? {}]);
  let m = made.get(key);
  if (!m) {
    const data = matchingData();
    const fallbacks = Object.entries(locales.fallbacks ?? {})
      .map(([requested, to]) => [requested.toLowerCase(), to.toLowerCase()] as const)
      .sort((a, b) => b[0].length - a[0].length);
    m = { table: localeTable(locales), fallbacks, threshold: data.defaults[1], demotion: data.demotion };
    made.set(key, m);
  }
  return m;
}
