/**
 * Build time only: CLDR's language-matching data and distance, as `@formatjs/intl-localematcher` (the
 * reference matcher, pinned to an exact version) uses them. UTS #35 Part 1 §4.4 "Language Matching"
 * (https://www.unicode.org/reports/tr35/tr35.html#LanguageMatching): the distance of a desired locale to a
 * supported one is the sum of a language, a script and a region distance over their maximized
 * (likely-subtags) forms, read from CLDR's languageMatching tables.
 *
 * The package exports `match()` but neither its distances nor its tables, and the bundle needs distances to
 * rank a header's ranges the way it does (each later range is demoted). So the tables are read from the
 * package's own file: the numbers are the ones the reference compares, from the same CLDR release.
 */
import { readFileSync } from 'node:fs';

export interface MatchingData {
  /** `desired|supported` language → distance. */
  readonly language: Readonly<Record<string, number>>;
  /** `desiredLang|supportedLang|desiredScript|supportedScript` → distance. */
  readonly script: Readonly<Record<string, number>>;
  /** `desiredLang|supportedLang|desiredScript|supportedScript` (or `…|*|*`) → partition × partition matrix. */
  readonly region: Readonly<Record<string, readonly number[]>>;
  /** Region → the partitions it belongs to. */
  readonly regions: Readonly<Record<string, readonly number[]>>;
  /** Language, script and region distance when no row says otherwise. */
  readonly defaults: readonly [number, number, number];
  readonly partitionCount: number;
  /** How much farther each later desired locale counts. */
  readonly demotion: number;
  /** Old language codes (`iw`, `sh`, `eng`): `Intl.getCanonicalLocales` replaces them. */
  readonly canonicalAliases: { readonly language: readonly string[] };
}

export const REFERENCE = '@formatjs/intl-localematcher';
const MARKER = 'const matchingData = ';

let cached: MatchingData | undefined;

/** The reference's tables; throws naming the package when its file no longer holds them where expected. */
export function matchingData(): MatchingData {
  if (cached) return cached;
  const file = require.resolve(REFERENCE);
  const source = readFileSync(file, 'utf8');
  const start = source.indexOf(MARKER);
  const end = source.indexOf('\n};\n', start);
  let data: MatchingData | undefined;
  try {
    if (start >= 0 && end > start) data = JSON.parse(source.slice(start + MARKER.length, end + 2));
  } catch {
    data = undefined;
  }
  const ok =
    data !== undefined &&
    ['language', 'script', 'region', 'regions'].every((k) => typeof (data as never)[k] === 'object') &&
    Array.isArray(data.defaults) &&
    typeof data.partitionCount === 'number' &&
    typeof data.demotion === 'number';
  if (!ok)
    throw new Error(
      `${file} holds no CLDR matching tables where this build reads them: keep ${REFERENCE} at the version package.json pins, or update edge-functions/build/cldr-matching.ts`,
    );
  cached = data!;
  return cached;
}

/** A tag's language, script and region (maximized: after adding likely subtags, UTS #35 §4.3). */
export interface Lsr {
  readonly language: string;
  readonly script: string;
  readonly region: string;
}

/** Language, script and region of a tag, by position (RFC 5646 §2.1); later subtags are ignored. */
export function partsOf(tag: string): Lsr {
  const [language = '', ...rest] = tag.split('-');
  const script = rest[0] !== undefined && /^[A-Za-z]{4}$/.test(rest[0]) ? rest.shift()! : '';
  const region = rest[0] !== undefined && /^(?:[A-Za-z]{2}|\d{3})$/.test(rest[0]) ? rest[0] : '';
  return { language, script, region };
}

/** `language[-script][-region]` of parts, leaving out the empty ones. */
export const tagOf = (p: Lsr): string => [p.language, p.script, p.region].filter(Boolean).join('-');

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

const maximized = new Map<string, Lsr>();

/** `zh-TW` → `zh-Hant-TW`, through the host's ICU, as the reference does; memoized for the process. */
export function maximize(tag: string): Lsr {
  let lsr = maximized.get(tag);
  if (!lsr) {
    const m = new Intl.Locale(tag).maximize();
    let { language, script = '', region = '' } = m;
    // What ICU leaves unknown, the reference fills from `und-<script>-<region>`, then Latn and US.
    if (language === 'und' || !script || !region) {
      const f = new Intl.Locale(['und', script, region].filter(Boolean).join('-')).maximize();
      if (language === 'und') language = f.language === 'und' ? 'en' : f.language;
      script ||= f.script || 'Latn';
      region ||= f.region || 'US';
    }
    lsr = { language, script, region };
    maximized.set(tag, lsr);
  }
  return lsr;
}

const own = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

/**
 * The distance from a desired to a supported locale, both maximized: whole numbers only. The reference adds
 * a fraction (< 1) between two locales whose maximized forms are equal; it decides nothing across ranges
 * (each later range counts `demotion` more), so the bundle does not need it.
 */
export function distance(desired: Lsr, supported: Lsr): number {
  const data = matchingData();
  const languages = `${desired.language}|${supported.language}`;
  let d = desired.language === supported.language ? 0 : (own(data.language, languages) ?? data.defaults[0]);
  const scripts = `${languages}|${desired.script}|${supported.script}`;
  if (desired.script !== supported.script) d += own(data.script, scripts) ?? data.defaults[1];
  if (desired.region !== supported.region) {
    const matrix = own(data.region, scripts) ?? own(data.region, `${languages}|*|*`);
    const from = own(data.regions, desired.region);
    const to = own(data.regions, supported.region);
    let r = data.defaults[2];
    if (matrix && from && to) {
      r = 0;
      for (const a of from)
        for (const b of to) r = Math.max(r, matrix[a * data.partitionCount + b] ?? data.defaults[2]);
    }
    d += r;
  }
  return d;
}
