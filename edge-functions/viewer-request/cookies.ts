/**
 * The request's `Cookie` header: read leniently with `cookie` 1.x, and rewritten so that the experiment
 * cookies it carries are exactly the canonical assignment for this path (the cache key and origin-response
 * read that). Other cookies pass through byte for byte, so nothing the visitor sent is lost.
 */
import { parseCookie } from 'cookie';
import type { CloudFrontHeaders } from '../cloudfront/types';
import { joinHeader } from '../cloudfront/headers';

/** Browsers cap a cookie header near 8 KB; more than this is cut before parsing (bounded work). */
export const MAX_COOKIE_HEADER = 16 * 1024;

/** All `cookie` entries joined with `; ` (RFC 6265 §5.4 sends one line; HTTP/2 may split it). */
export function cookieHeader(headers: CloudFrontHeaders): string {
  return joinHeader(headers, 'cookie', '; ');
}

/** Name → value; the first occurrence wins, bad escapes come back raw, junk pairs are skipped. */
export function readCookies(header: string): Record<string, string | undefined> {
  // A null-prototype object, so a cookie named `toString` or `__proto__` is just data.
  const out: Record<string, string | undefined> = Object.create(null);
  if (header === '') return out;
  return Object.assign(out, parseCookie(header.slice(0, MAX_COOKIE_HEADER)));
}

/**
 * Drop every pair whose name is in `remove`, keep the rest verbatim, then append `add` (already validated
 * `name=value` tokens). Returns '' when nothing is left.
 */
export function rewriteCookieHeader(
  header: string,
  remove: ReadonlySet<string>,
  add: readonly (readonly [string, string])[],
): string {
  const kept = header
    .split(';')
    .map((pair) => pair.trim())
    .filter((pair) => {
      if (pair === '') return false;
      const eq = pair.indexOf('=');
      const name = (eq === -1 ? pair : pair.slice(0, eq)).trim();
      return !remove.has(name);
    });
  return [...kept, ...add.map(([name, value]) => `${name}=${value}`)].join('; ');
}
