/**
 * The cache behaviours and cache-policy facts that the CDK stack deploys and the local CloudFront emulates,
 * derived from the configuration so neither defines them a second time.
 * Cache key: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-the-cache-key.html
 */
import type { CloudFrontFunctionName } from '../cloudfront-functions/contract';
import { varyHeaders } from '../shared/caching';
import { folderOf } from '../shared/locales';
import { EDGE_ENDPOINT_PREFIX } from '../shared/endpoints';
import { experimentCookies, experimentPathsOf } from './resolve';

export { EDGE_ENDPOINT_PREFIX, GOAL_ENDPOINT_PREFIX } from '../shared/endpoints';
import type { CacheTtlConfig, SiteConfig } from './schema';

export interface CachePolicyFacts {
  /** Cookies in the cache key (and forwarded to the origin). Never "all". */
  readonly cookies: readonly string[];
  /** Headers in the cache key. Never `Accept-Language` (one entry per visitor) nor `Host` (breaks OAC). */
  readonly headers: readonly string[];
  /** Query strings in the cache key; empty = none. */
  readonly queryStrings: readonly string[];
  readonly ttl: CacheTtlConfig;
  /** Normalise `Accept-Encoding` into the key and compress. */
  readonly gzip: boolean;
  readonly brotli: boolean;
}

export interface BehaviorFacts {
  /** CloudFront path pattern; `*` is the default behaviour. Listed most specific first, as CloudFront matches. */
  readonly pathPattern: string;
  /**
   * Methods the behaviour accepts: `GET_HEAD` (CloudFront's default; others get a 403 from CloudFront) or
   * `ALL` (GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE).
   * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesAllowedHTTPMethods
   */
  readonly allowedMethods: 'GET_HEAD' | 'ALL';
  /** CloudFront's managed CachingDisabled policy: nothing is cached, nothing is in the key. */
  readonly cachingDisabled: boolean;
  readonly viewerRequest: boolean;
  /**
   * With `viewer.runtime: 'cloudfront-functions'`, the CloudFront Function on viewer-request here (each
   * stays under the size limit by doing one job); set exactly where `viewerRequest` is.
   */
  readonly viewerFunction?: CloudFrontFunctionName;
  readonly originResponse: boolean;
  readonly cachePolicy: CachePolicyFacts;
  /**
   * Headers an origin request policy forwards to the origin without keying on them: those origin-response
   * lists in `Vary`, which CloudFront returns to viewers only when it forwards them
   * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html#ResponseCustomRemovedHeaders;
   * the S3 origin page names no `Vary` rule, so both readings hold). Empty: no origin request policy.
   */
  readonly originRequestHeaders: readonly string[];
}

const NOTHING_CACHED: CachePolicyFacts = {
  cookies: [],
  headers: [],
  queryStrings: [],
  ttl: { min: 0, default: 0, max: 0 },
  gzip: false,
  brotli: false,
};

/**
 * The behaviours, most specific first. With `viewer.runtime: 'cloudfront-functions'` each locale folder is a
 * behaviour of its own running `locale-pages` (the path names the locale: no negotiation in its code), and
 * the default behaviour runs `viewer-request` (paths outside the folders); each function stays under the
 * size limit by carrying only the steps its paths need (`viewer-request/decide.ts`, `PageSteps`).
 */
export function cacheBehaviors(config: SiteConfig): BehaviorFacts[] {
  const pages = pageBehavior(config);
  const folders =
    config.viewer.runtime === 'cloudfront-functions'
      ? config.locales.supported.map((tag): BehaviorFacts => ({
          ...pages,
          pathPattern: `/${folderOf(tag, config.locales.folderCase)}/*`,
          viewerFunction: 'locale-pages',
        }))
      : [];
  return [
    {
      pathPattern: `${EDGE_ENDPOINT_PREFIX}*`,
      allowedMethods: 'ALL',
      cachingDisabled: true,
      viewerRequest: true,
      viewerFunction: 'edge-endpoints',
      originResponse: false,
      cachePolicy: NOTHING_CACHED,
      originRequestHeaders: [],
    },
    {
      allowedMethods: 'GET_HEAD',
      cachingDisabled: false,
      // Fingerprinted assets: no locale, no experiments, so no viewer-request and an empty key.
      pathPattern: '/assets/*',
      viewerRequest: false,
      originResponse: true,
      cachePolicy: {
        cookies: [],
        headers: [],
        queryStrings: [],
        ttl: config.cache.assets,
        gzip: true,
        brotli: true,
      },
      originRequestHeaders: [],
    },
    ...folders,
    pages,
  ];
}

/** The default behaviour (`*`): pages, localized and experimented on. */
function pageBehavior(config: SiteConfig): BehaviorFacts {
  return {
    pathPattern: '*',
    allowedMethods: 'GET_HEAD',
    cachingDisabled: false,
    viewerRequest: true,
    viewerFunction: 'viewer-request',
    originResponse: true,
    cachePolicy: {
      cookies: experimentCookies(config.experiments.list),
      headers: [],
      queryStrings: [...config.cache.queryStrings],
      ttl: config.cache.pages,
      gzip: true,
      brotli: true,
    },
    originRequestHeaders: varyHeaders({
      locales: config.locales,
      experimentPaths: experimentPathsOf(config.experiments.list),
    }),
  };
}

/** CloudFront path-pattern matching: `*` any run of characters, `?` one character, case-sensitive. */
export function matchesPathPattern(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(path);
}

/** The behaviour CloudFront picks for a viewer's path (matched on the original path, before viewer-request). */
export function behaviorFor(behaviors: readonly BehaviorFacts[], path: string): BehaviorFacts {
  return behaviors.find((b) => matchesPathPattern(b.pathPattern, path)) ?? behaviors[behaviors.length - 1]!;
}

/**
 * Which CloudFront Function decides a viewer's path once `config` runs on `cloudfront-functions`, as the
 * distribution matches it; a path on a behaviour without one (assets, never seen by a function) goes to the
 * default behaviour's, for tests and benchmarks that decide every path.
 */
export function functionRouter(config: SiteConfig): (path: string) => CloudFrontFunctionName {
  const behaviors = cacheBehaviors({
    ...config,
    viewer: { ...config.viewer, runtime: 'cloudfront-functions' },
  });
  return (path) => behaviorFor(behaviors, path).viewerFunction ?? 'viewer-request';
}
