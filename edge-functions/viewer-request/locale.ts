/**
 * Locale choice (step 3): explicit path prefix → validated locale cookie → `Accept-Language` → default.
 *
 * `Accept-Language` (RFC 9110 §12.5.4) is read as CLDR's language matching reads a list of desired locales
 * (UTS #35 Part 1 §4.4, https://www.unicode.org/reports/tr35/tr35.html#LanguageMatching): every supported
 * locale within CLDR's distance of a range can serve it — the same language in another region (`pt-PT` →
 * `pt-BR`), the script likely subtags give (`zh-TW` → `zh-Hant`, never `zh-Hans`), a close language (`nb`
 * → `no`) — and each later range counts `demotion` farther, so q-values still order the languages. The
 * distances come from the table the build bakes for the configured locales (`build/locale-table.ts`, made
 * with @formatjs/intl-localematcher's best-fit matcher, which this loop reproduces: docs/your-site.md, "How
 * the locale is chosen"). RFC 9110 §12.4.2: `q=0` means "not acceptable".
 */

import { negotiate, negotiateLocale } from './negotiate';

export type LocaleSource = 'path' | 'cookie' | 'header' | 'default';

export interface LocaleChoice {
  readonly locale: string;
  readonly source: LocaleSource;
}

/**
 * Lower-case `language[-script][-region]` → the supported locales it reaches, best first, as `index,
 * distance` pairs. A region not listed reads `language[-script]-*`, or, without that row, the row without
 * a region. A string instead of pairs: the language code an old one stands for (`iw` → `he`).
 */
export type LocaleTable = Record<string, readonly number[] | string>;

/** What the build bakes for negotiation (`build/locale-table.ts`). */
export interface LocaleMatch {
  readonly table: LocaleTable;
  /** `locales.fallbacks`, lower-case, longest requested tag first: `[requested, supported]`. */
  readonly fallbacks: readonly (readonly [string, string])[];
  /** CLDR: a distance from here on is no match. */
  readonly threshold: number;
  /** CLDR: how much farther each later range counts. */
  readonly demotion: number;
  /**
   * Set at run time only, never baked: told of every key `table` lacks, so a runtime that loads the table in
   * parts (CloudFront Functions, from the KeyValueStore) learns which part the header needs.
   */
  readonly missed?: (key: string) => void;
}

export {
  MAX_ACCEPT_LANGUAGE,
  negotiate,
  negotiateLocale,
  parseAcceptLanguage,
  type Range,
} from './negotiate';

export interface LocaleInput {
  readonly pathLocale?: string;
  readonly cookieLocale?: string;
  readonly acceptLanguage?: string;
}

/**
 * The locale the path names, else the default: all a CloudFront Function on the locale folders' behaviours
 * needs (it never sees a path outside them, `decide.ts`), so it carries none of the negotiation.
 */
export function chooseFromPath(
  input: LocaleInput,
  supported: readonly string[],
  fallback: string,
): LocaleChoice {
  return input.pathLocale !== undefined && supported.includes(input.pathLocale)
    ? { locale: input.pathLocale, source: 'path' }
    : { locale: fallback, source: 'default' };
}

type Negotiator = typeof negotiate;

/** Path, then the locale cookie, then `Accept-Language` through `negotiator`, then the default. */
function chooseWith(negotiator: Negotiator) {
  return (
    input: LocaleInput,
    supported: readonly string[],
    fallback: string,
    match: LocaleMatch,
  ): LocaleChoice => {
    const byPath = chooseFromPath(input, supported, fallback);
    if (byPath.source === 'path') return byPath;
    if (input.cookieLocale !== undefined && supported.includes(input.cookieLocale))
      return { locale: input.cookieLocale, source: 'cookie' };
    if (input.acceptLanguage) {
      const negotiated = negotiator(input.acceptLanguage, supported, fallback, match);
      if (negotiated !== undefined) return { locale: negotiated, source: 'header' };
    }
    return byPath;
  };
}

/** With the answers memoised per header (Lambda@Edge, where the table is baked and a container serves many). */
export const chooseLocale = /* @__PURE__ */ chooseWith(negotiateLocale);
/**
 * Without the memo: a CloudFront Function reads the table's rows from the store afresh on each call
 * (`match.missed`), so nothing could be memoised; its default behaviour links only this.
 */
export const chooseLocaleFresh = /* @__PURE__ */ chooseWith(negotiate);
