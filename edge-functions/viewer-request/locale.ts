/**
 * Locale choice (step 3): explicit path prefix → validated locale cookie → `Accept-Language` → default.
 *
 * `accept-language-parser` parses the header; the matching is ours, because its `pick` treats `q=0` as
 * acceptable, never matches `*` and does not fall back from `ja-JP` to `ja`
 * (https://github.com/opentable/accept-language-parser/blob/master/index.js). Matching is RFC 4647 §3.4
 * "Lookup": each range, most preferred first, is truncated subtag by subtag (`zh-hant-tw` → `zh-hant` →
 * `zh`) until it names a supported locale. Ties keep header order, then configuration order (RFC 9110
 * §12.4.2: `q=0` means "not acceptable").
 */
// A plain require (import-equals): the package is CommonJS, and ESM interop helpers would cost bundle bytes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import alp = require('accept-language-parser');

export type LocaleSource = 'path' | 'cookie' | 'header' | 'default';

export interface LocaleChoice {
  readonly locale: string;
  readonly source: LocaleSource;
}

/** Browsers send < 200 bytes; anything longer is cut so a hostile header costs bounded work. */
export const MAX_ACCEPT_LANGUAGE = 1024;
/** At most this many ranges are considered. */
const MAX_RANGES = 32;

interface Range {
  readonly tag: string;
  readonly q: number;
  readonly order: number;
}

/**
 * Clean each comma-separated item into `tag;q=N` before handing it to the parser, which mis-reads
 * `q=.5`, `Q=0.5`, spaces around `;`/`=`, `_` separators and extra parameters, and splits a tag of more
 * than three subtags into two ranges (`ja-jp-x-foo;q=0.1` → `ja-jp-x` at q=1 and `foo;q=0.1`).
 */
function cleanItem(item: string): string | undefined {
  const [rawTag = '', ...params] = item.split(';');
  const tag = rawTag.trim().replace(/_/g, '-').toLowerCase();
  if (!/^(?:\*|[a-z]{1,8}(?:-[a-z0-9]{1,8})*)$/.test(tag)) return undefined;
  // Keep language-script-region at most, without a trailing singleton: the subtags RFC 4647 §3.4 Lookup
  // reaches anyway once it has truncated the rest (`ja-jp-x-foo` → `ja-jp`).
  const subtags = tag.split('-').slice(0, 3);
  while (subtags.length > 1 && subtags[subtags.length - 1]!.length === 1) subtags.pop();
  let q = 1;
  for (const param of params) {
    const m = /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?|\.\d{1,3})\s*$/i.exec(param);
    if (m) q = Number(m[1]!.startsWith('.') ? `0${m[1]}` : m[1]);
    else if (/^\s*q\s*=/i.test(param)) return undefined; // q outside [0, 1]: not a valid weight
  }
  return `${subtags.join('-')};q=${q}`;
}

export function parseAcceptLanguage(header: string): Range[] {
  const items = header
    .slice(0, MAX_ACCEPT_LANGUAGE)
    .split(',')
    .slice(0, MAX_RANGES)
    .map(cleanItem)
    .filter((s): s is string => s !== undefined);
  if (items.length === 0) return [];
  const ranges = alp.parse(items.join(',')).map((r, order) => ({
    tag: [r.code, r.script, r.region].filter(Boolean).join('-').toLowerCase(),
    q: r.quality,
    order,
  }));
  // Array.prototype.sort is stable: equal q keeps header order.
  return ranges.sort((a, b) => b.q - a.q || a.order - b.order);
}

/** RFC 4647 §3.4 lookup of one range against the supported list. */
function lookup(tag: string, supported: readonly string[]): string | undefined {
  let candidate = tag;
  for (;;) {
    if (supported.includes(candidate)) return candidate;
    const cut = candidate.lastIndexOf('-');
    if (cut < 0) return undefined;
    candidate = candidate.slice(0, cut);
    // RFC 4647 §3.4: drop a single-letter subtag left at the end (`x` of a private use prefix).
    if (/-[a-z0-9]$/.test(candidate)) candidate = candidate.slice(0, -2);
  }
}

/**
 * Browsers send a handful of distinct headers, so results are remembered per warm container (bounded:
 * cleared at MEMO_SIZE entries; only short headers are kept, so a flood of unique junk costs nothing extra).
 */
const MEMO_SIZE = 512;
const memo = new Map<string, string | undefined>();

/** The best supported locale for an `Accept-Language` header, or undefined when nothing is acceptable. */
export function negotiateLocale(header: string, supported: readonly string[]): string | undefined {
  if (header.length > 256) return negotiate(header, supported);
  const key = `${supported.join(',')}\n${header}`;
  if (memo.has(key)) return memo.get(key);
  const result = negotiate(header, supported);
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(key, result);
  return result;
}

function negotiate(header: string, supported: readonly string[]): string | undefined {
  const ranges = parseAcceptLanguage(header);
  // q=0 excludes a locale, even when `*` would otherwise match it.
  const excluded = new Set(ranges.filter((r) => r.q === 0).map((r) => lookup(r.tag, supported) ?? r.tag));
  for (const range of ranges) {
    if (range.q === 0) continue;
    if (range.tag === '*') {
      const any = supported.find((l) => !excluded.has(l));
      if (any !== undefined) return any;
      continue;
    }
    const found = lookup(range.tag, supported);
    if (found !== undefined && !excluded.has(found)) return found;
  }
  return undefined;
}

export interface LocaleInput {
  readonly pathLocale?: string;
  readonly cookieLocale?: string;
  readonly acceptLanguage?: string;
}

export function chooseLocale(
  input: LocaleInput,
  supported: readonly string[],
  fallback: string,
): LocaleChoice {
  if (input.pathLocale !== undefined && supported.includes(input.pathLocale))
    return { locale: input.pathLocale, source: 'path' };
  if (input.cookieLocale !== undefined && supported.includes(input.cookieLocale))
    return { locale: input.cookieLocale, source: 'cookie' };
  if (input.acceptLanguage) {
    const negotiated = negotiateLocale(input.acceptLanguage, supported);
    if (negotiated !== undefined) return { locale: negotiated, source: 'header' };
  }
  return { locale: fallback, source: 'default' };
}
