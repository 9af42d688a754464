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
import { distance, matchingData, maximize, type Lsr } from './cldr-matching';

const BEST_FIT = { algorithm: 'best fit' } as const;
/** The reference's threshold: a distance from here on is no match (its `defaults[1]`, the script distance). */
const threshold = (): number => matchingData().defaults[1];

interface Parts {
  readonly language: string;
  readonly script: string;
  readonly region: string;
}

/** Language, script and region of a tag, by position (RFC 5646 §2.1); later subtags are ignored. */
export function partsOf(tag: string): Parts {
  const [language = '', ...rest] = tag.split('-');
  const script = rest[0] !== undefined && /^[A-Za-z]{4}$/.test(rest[0]) ? rest.shift()! : '';
  const region = rest[0] !== undefined && /^(?:[A-Za-z]{2}|\d{3})$/.test(rest[0]) ? rest[0] : '';
  return { language, script, region };
}

const join = (...subtags: string[]): string => subtags.filter(Boolean).join('-');
const tagOf = (p: Parts): string => join(p.language, p.script, p.region);

const canonicalTags = new Map<string, string | undefined>();
/** `Intl.getCanonicalLocales`, the reference's first step (undefined for a tag it rejects); memoized. */
export function canonical(tag: string): string | undefined {
  if (!canonicalTags.has(tag)) {
    let c: string | undefined;
    try {
      c = Intl.getCanonicalLocales(tag)[0];
    } catch {
      c = undefined;
    }
    canonicalTags.set(tag, c);
  }
  return canonicalTags.get(tag);
}

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

let regionCodes: ReadonlyMap<string, string> | undefined;
/**
 * Every region CLDR's matching data knows, and the retired two-letter codes (`UK`, `DD`), each with what
 * `Intl` replaces it by without a language (`UK` → `GB`).
 */
function knownRegions(): ReadonlyMap<string, string> {
  if (!regionCodes) {
    const data = matchingData();
    const retired = data.canonicalAliases.region.filter((r) => /^[A-Z]{2}$/.test(r));
    regionCodes = new Map([
      ...Object.keys(data.regions).map((r) => [r, r] as const),
      ...retired.map((r) => [r, partsOf(canonical(`und-${r}`) ?? '').region || r] as const),
    ]);
  }
  return regionCodes;
}

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

export function localeTable(input: TableInput): LocaleTable {
  const offered: Offered[] = input.supported.map((tag) => {
    const c = canonical(tag) ?? tag;
    return { tag, lsr: maximize(c), raw: tagOf(partsOf(c)) };
  });
  const lsrs = offered.map((o) => `${o.lsr.language}-${o.lsr.script}-${o.lsr.region}`);
  const alike = new Set(lsrs).size < lsrs.length;
  const cache = new Map<string, string>();
  const valueOf = (p: Parts, scan: boolean): string => {
    const m = maximal(p, scan);
    const key = classOf(p, m, offered, alike);
    let v = cache.get(key);
    if (v === undefined) {
      v = ranking(tagOf(p), offered, input.default).join();
      cache.set(key, v);
    }
    return v;
  };
  const table: LocaleTable = {};
  const put = (key: string, v: string) => {
    table[key.toLowerCase()] = v === '' ? [] : v.split(',').map(Number);
  };
  const own = new Set(offered.map((o) => o.lsr.language));
  const ownRegions = new Set(offered.map((o) => o.lsr.region));
  const known = new Map([...knownRegions(), ...[...ownRegions].map((r) => [r, r] as const)]);
  const languages = languagesFor(offered);
  for (const language of languages) {
    // Regions matter to a supported language (its partitions, its scripts); to a neighbour, only its own.
    const scan = own.has(language);
    const regions = [...known].filter(([, r]) => scan || ownRegions.has(r));
    for (const script of ['', ...scriptsFor(language, offered)]) {
      const base = join(language, script);
      const whole = valueOf(partsOf(base), scan);
      if (whole !== '') put(base, whole);
      const byRegion = regions.map(([code, r]) => [code, valueOf({ language, script, region: r }, scan)]);
      const other = scan
        ? mostCommon(byRegion.map(([, v]) => v!))
        : valueOf({ language, script, region: 'AA' }, scan);
      if (other !== '') put(`${base}-*`, other);
      for (const [region, v] of byRegion) if (v !== other) put(join(base, region!), v!);
    }
  }
  addAliases(
    table,
    new Set([
      ...languages,
      ...Object.keys(input.fallbacks ?? {}).map((k) => partsOf(k.toLowerCase()).language),
    ]),
  );
  return table;
}

/** Old language codes (`iw`, `tl`, `eng`, `sh`) point to what CLDR writes now (`he`, `fil`, `en`, `sr-Latn`). */
function addAliases(table: LocaleTable, languages: ReadonlySet<string>): void {
  for (const alias of matchingData().canonicalAliases.language) {
    const c = canonical(alias);
    if (c !== undefined && languages.has(partsOf(c).language) && !(alias in table))
      table[alias] = c.toLowerCase();
  }
}

/** Everything viewer-request negotiates with, for the configured locales. */
export function localeMatch(locales: TableInput): LocaleMatch {
  const data = matchingData();
  const fallbacks = Object.entries(locales.fallbacks ?? {})
    .map(([requested, to]) => [requested.toLowerCase(), to.toLowerCase()] as const)
    .sort((a, b) => b[0].length - a[0].length);
  return { table: localeTable(locales), fallbacks, threshold: data.defaults[1], demotion: data.demotion };
}
