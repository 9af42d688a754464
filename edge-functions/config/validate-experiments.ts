/**
 * Validation of `experiments`: ids, paths, variants and weights, cookies, goals. Part of `validateConfig`.
 */
import { experimentCookies } from './resolve';
import { Checker, isInt, QUERY_NAME, SLUG } from './checker';
import type { ExperimentConfig, SiteConfig, VariantConfig } from './schema';

/** Cache policies allow at most 10 cookies in the key. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html */
export const MAX_CACHE_KEY_COOKIES = 10;
/** RFC 6265bis caps Max-Age at 400 days; browsers clamp larger values. */
export const MAX_COOKIE_AGE = 400 * 24 * 3600;

export function experimentProblems(config: SiteConfig): string[] {
  const c = new Checker();
  const list = config.experiments.list;
  if (!Array.isArray(list)) c.fail('experiments.list', 'must be an array', list);
  else {
    list.forEach((e, i) => experimentRow(c, config, e, `experiments.list[${i}]`));
    c.uniq(
      'experiments.list.id',
      list.map((e) => e.id),
    );
    c.uniq(
      'experiments.list.cookieName',
      list.map((e) => e.cookieName),
    );
    c.uniq(
      'experiments.list.overrideParam',
      list.map((e) => e.overrideParam),
    );
    const cookies = experimentCookies(list);
    if (cookies.length > MAX_CACHE_KEY_COOKIES)
      c.fail(
        'experiments.list',
        `needs ${cookies.length} cookies in the cache key; CloudFront allows ${MAX_CACHE_KEY_COOKIES}`,
        cookies,
      );
  }
  const consent = config.experiments.consentCookieName;
  if (consent !== undefined) c.token('experiments.consentCookieName', consent);

  goalProblems(c, config);
  if (config.experiments.crawlers !== 'hash' && config.experiments.crawlers !== 'control')
    c.fail('experiments.crawlers', "must be 'hash' or 'control'", config.experiments.crawlers);
  return c.problems;
}

function goalProblems(c: Checker, config: SiteConfig): void {
  const goals = config.experiments.goals;
  if (!Array.isArray(goals)) return c.fail('experiments.goals', 'must be an array of { id }', goals);
  goals.forEach((g: { id?: unknown }, i) => c.token(`experiments.goals[${i}].id`, g?.id));
  c.uniq(
    'experiments.goals.id',
    goals.map((g) => g?.id),
  );
}

function experimentRow(c: Checker, config: SiteConfig, e: ExperimentConfig, f: string): void {
  const loc = config.locales;
  if (typeof e.id !== 'string' || !SLUG.test(e.id)) c.fail(`${f}.id`, 'must match [a-z0-9-]{1,32}', e.id);
  if (typeof e.enabled !== 'boolean') c.fail(`${f}.enabled`, 'must be a boolean', e.enabled);
  c.pathPatterns(`${f}.paths`, e.paths);
  if (Array.isArray(e.paths) && e.paths.length === 0)
    c.fail(`${f}.paths`, 'must cover at least one path', e.paths);
  if (!Array.isArray(e.variants) || e.variants.length < 2)
    c.fail(`${f}.variants`, 'must list at least two variants', e.variants);
  else {
    e.variants.forEach((v: VariantConfig, j: number) => {
      if (typeof v.name !== 'string' || !SLUG.test(v.name))
        c.fail(`${f}.variants[${j}].name`, 'must match [a-z0-9-]{1,32}', v.name);
      if (!isInt(v.weight) || v.weight <= 0)
        c.fail(`${f}.variants[${j}].weight`, 'must be a positive integer', v.weight);
    });
    c.uniq(
      `${f}.variants.name`,
      e.variants.map((v: VariantConfig) => v.name),
    );
    if (!e.variants.some((v: VariantConfig) => v.name === e.control))
      c.fail(`${f}.control`, 'must name one of the variants', e.control);
  }
  c.token(`${f}.cookieName`, e.cookieName);
  if (e.cookieName === loc.cookieName || e.cookieName === config.experiments.consentCookieName)
    c.fail(`${f}.cookieName`, 'must differ from the locale and consent cookies', e.cookieName);
  if (!isInt(e.cookieMaxAgeSeconds) || e.cookieMaxAgeSeconds <= 0 || e.cookieMaxAgeSeconds > MAX_COOKIE_AGE)
    c.fail(
      `${f}.cookieMaxAgeSeconds`,
      `must be an integer in 1..${MAX_COOKIE_AGE} (400 days)`,
      e.cookieMaxAgeSeconds,
    );
  if (typeof e.overrideParam !== 'string' || !QUERY_NAME.test(e.overrideParam))
    c.fail(`${f}.overrideParam`, 'must be a query parameter name of [A-Za-z0-9._~-]', e.overrideParam);
}
