/**
 * The cache key: URI after viewer-request + the cookies, headers and query strings the cache policy names
 * + the normalised `Accept-Encoding`
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-the-cache-key.html).
 * Everything in the key is also what the origin receives.
 */
import { parseCookie } from 'cookie';
import type { CloudFrontHeaders, CloudFrontRequest } from '../../edge-functions/cloudfront/types';
import { joinHeader } from '../../edge-functions/cloudfront/headers';
import type { CachePolicyFacts } from '../../edge-functions/config/cache-policy';

/** The cookies a policy forwards, sorted by name as CloudFront forwards them; values are case-sensitive. */
export function forwardedCookies(headers: CloudFrontHeaders, allow: readonly string[]): [string, string][] {
  if (allow.length === 0) return [];
  const header = joinHeader(headers, 'cookie', '; ');
  if (header === '') return [];
  // Raw values: CloudFront keys on the bytes the viewer sent, so `a%41` and `aA` are different entries.
  const parsed = parseCookie(header, { decode: (v) => v });
  return [...allow]
    .sort()
    .filter((name) => Object.prototype.hasOwnProperty.call(parsed, name) && parsed[name] !== undefined)
    .map((name) => [name, parsed[name]!]);
}

/**
 * The parameters a policy names, in the order and with the encoding the viewer sent them: CloudFront keys
 * `a=1&b=2` and `b=2&a=1` apart and never re-encodes (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/QueryStringParameters.html).
 */
export function forwardedQuery(querystring: string, allow: readonly string[]): string {
  if (allow.length === 0 || querystring === '') return '';
  return querystring
    .split('&')
    .filter((pair) => allow.includes(paramName(pair)))
    .join('&');
}

function paramName(pair: string): string {
  const raw = pair.split('=', 1)[0]!;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

export type Encoding = '' | 'br' | 'gzip' | 'br,gzip';

/**
 * CloudFront normalises `Accept-Encoding` (every line of it) to `br,gzip`, `br`, `gzip` or nothing when the
 * policy enables compression; the key, the origin and the compression all use this one value
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/ServingCompressedFiles.html).
 */
export function viewerEncoding(headers: CloudFrontHeaders, policy: CachePolicyFacts): Encoding {
  const value = joinHeader(headers, 'accept-encoding', ',');
  if (!value) return '';
  const codings = value
    .toLowerCase()
    .split(',')
    .map((c) => c.trim().split(';'))
    .filter(([, ...params]) => !params.some((p) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/.test(p)))
    .map(([name]) => name!.trim());
  const br = policy.brotli && codings.includes('br');
  const gzip = policy.gzip && codings.includes('gzip');
  return br && gzip ? 'br,gzip' : br ? 'br' : gzip ? 'gzip' : '';
}

export function cacheKey(request: CloudFrontRequest, policy: CachePolicyFacts): string {
  const headers = policy.headers.map((h) => [h, joinHeader(request.headers, h.toLowerCase(), ',')]);
  return JSON.stringify([
    request.method === 'HEAD' ? 'GET' : request.method, // HEAD and GET share an entry
    request.uri,
    forwardedCookies(request.headers, policy.cookies),
    headers,
    forwardedQuery(request.querystring, policy.queryStrings),
    viewerEncoding(request.headers, policy),
  ]);
}

/** The URI a key was made from (for invalidations). */
export const uriOfKey = (key: string): string => (JSON.parse(key) as [string, string])[1];
