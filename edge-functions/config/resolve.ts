import type { ExperimentPaths } from '../shared/caching';
import { titleCase } from '../shared/syntax';
import { mergeCsp, parseCsp, serializeCsp } from './csp';
import { DEFAULT_SECURITY_HEADERS } from './security-headers';
import type { ExperimentConfig, SiteConfig } from './schema';
import type { LocaleMatch } from '../viewer-request/locale';

/** A security header ready to append: CloudFront's `{ key, value }` plus its lower-case map name. */
export interface ResolvedHeader {
  readonly name: string;
  readonly key: string;
  readonly value: string;
}

/** The configuration with defaults applied and lookups precomputed once per cold start. */
export interface ResolvedConfig extends SiteConfig {
  readonly securityHeaderList: readonly ResolvedHeader[];
  /** Enabled and disabled experiments by cookie name (a retired value is re-bucketed, not trusted). */
  readonly experimentCookieNames: readonly string[];
  /** Extensions that name a file (`/robots.txt`); any other last segment is a directory. */
  readonly fileExtensions: readonly string[];
}

/** A security header as the bundles carry it: the map name is `key.toLowerCase()`, derived once at run time. */
export type BakedHeader = Pick<ResolvedHeader, 'key' | 'value'>;

/** What the build learns beside the configuration, for viewer-request: its keys and the covered pages. */
export interface ViewerSiteFacts {
  /** Keys that sign proofs of enrollment (`build/signing-keys.ts`): the first signs, all verify. */
  readonly signingKeys: readonly string[];
  /**
   * Page object that exists in the site (`/en/index.html`) → the enabled experiment covering it: only these
   * pages assign, enroll and set cookies, so a missing page (a 404) never does.
   */
  readonly experimentPages: Readonly<Record<string, string>>;
  /** `Accept-Language` negotiation for the configured locales (`build/locale-table.ts`). */
  readonly localeMatch: LocaleMatch;
  /**
   * Plain-file pages (`site-checks/inventory.ts` `plainPages`, baked by `shared/plain-pages.ts`):
   * `/en/pricing` is redirected to `/en/pricing.html`, never to a `/en/pricing/` that does not exist.
   */
  readonly plainPages: string;
}

/** What viewer-request reads: baked into its bundle without the tables it never uses (smaller cold start). */
export type ViewerConfig = Pick<
  ResolvedConfig,
  'locales' | 'experiments' | 'experimentCookieNames' | 'fileExtensions'
> &
  ViewerSiteFacts & {
    readonly securityHeaderList: readonly BakedHeader[];
    /** `logs.debug`: also log routine decisions. */
    readonly debug: boolean;
    /** Max-Age of a goal's dedupe cookie: the longest experiment cookie life (a visitor counts once per goal). */
    readonly goalCookieMaxAge: number;
  };
/** What origin-response reads. */
export type OriginConfig = Pick<ResolvedConfig, 'locales' | 'cache'> & {
  readonly securityHeaderList: readonly BakedHeader[];
  /** Where enabled experiments serve variants: their answers list what chose them in `Vary`. */
  readonly experimentPaths: readonly ExperimentPaths[];
};

const baked = (list: readonly ResolvedHeader[]): BakedHeader[] =>
  list.map(({ key, value }) => ({ key, value }));

export function viewerConfig(c: ResolvedConfig, site: ViewerSiteFacts): ViewerConfig {
  const { locales, experiments, securityHeaderList, experimentCookieNames, fileExtensions } = c;
  return {
    signingKeys: site.signingKeys,
    experimentPages: site.experimentPages,
    localeMatch: site.localeMatch,
    plainPages: site.plainPages,
    locales,
    experiments,
    securityHeaderList: baked(securityHeaderList),
    experimentCookieNames,
    fileExtensions,
    debug: c.logs.debug,
    goalCookieMaxAge: Math.max(0, ...experiments.list.map((e) => e.cookieMaxAgeSeconds)),
  };
}

/** Enabled experiments' paths and non-control variants (a disabled one serves its control to everyone). */
export const experimentPathsOf = (list: readonly ExperimentConfig[]): ExperimentPaths[] =>
  list
    .filter((e) => e.enabled)
    .map((e) => ({ paths: e.paths, variants: e.variants.map((v) => v.name).filter((n) => n !== e.control) }));

export function originConfig(c: ResolvedConfig): OriginConfig {
  const { locales, securityHeaderList, cache } = c;
  return {
    locales,
    securityHeaderList: baked(securityHeaderList),
    cache,
    experimentPaths: experimentPathsOf(c.experiments.list),
  };
}

export { titleCase };

/** The cookie names the cache policy must allow-list: one per experiment, sorted like CloudFront forwards them. */
export function experimentCookies(experiments: readonly ExperimentConfig[]): string[] {
  return [...new Set(experiments.map((e) => e.cookieName))].sort();
}

const CSP = 'content-security-policy';

/**
 * The security-header table the functions apply: defaults, then `securityHeaders` overrides, then the CSP
 * (default or overridden) with `csp.sources` merged in by directive.
 */
export function securityHeaderTable(config: SiteConfig): Record<string, string | false> {
  const table = { ...DEFAULT_SECURITY_HEADERS, ...config.securityHeaders };
  const csp = table[CSP];
  if (typeof csp === 'string') table[CSP] = serializeCsp(mergeCsp(parseCsp(csp), config.csp.sources));
  return table;
}

export function resolveConfig(config: SiteConfig): ResolvedConfig {
  const table = securityHeaderTable(config);
  const securityHeaderList: ResolvedHeader[] = [];
  for (const [name, value] of Object.entries(table)) {
    if (value === false) continue;
    securityHeaderList.push({ name: name.toLowerCase(), key: titleCase(name.toLowerCase()), value });
  }
  return {
    ...config,
    securityHeaderList,
    experimentCookieNames: experimentCookies(config.experiments.list),
    fileExtensions: Object.keys(config.contentTypes),
  };
}
