/**
 * `Vary` through CloudFront. CloudFront caches by its own key and never by `Vary`; what it returns to viewers
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html#ResponseCustomRemovedHeaders):
 * `Accept-Encoding` and `Cookie` always, a header it forwards to the origin (cache or origin request policy)
 * when named, `*` as content negotiation; any other name is removed. The S3 origin page states no `Vary` rule,
 * so the stricter custom-origin rule is applied here: a design that passes locally holds under both readings.
 * `Vary: *` with a minimum TTL of 0: "CloudFront caches the object but still forwards every subsequent request
 * for the object to the origin" (#ResponseCustomContentNegotiation), so it is never served from the cache.
 */
import type { CloudFrontHeaders } from '../../edge-functions/cloudfront/types';
import { joinHeader } from '../../edge-functions/cloudfront/headers';
import type { CachePolicyFacts } from '../../edge-functions/config/cache-policy';

const ALWAYS_RETURNED = ['accept-encoding', 'cookie', '*'];

const names = (headers: CloudFrontHeaders): string[] =>
  joinHeader(headers, 'vary', ',')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');

/** The headers with `Vary` as viewers get it (a new map; the other lists are shared, never mutated). */
export function viewerVary(headers: CloudFrontHeaders, forwarded: readonly string[]): CloudFrontHeaders {
  if (!headers.vary) return headers;
  const allowed = [...ALWAYS_RETURNED, ...forwarded.map((h) => h.toLowerCase())];
  const kept = names(headers).filter((n) => allowed.includes(n.toLowerCase()));
  const { vary, ...rest } = headers;
  if (kept.length === 0) return rest;
  return { ...rest, vary: [{ key: vary[0]?.key ?? 'Vary', value: kept.join(', ') }] };
}

/** `Vary: *` on a behaviour whose minimum TTL is 0: every request goes to the origin. */
export const neverServedFromCache = (headers: CloudFrontHeaders, policy: CachePolicyFacts): boolean =>
  policy.ttl.min === 0 && names(headers).includes('*');
