/**
 * How long CloudFront keeps a response. Successes and redirects: the origin's `s-maxage`/`max-age`
 * clamped into the policy's [min, max], `default` when it sent neither
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html).
 * Errors: per status, for at least the error caching minimum TTL
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HTTPStatusCodes.html and
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/custom-error-pages-expiration.html).
 */
import type { CachePolicyFacts } from '../../edge-functions/config/cache-policy';

/** CloudFront's default error caching minimum TTL, in seconds (the stack configures no error responses). */
export const ERROR_CACHING_MIN_TTL = 10;

/** 4xx/5xx CloudFront caches whatever the headers say. */
const ALWAYS_CACHED_ERRORS: readonly number[] = [404, 405, 414, 500, 501, 502, 503, 504];
/** 4xx CloudFront caches only when the origin sent `max-age` or `s-maxage`. */
const ERRORS_CACHED_WITH_MAX_AGE: readonly number[] = [400, 403, 412, 415];
/** Errors for which `no-store`, `no-cache` or `private` prevent caching; for the others they are ignored. */
const ERRORS_HONOURING_NO_STORE: readonly number[] = [404, 410, 414, 501];

/** `name=<seconds>` in a lower-cased Cache-Control value. */
function directive(cc: string, name: string): number | undefined {
  const m = new RegExp(`(?:^|[\\s,])${name}\\s*=\\s*"?(\\d+)`).exec(cc);
  return m ? Number(m[1]) : undefined;
}

/**
 * `no-store`, `private` or an unqualified `no-cache`: `no-cache="Set-Cookie"` names fields to leave out of
 * the cached copy, it does not forbid caching (RFC 9111 §5.2.2.4).
 */
function forbidsStorage(cc: string): boolean {
  return /(^|[\s,])(no-store|private|no-cache(?!\s*=))([\s,=]|$)/.test(cc);
}

const sentMaxAge = (cc: string) => directive(cc, 's-maxage') ?? directive(cc, 'max-age');

function errorTtl(status: number, cc: string, policy: CachePolicyFacts, errorMinTtl: number): number {
  const sent = sentMaxAge(cc);
  const fromHeader = sent === undefined ? 0 : Math.min(sent, policy.ttl.max);
  if (ERRORS_CACHED_WITH_MAX_AGE.includes(status))
    return sent === undefined ? 0 : Math.max(fromHeader, errorMinTtl);
  if (!ALWAYS_CACHED_ERRORS.includes(status)) return 0;
  if (ERRORS_HONOURING_NO_STORE.includes(status) && forbidsStorage(cc)) return 0;
  return Math.max(fromHeader, errorMinTtl);
}

/** Seconds to keep a response, or 0 to not store it. */
export function ttlSeconds(
  status: number,
  cacheControl: string | undefined,
  policy: CachePolicyFacts,
  errorMinTtl = ERROR_CACHING_MIN_TTL,
): number {
  const cc = (cacheControl ?? '').toLowerCase();
  if (status >= 400) return errorTtl(status, cc, policy, errorMinTtl);
  // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-3xx-status-codes.html
  if ((status === 307 || status === 308) && cacheControl === undefined) return 0;
  const { min, max } = policy.ttl;
  // no-store/no-cache/private: with a minimum TTL of 0 CloudFront respects them; above 0 it keeps the object
  // for the minimum TTL, yet "tries to contact the origin" for every later request and serves the stored copy
  // only when the origin is unreachable (Expiration.html, the warning under the table). The local origin always
  // answers, so neither is ever a hit: such a response is never "private to viewers, cached by CloudFront".
  if (forbidsStorage(cc)) return 0;
  const ttl = sentMaxAge(cc) ?? policy.ttl.default;
  return Math.min(max, Math.max(min, ttl));
}
