/**
 * The distribution's cache behaviours, built one for one from `cacheBehaviors(config)` (the facts the local
 * CloudFront emulates too): the `*` fact is the default behaviour, every other fact an additional behaviour
 * in the facts' order (CloudFront matches additional behaviours in the order listed).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import type { BehaviorFacts, CachePolicyFacts } from '../edge-functions/config/cache-policy';

export interface BehaviorsProps {
  readonly facts: readonly BehaviorFacts[];
  readonly origin: cloudfront.IOrigin;
  readonly viewerRequest: cloudfront.experimental.EdgeFunction;
  readonly originResponse: cloudfront.experimental.EdgeFunction;
}

/** `*` → `Pages`, `/assets/*` → `Assets`: construct ids that stay stable as behaviours are added. */
export const behaviorId = (pathPattern: string): string =>
  pathPattern === '*'
    ? 'Pages'
    : pathPattern
        .split(/[^A-Za-z0-9]+/)
        .filter(Boolean)
        .map((w) => w[0]!.toUpperCase() + w.slice(1))
        .join('');

export interface DistributionBehaviors {
  readonly defaultBehavior: cloudfront.BehaviorOptions;
  readonly additionalBehaviors: Record<string, cloudfront.BehaviorOptions>;
}

/** Cache policies are created in `scope` as `<Id>CachePolicy` (`PagesCachePolicy`, `AssetsCachePolicy`). */
export function distributionBehaviors(scope: Construct, props: BehaviorsProps): DistributionBehaviors {
  const defaults = props.facts.filter((f) => f.pathPattern === '*');
  if (defaults.length !== 1)
    throw new Error(`cacheBehaviors must list exactly one '*' behaviour, got: ${defaults.length}`);
  const additionalBehaviors: Record<string, cloudfront.BehaviorOptions> = {};
  for (const facts of props.facts)
    if (facts.pathPattern !== '*')
      // CloudFront accepts the pattern with or without its leading slash; the template keeps it without.
      additionalBehaviors[facts.pathPattern.replace(/^\//, '')] = behavior(scope, props, facts);
  return { defaultBehavior: behavior(scope, props, defaults[0]!), additionalBehaviors };
}

function behavior(scope: Construct, props: BehaviorsProps, facts: BehaviorFacts): cloudfront.BehaviorOptions {
  const association = (
    fn: cloudfront.experimental.EdgeFunction,
    eventType: cloudfront.LambdaEdgeEventType,
  ) => ({
    functionVersion: fn.currentVersion,
    eventType,
  });
  return {
    origin: props.origin,
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
    // ALL lets the beacon's POST reach viewer-request, which answers it itself: nothing is forwarded, and
    // the bucket policy grants CloudFront s3:GetObject only.
    allowedMethods:
      facts.allowedMethods === 'ALL'
        ? cloudfront.AllowedMethods.ALLOW_ALL
        : cloudfront.AllowedMethods.ALLOW_GET_HEAD,
    cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
    compress: true,
    // Only what the cache policy keys on reaches the origin, plus the headers origin-response names in
    // `Vary` (forwarded, never keyed: CloudFront's hit ratio is unchanged).
    originRequestPolicy: originRequestPolicy(scope, facts),
    cachePolicy: facts.cachingDisabled
      ? cloudfront.CachePolicy.CACHING_DISABLED
      : cachePolicy(
          scope,
          `${behaviorId(facts.pathPattern)}CachePolicy`,
          facts.pathPattern,
          facts.cachePolicy,
        ),
    edgeLambdas: [
      ...(facts.viewerRequest
        ? [association(props.viewerRequest, cloudfront.LambdaEdgeEventType.VIEWER_REQUEST)]
        : []),
      ...(facts.originResponse
        ? [association(props.originResponse, cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE)]
        : []),
    ],
  };
}

/** `<Id>OriginRequestPolicy` forwarding `originRequestHeaders`, or none when there are none. */
function originRequestPolicy(
  scope: Construct,
  facts: BehaviorFacts,
): cloudfront.IOriginRequestPolicy | undefined {
  if (facts.originRequestHeaders.length === 0) return undefined;
  const id = behaviorId(facts.pathPattern);
  return new cloudfront.OriginRequestPolicy(scope, `${id}OriginRequestPolicy`, {
    comment: `Headers listed in Vary, derived from edge-functions/config (${facts.pathPattern})`,
    headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList(...facts.originRequestHeaders),
    cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
    queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.none(),
  });
}

function cachePolicy(
  scope: Construct,
  id: string,
  pathPattern: string,
  p: CachePolicyFacts,
): cloudfront.CachePolicy {
  return new cloudfront.CachePolicy(scope, id, {
    comment: `Derived from edge-functions/config (${pathPattern})`,
    cookieBehavior:
      p.cookies.length > 0
        ? cloudfront.CacheCookieBehavior.allowList(...p.cookies)
        : cloudfront.CacheCookieBehavior.none(),
    // Never Accept-Language (one entry per visitor) nor Host (breaks OAC signing).
    headerBehavior:
      p.headers.length > 0
        ? cloudfront.CacheHeaderBehavior.allowList(...p.headers)
        : cloudfront.CacheHeaderBehavior.none(),
    queryStringBehavior:
      p.queryStrings.length > 0
        ? cloudfront.CacheQueryStringBehavior.allowList(...p.queryStrings)
        : cloudfront.CacheQueryStringBehavior.none(),
    enableAcceptEncodingGzip: p.gzip,
    enableAcceptEncodingBrotli: p.brotli,
    minTtl: Duration.seconds(p.ttl.min),
    defaultTtl: Duration.seconds(p.ttl.default),
    maxTtl: Duration.seconds(p.ttl.max),
  });
}
