/**
 * The configuration schema: one typed description of the site, locales, experiments, security headers and
 * cache policy. The user writes `edge.config.ts` at the repository root with `defineConfig()` (`define.ts`,
 * where the defaults live); the edge bundles, the CDK stack and the local CloudFront all read the same
 * completed object, validated by `validate.ts` when `npm run build` runs.
 *
 * Lambda@Edge has no environment variables, so the configuration is baked into the bundles at build time.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html
 */
import type { ViewerRuntime } from '../cloudfront-functions/contract';
import type { FolderCase } from '../shared/locales';

export interface LocaleConfig {
  /**
   * Supported locales as BCP 47 tags, `language[-Script][-REGION]` (`en`, `pt-BR`, `zh-Hant`), written in any
   * case and canonicalised (`pt-br` → `pt-BR`, as `Intl.getCanonicalLocales` writes them). Matched as docs/your-site.md#how-the-locale-is-chosen says.
   */
  readonly supported: readonly string[];
  /** Served when nothing else matches; must be in `supported` (any case). */
  readonly default: string;
  /**
   * How the site's locale folders (and URL prefixes) are named: `canonical` like the tag (`pt-BR/`), or
   * `lower` (`pt-br/`). A request in another case (`/PT-br/…`) is redirected to the folder.
   * @default 'canonical'
   */
  readonly folderCase: FolderCase;
  /**
   * Cookie that stores an explicit choice (set by the site's language switcher).
   * @default 'locale'
   */
  readonly cookieName: string;
  /**
   * `redirect`: a neutral URL answers 302 to `/<locale><path>` (generated in viewer-request, never cached).
   * `rewrite`: the localized object is served at the neutral URL (the cache key holds the locale in the URI).
   * @default 'redirect'
   */
  readonly mode: 'redirect' | 'rewrite';
  /**
   * Paths that are never localized: exact paths, or prefixes ending in `*` (`/assets/*`).
   * @default ['/robots.txt', '/favicon.ico', '/sitemap.xml', '/assets/*']
   */
  readonly neutralPaths: readonly string[];
  /** Object served (status 404) for a missing key, relative to the locale folder. @default '404.html' */
  readonly notFoundObject: string;
  /**
   * Site-specific choices for `Accept-Language`: a requested `language[-script][-region]` (and every tag
   * under it) → the supported locale to serve it, as if the visitor had asked for that one
   * (`{ ca: 'es', 'zh-Hans': 'zh-Hant' }`). A tag that names a supported locale is never redirected.
   * @default {}
   */
  readonly fallbacks: Readonly<Record<string, string>>;
}

export interface VariantConfig {
  /** `[a-z0-9-]{1,32}`; also the cookie value. */
  readonly name: string;
  /** Positive integer weight; the split is weight ÷ sum of weights. */
  readonly weight: number;
}

export interface ExperimentConfig {
  /** `[a-z0-9-]{1,32}`, unique. */
  readonly id: string;
  /** Kill switch: a disabled experiment serves its control variant to everyone and writes no cookie. */
  readonly enabled: boolean;
  /**
   * Neutral (locale-less) page paths the experiment covers: exact directory paths (`/`, `/pricing/`) or
   * prefixes ending in `*`.
   */
  readonly paths: readonly string[];
  /**
   * Variants. The one named by `control` serves the original object; any other variant `v` of object
   * `/dir/name.ext` is served from `/dir/name.v.ext` (so `/en/index.html` → `/en/index.bold.html`).
   */
  readonly variants: readonly VariantConfig[];
  /** Name of the control variant; must be one of `variants`. @default 'control' */
  readonly control: string;
  /** Cookie holding the assignment (RFC 6265 token). */
  readonly cookieName: string;
  /** Cookie lifetime in seconds; Max-Age is used, never Expires, because the response is cached. */
  readonly cookieMaxAgeSeconds: number;
  /**
   * Query parameter that forces a variant for QA (`?xp-home-hero=bold`). The override is also written to
   * the cookie so the QA session stays on it.
   */
  readonly overrideParam: string;
}

/** A conversion goal, fired by the site through `/__edge/goal/<id>`. */
export interface GoalConfig {
  /** RFC 6265 token, unique. */
  readonly id: string;
}

export interface ExperimentsConfig {
  readonly list: readonly ExperimentConfig[];
  /** Conversion goals. @default [] */
  readonly goals: readonly GoalConfig[];
  /**
   * Which variant a client that cannot keep a cookie gets (no `Sec-Fetch-Mode`: crawlers, curl, monitors,
   * Safari before 16.4 without an experiment cookie): `hash`, a stable per-page variant from the weights, or
   * `control`, the original page for every such client (what search engines see).
   * @default 'hash'
   */
  readonly crawlers: 'hash' | 'control';
  /**
   * Optional consent gate: when set and the named cookie is absent, no experiment cookie is written and the
   * deterministic assignment is used.
   */
  readonly consentCookieName?: string;
}

/** A security header row: the value, or `false` to disable the header. */
export type SecurityHeaderTable = Readonly<Record<string, string | false>>;

export interface CacheTtlConfig {
  /** Seconds. CloudFront clamps the origin's max-age/s-maxage into [min, max]; default when none sent. */
  readonly min: number;
  readonly default: number;
  readonly max: number;
}

export interface CacheConfig {
  /** TTLs for the default (page) behaviour. */
  readonly pages: CacheTtlConfig;
  /** TTLs for the `/assets/*` behaviour (fingerprinted files). */
  readonly assets: CacheTtlConfig;
  /** Query strings in the cache key (and forwarded). @default [] */
  readonly queryStrings: readonly string[];
  /** `Cache-Control` origin-response adds to HTML when the origin sent none. */
  readonly htmlCacheControl: string;
  /** `Cache-Control` for fingerprinted assets (`name.<8+ hex>.ext`) when the origin sent none. */
  readonly immutableCacheControl: string;
  /** `Cache-Control` for other files when the origin sent none. */
  readonly defaultCacheControl: string;
  /** `Cache-Control` on the generated not-found page. */
  readonly notFoundCacheControl: string;
}

/**
 * Content-Security-Policy sources added per directive to the strict default (`security-headers.ts`).
 * `{ 'img-src': ['https://images.example.com'] }` → `img-src 'self' data: https://images.example.com`.
 */
export type CspSources = Readonly<Record<string, readonly string[]>>;

export interface CspConfig {
  /** Extra sources per directive, merged into the default policy. @default {} */
  readonly sources: CspSources;
  /**
   * Unsafe keywords explicitly allowed (`'unsafe-inline'`, `'unsafe-eval'`, `'unsafe-hashes'`); any other
   * use of them fails the build. @default []
   */
  readonly allowUnsafe: readonly string[];
}

/** Lambda@Edge logging: what viewer-request writes and how long CloudWatch keeps it in every region. */
export interface LogsConfig {
  /**
   * Days CloudWatch Logs keeps the functions' log groups, in every region they run in; one of the values
   * CloudWatch accepts (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html).
   * @default 30
   */
  readonly retentionDays: number;
  /** Also log routine forwards and redirects (one line per request): for debugging, not for production. @default false */
  readonly debug: boolean;
}

/**
 * What answers viewer requests. An object, so later viewer settings sit beside `runtime`.
 * docs/runtimes.md compares the two runtimes (cost, latency, limits).
 */
export interface ViewerRuntimeConfig {
  /**
   * `lambda-edge`: the viewer-request Lambda@Edge function (Node.js, in the regional edge caches).
   * `cloudfront-functions`: CloudFront Functions (`cloudfront-js-2.0`, in every edge location) with a
   * KeyValueStore for live experiment control; origin-response stays on Lambda@Edge either way.
   * @default 'lambda-edge'
   */
  readonly runtime: ViewerRuntime;
}

export interface SiteConfig {
  /** Folder with the static site (one sub-folder per locale), relative to `edge.config.ts`. @default 'site' */
  readonly site: string;
  /**
   * The site's public origin (`https://www.example.com`): hreflang alternates and canonical links must be
   * absolute URLs on it (https://developers.google.com/search/docs/specialty/international/localized-versions).
   */
  readonly siteUrl: string;
  /** CloudFormation stack name. @default 'EdgePersonalisation' */
  readonly stackName: string;
  readonly locales: LocaleConfig;
  readonly experiments: ExperimentsConfig;
  /** Lower-case header name → value or `false`; the full table lives in `security-headers.ts`. */
  readonly securityHeaders: SecurityHeaderTable;
  /** Content-Security-Policy additions per directive. */
  readonly csp: CspConfig;
  readonly logs: LogsConfig;
  readonly viewer: ViewerRuntimeConfig;
  readonly cache: CacheConfig;
  /** File extension (without dot, lower-case) → Content-Type; shared by BucketDeployment and the emulator. */
  readonly contentTypes: Readonly<Record<string, string>>;
}
