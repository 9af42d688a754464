/**
 * The distribution's cache behaviours, built one for one from `cacheBehaviors(config)` (the facts the local
 * CloudFront emulates too): the `*` fact is the default behaviour, every other fact an additional behaviour
 * in the facts' order (CloudFront matches additional behaviours in the order listed).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type { Construct } from 'constructs';
import type { CloudFrontFunctionName } from '../edge-functions/cloudfront-functions/contract';
import type { BehaviorFacts, CachePolicyFacts } from '../edge-functions/config/cache-policy';

export interface BehaviorsProps {
  readonly facts: readonly BehaviorFacts[];
  readonly origin: cloudfront.IOrigin;
  /**
   * What answers viewer requests where a behaviour runs viewer-request: the Lambda@Edge function, or one
   * CloudFront Function per `viewerFunction` fact. Never both on one behaviour: CloudFront refuses Lambda@Edge
   * beside a CloudFront Function on viewer events
   * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html).
   */
  readonly viewer: ViewerAssociation;
  readonly originResponse: cloudfront.experimental.EdgeFunction;
}

/** The viewer side of the behaviours: a Lambda@Edge function, or CloudFront Functions by name. */
export type ViewerAssociation =
  | { readonly lambda: cloudfront.experimental.EdgeFunction }
  | { readonly functions: Readonly<Record<CloudFrontFunctionName, cloudfront.IFunction>> };

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
    ...viewerAssociations(props.viewer, facts),
    edgeLambdas: [
      ...('lambda' in props.viewer && facts.viewerRequest
        ? [edgeLambda(props.viewer.lambda, cloudfront.LambdaEdgeEventType.VIEWER_REQUEST)]
        : []),
      ...(facts.originResponse
        ? [edgeLambda(props.originResponse, cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE)]
        : []),
    ],
  };
}

/** A Lambda@Edge association: by numbered version, as Lambda@Edge requires. */
const edgeLambda = (
  fn: cloudfront.experimental.EdgeFunction,
  eventType: cloudfront.LambdaEdgeEventType,
): cloudfront.EdgeLambda => ({ functionVersion: fn.currentVersion, eventType });

/** The CloudFront Function a behaviour names for viewer-request, when the viewer side is CloudFront Functions. */
function viewerAssociations(
  viewer: ViewerAssociation,
  facts: BehaviorFacts,
): Pick<cloudfront.BehaviorOptions, 'functionAssociations'> {
  if (!('functions' in viewer) || !facts.viewerRequest) return {};
  if (facts.viewerFunction === undefined)
    throw new Error(
      `behaviour ${facts.pathPattern} runs viewer-request but names no CloudFront Function, got: none`,
    );
  return {
    functionAssociations: [
      {
        function: viewer.functions[facts.viewerFunction],
        eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
      },
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
