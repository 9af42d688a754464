/**
 * The request's `Cookie` header, read the same way by both functions, and rewritten by viewer-request so
 * that the experiment cookies it carries are exactly the canonical assignment for this page (the cache key
 * and origin-response read that). Other cookies pass through byte for byte, so nothing the visitor sent is
 * lost.
 *
 * Reading follows `cookie` 1.x's `parseCookie` rules (RFC 6265 §5.2 leniency: first occurrence wins, pairs
 * without `=` are skipped, values are percent-decoded when that succeeds, quotes are kept) but is written
 * here: the viewer trigger runs on every request, and the whole `cookie` module would add 4 KB to its
 * bundle. origin-response writes `Set-Cookie` with `cookie` itself (strict writing).
 */
import type { CloudFrontHeaders } from '../cloudfront/types';
import { joinHeader } from '../cloudfront/headers';
import { MAX_REQUEST_BYTES } from '../cloudfront/limits';
import { COOKIE } from './inputs';

/**
 * Bounded work, without losing a cookie CloudFront can deliver: no request reaches a function with more
 * than this many bytes of headers, so an experiment cookie is found wherever it sits in the header(s).
 */
export const MAX_COOKIE_HEADER = MAX_REQUEST_BYTES;

/**
 * What every cookie the edge writes carries: the whole site, HTTPS only, out of reach of scripts, and not
 * sent on cross-site subrequests or POSTs (RFC 6265bis §4.1.2.7), so another site cannot fire a counted
 * beacon with it.
 */
export const COOKIE_ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';

/** All `cookie` entries joined with `; ` (RFC 6265 §5.4 sends one line; HTTP/2 may split it). */
export function cookieHeader(headers: CloudFrontHeaders): string {
  return joinHeader(headers, COOKIE, '; ');
}

/** Name → value; the first occurrence wins, bad escapes come back raw, junk pairs are skipped. */
export function readCookies(header: string): Record<string, string | undefined> {
  // A null-prototype object, so a cookie named `toString` or `__proto__` is just data.
  const out: Record<string, string | undefined> = Object.create(null);
  const text = header.length > MAX_COOKIE_HEADER ? header.slice(0, MAX_COOKIE_HEADER) : header;
  if (text.length < 2) return out; // the shortest pair is `a=`
  const pairs = text.split(';');
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    const name = trimOws(pair.slice(0, eq));
    if (out[name] !== undefined) continue;
    out[name] = decode(trimOws(pair.slice(eq + 1)));
  }
  return out;
}

/** Optional whitespace is SP and HTAB only (RFC 9110 §5.6.3), unlike String#trim. */
export function trimOws(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s.charCodeAt(start) === 32 || s.charCodeAt(start) === 9)) start++;
  while (end > start && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function decode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Drop every pair whose name is in `remove`, keep the rest verbatim, then append `add` (already validated
 * `name=value` tokens). Returns '' when nothing is left.
 */
export function rewriteCookieHeader(
  header: string,
  /** The experiment cookie names: at most 10 (a cache policy's cookie limit), so a list is as fast as a set. */
  remove: readonly string[],
  add: readonly (readonly [string, string])[],
): string {
  // Fast path (most requests): no experiment cookie in the header, so it is kept exactly as sent.
  const added = add.map((pair) => `${pair[0]}=${pair[1]}`);
  if (!remove.some((name) => header.includes(name))) {
    const joined = added.join('; ');
    return header === '' ? joined : joined === '' ? header : `${header}; ${joined}`;
  }
  const kept = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => {
      if (pair === '') return false;
      const eq = pair.indexOf('=');
      const name = (eq === -1 ? pair : pair.slice(0, eq)).trim();
      return !remove.includes(name);
    });
  return kept.concat(added).join('; ');
}
