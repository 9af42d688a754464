/**
 * Build-time validation of the configuration. Every problem is reported with the field's path and the value
 * it got, so `npm run build` fails with a message a person can act on. Not shipped in the bundles.
 */
import { DISALLOWED_HEADERS, isDisallowedHeader } from '../cloudfront/rules';
import { experimentCookies } from './resolve';
import { DEFAULT_SECURITY_HEADERS } from './security-headers';
import type { CacheTtlConfig, SiteConfig, VariantConfig } from './schema';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

/** RFC 6265 §4.1.1 cookie-name = token (RFC 2616 §2.2): visible ASCII except separators. */
export const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** RFC 9110 §5.1 field-name = token. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
/** Lower-case BCP 47 tag as used in URL prefixes: `en`, `ja`, `pt-br`, `zh-hant`. */
const LOCALE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/;
const QUERY_NAME = /^[A-Za-z0-9._~-]+$/;
const PATH_PATTERN = /^\/[A-Za-z0-9._~!$&'()+,;=:@/-]*\*?$/;
/** CR, LF, NUL and other controls break a header line (and CloudFront rejects them). */
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;
/** Cache policies allow at most 10 cookies in the key. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html */
export const MAX_CACHE_KEY_COOKIES = 10;
export const MAX_CACHE_KEY_QUERY_STRINGS = 10;
/** RFC 6265bis caps Max-Age at 400 days; browsers clamp larger values. */
const MAX_COOKIE_AGE = 400 * 24 * 3600;

const show = (value: unknown): string => {
  if (typeof value === 'string')
    return `'${value.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

export function validateConfig(config: SiteConfig): void {
  const problems: string[] = [];
  const fail = (field: string, rule: string, value: unknown) =>
    problems.push(`${field} ${rule}, got: ${show(value)}`);
  const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);
  const uniq = (field: string, values: readonly unknown[]) => {
    const seen = new Set<unknown>();
    values.forEach((v, i) => {
      if (seen.has(v)) fail(`${field}[${i}]`, 'must be unique', v);
      seen.add(v);
    });
  };
  const pathPatterns = (field: string, paths: unknown) => {
    if (!Array.isArray(paths)) return fail(field, 'must be an array of paths', paths);
    paths.forEach((p, i) => {
      if (typeof p !== 'string' || !PATH_PATTERN.test(p) || p.includes('//') || /(^|\/)\.\.?(\/|$)/.test(p))
        fail(`${field}[${i}]`, "must be a path starting with '/' (optionally ending in '*')", p);
    });
  };
  const noControl = (field: string, value: unknown) => {
    if (typeof value !== 'string' || value === '' || CONTROL.test(value))
      fail(field, 'must be a non-empty string without CR, LF or control characters', value);
  };

  // Locales
  const loc = config.locales;
  if (!Array.isArray(loc.supported) || loc.supported.length === 0)
    fail('locales.supported', 'must list at least one locale', loc.supported);
  else {
    loc.supported.forEach((l, i) => {
      if (typeof l !== 'string' || !LOCALE.test(l))
        fail(`locales.supported[${i}]`, 'must be a lower-case language tag like "en" or "pt-br"', l);
    });
    uniq('locales.supported', loc.supported);
    if (!loc.supported.includes(loc.default))
      fail('locales.default', `must be one of ${show(loc.supported)}`, loc.default);
  }
  if (typeof loc.cookieName !== 'string' || !COOKIE_NAME.test(loc.cookieName))
    fail('locales.cookieName', 'must be an RFC 6265 cookie name (token)', loc.cookieName);
  if (loc.mode !== 'redirect' && loc.mode !== 'rewrite')
    fail('locales.mode', "must be 'redirect' or 'rewrite'", loc.mode);
  pathPatterns('locales.neutralPaths', loc.neutralPaths);
  if (
    typeof loc.notFoundObject !== 'string' ||
    !/^[A-Za-z0-9._-]+\.html$/.test(loc.notFoundObject) ||
    loc.notFoundObject.startsWith('.')
  )
    fail('locales.notFoundObject', 'must be an .html file name inside the locale folder', loc.notFoundObject);

  // Experiments
  const list = config.experiments.list;
  if (!Array.isArray(list)) fail('experiments.list', 'must be an array', list);
  else {
    list.forEach((e, i) => {
      const f = `experiments.list[${i}]`;
      if (typeof e.id !== 'string' || !SLUG.test(e.id)) fail(`${f}.id`, 'must match [a-z0-9-]{1,32}', e.id);
      if (typeof e.enabled !== 'boolean') fail(`${f}.enabled`, 'must be a boolean', e.enabled);
      pathPatterns(`${f}.paths`, e.paths);
      if (Array.isArray(e.paths) && e.paths.length === 0)
        fail(`${f}.paths`, 'must cover at least one path', e.paths);
      if (!Array.isArray(e.variants) || e.variants.length < 2)
        fail(`${f}.variants`, 'must list at least two variants', e.variants);
      else {
        e.variants.forEach((v: VariantConfig, j: number) => {
          if (typeof v.name !== 'string' || !SLUG.test(v.name))
            fail(`${f}.variants[${j}].name`, 'must match [a-z0-9-]{1,32}', v.name);
          if (!isInt(v.weight) || v.weight <= 0)
            fail(`${f}.variants[${j}].weight`, 'must be a positive integer', v.weight);
        });
        uniq(
          `${f}.variants.name`,
          e.variants.map((v: VariantConfig) => v.name),
        );
        if (!e.variants.some((v: VariantConfig) => v.name === e.control))
          fail(`${f}.control`, 'must name one of the variants', e.control);
      }
      if (typeof e.cookieName !== 'string' || !COOKIE_NAME.test(e.cookieName))
        fail(`${f}.cookieName`, 'must be an RFC 6265 cookie name (token)', e.cookieName);
      if (e.cookieName === loc.cookieName || e.cookieName === config.experiments.consentCookieName)
        fail(`${f}.cookieName`, 'must differ from the locale and consent cookies', e.cookieName);
      if (
        !isInt(e.cookieMaxAgeSeconds) ||
        e.cookieMaxAgeSeconds <= 0 ||
        e.cookieMaxAgeSeconds > MAX_COOKIE_AGE
      )
        fail(
          `${f}.cookieMaxAgeSeconds`,
          `must be an integer in 1..${MAX_COOKIE_AGE} (400 days)`,
          e.cookieMaxAgeSeconds,
        );
      if (typeof e.overrideParam !== 'string' || !QUERY_NAME.test(e.overrideParam))
        fail(`${f}.overrideParam`, 'must be a query parameter name of [A-Za-z0-9._~-]', e.overrideParam);
    });
    uniq(
      'experiments.list.id',
      list.map((e) => e.id),
    );
    uniq(
      'experiments.list.cookieName',
      list.map((e) => e.cookieName),
    );
    uniq(
      'experiments.list.overrideParam',
      list.map((e) => e.overrideParam),
    );
    const cookies = experimentCookies(list);
    if (cookies.length > MAX_CACHE_KEY_COOKIES)
      fail(
        'experiments.list',
        `needs ${cookies.length} cookies in the cache key; CloudFront allows ${MAX_CACHE_KEY_COOKIES}`,
        cookies,
      );
  }
  const consent = config.experiments.consentCookieName;
  if (consent !== undefined && (typeof consent !== 'string' || !COOKIE_NAME.test(consent)))
    fail('experiments.consentCookieName', 'must be an RFC 6265 cookie name (token)', consent);

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

  if (problems.length > 0) throw new ConfigError(problems);
}
