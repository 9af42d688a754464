/**
 * `Accept-Language` negotiation (RFC 9110 §12.5.4), read as CLDR's language matching reads a list of desired
 * locales (UTS #35 Part 1 §4.4): see `locale.ts` for the whole choice. Only the functions that negotiate
 * link this (the Lambda@Edge bundle, and the CloudFront Function on the default behaviour).
 */
import { asciiOnly } from '../shared/syntax';
import type { LocaleMatch } from './locale';

/** A row of the table; a key it lacks is reported to `missed`. */
function rowOf(match: LocaleMatch, key: string): readonly number[] | string | undefined {
  const row = match.table[key];
  if (row === undefined && match.missed) match.missed(key);
  return row;
}

/** Browsers send < 200 bytes; anything longer is cut so a hostile header costs bounded work. */
export const MAX_ACCEPT_LANGUAGE = 1024;
/** At most this many ranges are considered. */
const MAX_RANGES = 32;

export interface Range {
  /** `*`, or the range's lower-case `language[-script][-region]` (RFC 5646 §2.1 positions). */
  readonly tag: string;
  readonly q: number;
}

/**
 * One comma-separated item, read leniently (`_` for `-`, any case, spaces around `;` and `=`, `q=.5`,
 * extra parameters): undefined when its tag is malformed or its q outside [0, 1]. Only language, script
 * and region are kept, the fields CLDR's matching reads (`ja-JP-x-foo` → `ja-jp`); CLDR's "unknown"
 * script and region (`Zzzz`, `ZZ`) say nothing, so they go too.
 */
function readItem(item: string): Range | undefined {
  const params = item.split(';');
  const raw = params[0]!.trim().split('_').join('-').toLowerCase();
  const m = /^(?:\*|([a-z]{2,3}|[a-z]{5,8})(-[a-z]{4})?(-[a-z]{2}|-\d{3})?(?:-[a-z0-9]{1,8})*)$/.exec(raw);
  if (!m) return undefined;
  let q = 1;
  for (let i = 1; i < params.length; i++) {
    const param = params[i]!;
    const w = /^\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?|\.\d{1,3})\s*$/i.exec(param);
    if (w) q = Number(w[1]!.startsWith('.') ? `0${w[1]}` : w[1]);
    else if (/^\s*q\s*=/i.test(param)) return undefined; // q outside [0, 1]: not a valid weight
  }
  const tag =
    m[1] === undefined
      ? raw
      : m[1] +
        (m[2] === undefined || m[2] === '-zzzz' ? '' : m[2]) +
        (m[3] === undefined || m[3] === '-zz' ? '' : m[3]);
  return { tag, q };
}

/** The well-formed ranges, most preferred first (a stable sort: equal q keeps header order). */
export function parseAcceptLanguage(header: string): Range[] {
  return asciiOnly(header)
    .slice(0, MAX_ACCEPT_LANGUAGE)
    .split(',')
    .slice(0, MAX_RANGES)
    .map(readItem)
    .filter((r): r is Range => r !== undefined)
    .sort((a, b) => b.q - a.q);
}

/**
 * The candidates of one range's tag: its row, else the row for any other region (`-*`), else the row
 * without a region; none for the pseudo-locale regions `xa`–`xc`.
 */
function candidates(match: LocaleMatch, key: string): readonly number[] {
  let row = rowOf(match, key);
  if (row === undefined) row = rowOf(match, key.replace(/-\w{2,3}$/, '-*'));
  if (row === undefined) row = rowOf(match, key.replace(/-\w{2,3}$/, ''));
  return typeof row === 'object' && !/-x[a-c]$/.test(key) ? row : [];
}

/**
 * Browsers send a handful of distinct headers, so results are remembered per warm container (bounded:
 * cleared at MEMO_SIZE entries; only short headers are kept, so a flood of unique junk costs nothing extra).
 */
const MEMO_SIZE = 512;
/** Header → result (`null`: nothing acceptable), a null-prototype object, and how many it holds. */
let memo: Record<string, string | null | undefined> = Object.create(null);
let memoSize = 0;
let memoFor: LocaleMatch | undefined;

/** The best supported locale for an `Accept-Language` header, or undefined when nothing is acceptable. */
export function negotiateLocale(
  header: string,
  supported: readonly string[],
  fallback: string,
  match: LocaleMatch,
): string | undefined {
  if (header.length > 256 || match.missed) return negotiate(header, supported, fallback, match);
  if (memoFor !== match || memoSize >= MEMO_SIZE) {
    memo = Object.create(null);
    memoSize = 0;
  }
  memoFor = match;
  const known = memo[header];
  if (known !== undefined) return known === null ? undefined : known;
  const result = negotiate(header, supported, fallback, match);
  memo[header] = result === undefined ? null : result;
  memoSize++;
  return result;
}

/**
 * CLDR's loop over the desired locales: a range at position i reaching a supported locale at distance d
 * scores d + i × demotion; the lowest score under the threshold wins, the earlier range on a tie. A `q=0`
 * range makes the supported locales it covers (RFC 4647 §3.3.1 basic filtering) unacceptable; `*` stands
 * for the default locale, or the first acceptable one. A repeated range keeps its first position.
 */
export function negotiate(
  header: string,
  supported: readonly string[],
  fallback: string,
  match: LocaleMatch,
): string | undefined {
  const ranges = parseAcceptLanguage(header);
  const lower = supported.map((s) => s.toLowerCase());
  const refused = lower.map((s) =>
    ranges.some((r) => r.q === 0 && (s === r.tag || s.startsWith(`${r.tag}-`))),
  );
  const star = refused[supported.indexOf(fallback)] ? refused.indexOf(false) : supported.indexOf(fallback);
  const seen: string[] = [];
  let best = match.threshold;
  let choice: number | undefined;
  let position = 0;
  for (let r = 0; r < ranges.length; r++) {
    const range = ranges[r]!;
    if (range.q === 0 || (range.tag === '*' && star < 0)) continue;
    let key = range.tag === '*' ? lower[star]! : range.tag;
    const dash = key.indexOf('-');
    const alias = rowOf(match, dash === -1 ? key : key.slice(0, dash));
    if (typeof alias === 'string') key = dash === -1 ? alias : alias + key.slice(dash);
    const covering = lower.includes(key)
      ? undefined
      : match.fallbacks.find((f) => key === f[0] || key.startsWith(`${f[0]}-`));
    if (covering) key = covering[1];
    if (seen.includes(key)) continue;
    seen.push(key);
    const score = position++ * match.demotion;
    if (score >= best) break;
    const row = candidates(match, key);
    for (let i = 0; i < row.length; i += 2) {
      if (refused[row[i]!]) continue;
      if (row[i + 1]! + score < best) {
        best = row[i + 1]! + score;
        choice = row[i];
      }
      break;
    }
  }
  return choice === undefined ? undefined : supported[choice];
}
