/**
 * CloudFront and Lambda@Edge quotas this project designs around, in one place: the functions, the
 * validator, the local CloudFront and the CDK stack all read them from here.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 */
import type { FunctionName } from '../functions';

/**
 * Maximum length of a URL (URI + `?` + query string), "General quotas". CloudFront answers 414 above it,
 * and a function that returns a URI and query string of this length or more gets a 502
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html#function-restrictions-query-strings).
 */
export const MAX_URL_LENGTH = 8192;

/**
 * Maximum length of a request, headers and query string included, body excluded ("General quotas"): no
 * header CloudFront delivers to a function (one `Cookie` line, or all of them) can be longer.
 */
export const MAX_REQUEST_BYTES = 20480;

/**
 * Function timeouts, "Quotas on Lambda@Edge": 5 s for viewer triggers, 30 s for origin triggers (the older
 * viewer limit is kept: AWS's tables disagree, and the smaller one is safe under both).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 */
export const TIMEOUT_SECONDS: Readonly<Record<FunctionName, number>> = {
  'viewer-request': 5,
  'origin-response': 30,
};

/**
 * Cache behaviours per distribution ("Quotas on distributions", adjustable through Service Quotas). With
 * `viewer.runtime: 'cloudfront-functions'` each locale folder takes one (`config/cache-policy.ts`).
 */
export const MAX_CACHE_BEHAVIORS = 25;
