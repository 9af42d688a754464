/**
 * Set-Cookie through the cache (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Cookies.html):
 * a behaviour that forwards no cookies removes every Set-Cookie; one that forwards any passes every line
 * through and caches it with the object, unless `Cache-Control: no-cache="Set-Cookie"` names it.
 */
import type { CloudFrontHeaders } from '../../edge-functions/cloudfront/types';
import { joinHeader } from '../../edge-functions/cloudfront/headers';

/** The headers without `set-cookie` (a new map; the lists are shared, never mutated). */
export function withoutSetCookie(headers: CloudFrontHeaders): CloudFrontHeaders {
  const out: CloudFrontHeaders = {};
  for (const [name, list] of Object.entries(headers)) if (name !== 'set-cookie') out[name] = list;
  return out;
}

/** What the viewer of this response gets: no Set-Cookie at all where the behaviour forwards no cookie. */
export function viewerSetCookies(headers: CloudFrontHeaders, forwardsCookies: boolean): CloudFrontHeaders {
  return forwardsCookies || !headers['set-cookie'] ? headers : withoutSetCookie(headers);
}

/** `no-cache="Set-Cookie"` (or a field list naming it), case-insensitive (RFC 9111 §5.2.2.4). */
export function noCacheSetCookie(headers: CloudFrontHeaders): boolean {
  const cc = joinHeader(headers, 'cache-control', ',');
  const m = /(?:^|[\s,])no-cache\s*=\s*"([^"]*)"/i.exec(cc);
  return m !== null && m[1]!.split(',').some((f) => f.trim().toLowerCase() === 'set-cookie');
}

/** The headers to store with the object. */
export function storedHeaders(headers: CloudFrontHeaders): CloudFrontHeaders {
  return headers['set-cookie'] && noCacheSetCookie(headers) ? withoutSetCookie(headers) : headers;
}

/**
 * Names of stored Set-Cookie lines that are not a function of the cache key: every viewer who hits the
 * entry gets them. A line is keyed when its `name=value` is a cookie in the key.
 */
export function unkeyedSetCookies(
  stored: CloudFrontHeaders,
  keyed: readonly (readonly [string, string])[],
): string[] {
  const out: string[] = [];
  for (const { value } of stored['set-cookie'] ?? []) {
    const pair = value.split(';', 1)[0]!;
    const eq = pair.indexOf('=');
    const name = (eq === -1 ? pair : pair.slice(0, eq)).trim();
    const cookieValue = eq === -1 ? '' : pair.slice(eq + 1).trim();
    if (!keyed.some(([n, v]) => n === name && v === cookieValue)) out.push(name);
  }
  return out;
}
