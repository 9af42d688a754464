/**
 * Build-time validation of the configuration. Every problem is reported with the field's path and the value
 * it got, so `npm run build` fails with a message a person can act on. Not shipped in the bundles.
 */
import { VIEWER_RUNTIMES } from '../cloudfront-functions/contract';
import { MAX_FUNCTION_NAME_LENGTH, MAX_STACK_NAME_LENGTH } from '../functions';
import { MAX_CACHE_BEHAVIORS } from '../cloudfront/limits';
import { DISALLOWED_HEADERS, isDisallowedHeader } from '../cloudfront/rules';
import { cacheBehaviors } from './cache-policy';
import { Checker, HEADER_NAME, isInt, QUERY_NAME, show } from './checker';
import { cspProblems, cspSourcesProblems, parseCsp } from './csp';
import { securityHeaderTable } from './resolve';
import type { CacheTtlConfig, SiteConfig } from './schema';
import { DEFAULT_SECURITY_HEADERS } from './security-headers';
import { experimentProblems } from './validate-experiments';
import { localeProblems } from './validate-locales';
import { unknownFields } from './fields';

export class ConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    /** The configuration file, as the user would type it (`edge.config.ts`). */
    readonly file?: string,
  ) {
    super(`Invalid configuration${file ? ` in ${file}` : ''}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export { TOKEN as COOKIE_NAME } from './checker';
export { MAX_CACHE_KEY_COOKIES } from './validate-experiments';
export const MAX_CACHE_KEY_QUERY_STRINGS = 10;

/** Validate the complete configuration; throws one `ConfigError` listing every problem. */
export function validateConfig(config: SiteConfig, file?: string): void {
  const c = new Checker();
  const fail = c.fail.bind(c);
  const noControl = c.noControl.bind(c);
  c.problems.push(...unknownFields(config));
  c.problems.push(...localeProblems(config.locales), ...experimentProblems(config));

  // Security headers
  for (const [name, value] of Object.entries(config.securityHeaders ?? {})) {
    const f = `securityHeaders['${name}']`;
    if (!HEADER_NAME.test(name)) fail(f, 'must be a lower-case header name', name);
    else if (isDisallowedHeader(name) || ['via', 'transfer-encoding'].includes(name))
      fail(f, `is a header Lambda@Edge may not set (${DISALLOWED_HEADERS.length} are disallowed)`, name);
    else if (!(name in DEFAULT_SECURITY_HEADERS) && value === false)
      fail(f, 'disables a header that is not in the table', name);
    if (value !== false) noControl(f, value);
  }

  // Cache
  const ttl = (f: string, t: CacheTtlConfig) => {
    for (const k of ['min', 'default', 'max'] as const)
      if (!isInt(t[k]) || t[k] < 0 || t[k] > 31536000 * 100)
        fail(`${f}.${k}`, 'must be a non-negative integer of seconds', t[k]);
    if (isInt(t.min) && isInt(t.default) && isInt(t.max) && !(t.min <= t.default && t.default <= t.max))
      fail(f, 'must satisfy min <= default <= max', t);
  };
  ttl('cache.pages', config.cache.pages);
  ttl('cache.assets', config.cache.assets);
  const qs = config.cache.queryStrings;
  if (!Array.isArray(qs) || qs.length > MAX_CACHE_KEY_QUERY_STRINGS)
    fail('cache.queryStrings', `must list at most ${MAX_CACHE_KEY_QUERY_STRINGS} names`, qs);
  else
    qs.forEach((q, i) =>
      typeof q === 'string' && QUERY_NAME.test(q)
        ? undefined
        : fail(`cache.queryStrings[${i}]`, 'must be a query parameter name', q),
    );
  for (const k of [
    'htmlCacheControl',
    'immutableCacheControl',
    'defaultCacheControl',
    'notFoundCacheControl',
  ] as const)
    noControl(`cache.${k}`, config.cache[k]);

  // Content types
  for (const [ext, type] of Object.entries(config.contentTypes)) {
    if (!/^[a-z0-9]+$/.test(ext))
      fail(`contentTypes['${ext}']`, 'must be a lower-case extension without a dot', ext);
    noControl(`contentTypes['${ext}']`, type);
  }
  if (!config.contentTypes.html)
    fail('contentTypes.html', 'must be set (pages are HTML)', config.contentTypes.html);

  c.problems.push(
    ...siteProblems(config),
    ...cspConfigProblems(config),
    ...logsProblems(config),
    ...viewerProblems(config),
  );
  if (c.problems.length > 0) throw new ConfigError(c.problems, file);
}

/**
 * CloudFormation stack names are a letter, then letters, digits and hyphens; the functions are named
 * `<stackName>-<function>`, so Lambda's shorter name limit is the one that binds.
 */
const STACK_NAME = new RegExp(`^[A-Za-z][A-Za-z0-9-]{0,${MAX_STACK_NAME_LENGTH - 1}}$`);

/** `site`, `siteUrl`, `stackName`: where the site is and under which name it deploys. */
function siteProblems(config: SiteConfig): string[] {
  const c = new Checker();
  const site = config.site;
  if (typeof site !== 'string' || site === '' || site.includes('\0'))
    c.fail('site', 'must be the site folder, relative to edge.config.ts', site);
  let url: URL | undefined;
  try {
    url = new URL(String(config.siteUrl));
  } catch {
    // reported below
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.origin !== String(config.siteUrl).replace(/\/$/, ''))
    c.fail(
      'siteUrl',
      "must be the site's public origin like 'https://www.example.com' (no path)",
      config.siteUrl,
    );
  if (typeof config.stackName !== 'string' || !STACK_NAME.test(config.stackName))
    c.fail(
      'stackName',
      `must be a letter, then letters, digits and hyphens, ${MAX_STACK_NAME_LENGTH} characters at most (a CloudFormation stack name that leaves room for '-origin-response' in Lambda's ${MAX_FUNCTION_NAME_LENGTH}-character function names)`,
      config.stackName,
    );
  return c.problems;
}

/** `csp`: known directives, and a merged policy with no repeats and no unallowed unsafe keyword. */
function cspConfigProblems(config: SiteConfig): string[] {
  const csp = config.csp;
  const problems = cspSourcesProblems(csp.sources);
  if (!Array.isArray(csp.allowUnsafe))
    return [...problems, `csp.allowUnsafe must be an array, got: ${show(csp.allowUnsafe)}`];
  if (problems.length > 0) return problems;
  const value = securityHeaderTable(config)['content-security-policy'];
  if (typeof value !== 'string') return [];
  const field = config.securityHeaders['content-security-policy']
    ? "securityHeaders['content-security-policy'] (with csp.sources merged)"
    : 'the merged content-security-policy (csp.sources)';
  return cspProblems(
    parseCsp(value),
    csp.allowUnsafe.map((k) => String(k).toLowerCase()),
    field,
  );
}

/** The retention values CloudWatch Logs accepts (PutRetentionPolicy), in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

function logsProblems(config: SiteConfig): string[] {
  const c = new Checker();
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(config.logs.retentionDays))
    c.fail(
      'logs.retentionDays',
      `must be one of CloudWatch's values (${LOG_RETENTION_DAYS.join(', ')})`,
      config.logs.retentionDays,
    );
  if (typeof config.logs.debug !== 'boolean') c.fail('logs.debug', 'must be a boolean', config.logs.debug);
  return c.problems;
}

/** `viewer`: an object whose `runtime` is one of VIEWER_RUNTIMES. */
function viewerProblems(config: SiteConfig): string[] {
  const c = new Checker();
  const viewer: unknown = config.viewer;
  const runtimes = VIEWER_RUNTIMES.map((r) => `'${r}'`).join(' or ');
  if (typeof viewer !== 'object' || viewer === null || Array.isArray(viewer))
    c.fail('viewer', `must be an object like { runtime: ${runtimes} }`, viewer);
  else if (!(VIEWER_RUNTIMES as readonly unknown[]).includes(config.viewer.runtime))
    c.fail('viewer.runtime', `must be ${runtimes} (docs/runtimes.md compares them)`, config.viewer.runtime);
  else if (config.viewer.runtime === 'cloudfront-functions' && Array.isArray(config.locales?.supported)) {
    const behaviors = cacheBehaviors(config).length;
    if (behaviors > MAX_CACHE_BEHAVIORS)
      c.fail(
        'viewer.runtime',
        `needs a cache behaviour per locale folder: ${behaviors} with ${config.locales.supported.length} ` +
          `locales, over CloudFront's ${MAX_CACHE_BEHAVIORS} per distribution; keep 'lambda-edge', where ` +
          `one behaviour serves every page`,
        config.viewer.runtime,
      );
  }
  return c.problems;
}
