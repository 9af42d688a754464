/**
 * `defineConfig()` for `edge.config.ts` (like `vite.config.ts`): the user writes only what differs from the
 * defaults, typed; `completeConfig()` fills in the rest. Every default lives here, once, and
 * `docs/your-site.md` lists them (a test keeps the two in sync).
 */
import type {
  CacheConfig,
  CspConfig,
  ExperimentConfig,
  ExperimentsConfig,
  LocaleConfig,
  LogsConfig,
  SiteConfig,
  ViewerRuntimeConfig,
} from './schema';
import { canonicalForm } from './validate-locales';

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** An experiment as written: `id`, `paths` and `variants` are required; the rest default from the id. */
export type ExperimentInput = Optional<
  ExperimentConfig,
  'enabled' | 'control' | 'cookieName' | 'cookieMaxAgeSeconds' | 'overrideParam'
>;

/** What `edge.config.ts` exports: `siteUrl` and the locales are required, everything else has a default. */
export interface EdgeConfig {
  readonly site?: string;
  readonly siteUrl: string;
  readonly stackName?: string;
  readonly locales: Optional<
    LocaleConfig,
    'cookieName' | 'mode' | 'folderCase' | 'neutralPaths' | 'notFoundObject' | 'fallbacks'
  >;
  readonly experiments?: Partial<Omit<ExperimentsConfig, 'list'>> & {
    readonly list?: readonly ExperimentInput[];
  };
  readonly securityHeaders?: SiteConfig['securityHeaders'];
  readonly csp?: Partial<CspConfig>;
  readonly logs?: Partial<LogsConfig>;
  readonly viewer?: Partial<ViewerRuntimeConfig>;
  readonly cache?: Partial<CacheConfig>;
  /** Merged over the default table: add an extension, or change a type. */
  readonly contentTypes?: SiteConfig['contentTypes'];
}

/** Typed identity: gives `edge.config.ts` completion and type errors, like Vite's `defineConfig`. */
export function defineConfig(config: EdgeConfig): EdgeConfig {
  return config;
}

export const DEFAULTS = {
  site: 'site',
  stackName: 'EdgePersonalisation',
  locales: {
    cookieName: 'locale',
    mode: 'redirect',
    folderCase: 'canonical',
    neutralPaths: ['/robots.txt', '/favicon.ico', '/sitemap.xml', '/assets/*'],
    notFoundObject: '404.html',
    fallbacks: {},
  },
  experiments: { goals: [], crawlers: 'hash' },
  experiment: { enabled: true, control: 'control', cookieMaxAgeSeconds: 30 * 24 * 3600 },
  csp: { sources: {}, allowUnsafe: [] },
  logs: { retentionDays: 30, debug: false },
  viewer: { runtime: 'lambda-edge' },
  cache: {
    pages: { min: 0, default: 300, max: 86400 },
    assets: { min: 0, default: 86400, max: 31536000 },
    queryStrings: [],
    htmlCacheControl: 'public, max-age=0, s-maxage=300, must-revalidate',
    immutableCacheControl: 'public, max-age=31536000, immutable',
    defaultCacheControl: 'public, max-age=3600',
    notFoundCacheControl: 'public, max-age=0, s-maxage=60',
  },
  /** Extension → Content-Type, shared by the bucket upload and the local CloudFront. */
  contentTypes: {
    html: 'text/html; charset=utf-8',
    css: 'text/css; charset=utf-8',
    js: 'text/javascript; charset=utf-8',
    mjs: 'text/javascript; charset=utf-8',
    json: 'application/json',
    map: 'application/json',
    txt: 'text/plain; charset=utf-8',
    xml: 'application/xml',
    svg: 'image/svg+xml',
    png: 'image/png',
    jpg: 'image/jpeg',
    jpeg: 'image/jpeg',
    gif: 'image/gif',
    webp: 'image/webp',
    avif: 'image/avif',
    ico: 'image/x-icon',
    woff: 'font/woff',
    woff2: 'font/woff2',
    webmanifest: 'application/manifest+json',
    pdf: 'application/pdf',
  },
} as const satisfies Omit<SiteConfig, 'siteUrl' | 'locales' | 'experiments' | 'securityHeaders'> & {
  locales: Omit<LocaleConfig, 'supported' | 'default'>;
  experiments: Omit<ExperimentsConfig, 'list'>;
  experiment: Partial<ExperimentConfig>;
};

/** `xp-<id>`: the default cookie and override parameter of an experiment. */
const xp = (id: string): string => `xp-${id}`;

export function completeExperiment(e: ExperimentInput): ExperimentConfig {
  return {
    ...DEFAULTS.experiment,
    cookieName: xp(e.id),
    overrideParam: xp(e.id),
    ...e,
  };
}

/**
 * A tag in canonical case (`pt-br` → `pt-BR`, `ZH-hant` → `zh-Hant`) when that is all that differs; anything
 * else (`pt_BR`, `iw`, which BCP 47 writes `he`) is left as written for `validateConfig` to name.
 */
export function canonicalTag(tag: unknown): unknown {
  if (typeof tag !== 'string') return tag;
  const canonical = canonicalForm(tag);
  return canonical !== undefined && canonical.toLowerCase() === tag.toLowerCase() ? canonical : tag;
}

function canonicalLocales(locales: LocaleConfig): LocaleConfig {
  const supported = Array.isArray(locales.supported)
    ? locales.supported.map(canonicalTag)
    : locales.supported;
  // A fallback's target names a supported locale, in any case too.
  const fallbacks =
    typeof locales.fallbacks === 'object' && locales.fallbacks !== null && !Array.isArray(locales.fallbacks)
      ? Object.fromEntries(Object.entries(locales.fallbacks).map(([k, v]) => [k, canonicalTag(v)]))
      : locales.fallbacks;
  return {
    ...locales,
    supported: supported as string[],
    default: canonicalTag(locales.default) as string,
    fallbacks: fallbacks as LocaleConfig['fallbacks'],
  };
}

/** A section over its defaults; anything but an object passes through for `validateConfig` to name. */
function section<T extends object>(defaults: T, given: unknown): T {
  if (given === undefined) return { ...defaults };
  return typeof given === 'object' && given !== null && !Array.isArray(given)
    ? { ...defaults, ...given }
    : (given as T);
}

/**
 * The complete configuration every runtime reads. Unknown values, and unknown fields at any level, pass
 * through to `validateConfig`, which names them (`fields.ts`).
 */
export function completeConfig(input: EdgeConfig): SiteConfig {
  const experiments = input.experiments ?? {};
  return {
    ...input,
    site: input.site ?? DEFAULTS.site,
    siteUrl: input.siteUrl,
    stackName: input.stackName ?? DEFAULTS.stackName,
    locales: canonicalLocales({ ...DEFAULTS.locales, ...input.locales }),
    experiments: {
      ...DEFAULTS.experiments,
      ...experiments,
      list: (experiments.list ?? []).map(completeExperiment),
    },
    securityHeaders: input.securityHeaders ?? {},
    csp: { ...DEFAULTS.csp, ...input.csp },
    logs: { ...DEFAULTS.logs, ...input.logs },
    viewer: section(DEFAULTS.viewer, input.viewer),
    cache: { ...DEFAULTS.cache, ...input.cache },
    contentTypes: { ...DEFAULTS.contentTypes, ...input.contentTypes },
  };
}
