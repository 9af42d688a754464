/**
 * Validation of `experiments`: ids, paths, variants and weights, cookies, goals, and no page covered by two
 * enabled experiments. Part of `validateConfig`.
 */
import { matchesPath, sharedPattern } from '../shared/paths';
import { experimentCookies } from './resolve';
import { qaCookieName } from '../shared/experiments';
import { Checker, isInt, QUERY_NAME, show, SLUG } from './checker';
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
    // A QA override's session cookie (`<cookieName>-qa`) must not be another cookie the edge reads.
    const others = [
      ...list.map((e) => e.cookieName),
      config.locales.cookieName,
      config.experiments.consentCookieName,
    ];
    list.forEach((e, i) => {
      if (typeof e.cookieName === 'string' && others.includes(qaCookieName(e)))
        c.fail(
          `experiments.list[${i}].cookieName`,
          `must leave '${qaCookieName(e)}' (its QA override cookie) to no other cookie; rename the cookie that uses it`,
          e.cookieName,
        );
    });
    const cookies = experimentCookies(list);
    if (cookies.length > MAX_CACHE_KEY_COOKIES)
      c.fail(
        'experiments.list',
        `needs ${cookies.length} cookies in the cache key; CloudFront allows ${MAX_CACHE_KEY_COOKIES}`,
        cookies,
      );
    c.problems.push(...overlappingExperiments(list));
  }
  const consent = config.experiments.consentCookieName;
  if (consent !== undefined) c.token('experiments.consentCookieName', consent);

  goalProblems(c, config);
  if (config.experiments.crawlers !== 'hash' && config.experiments.crawlers !== 'control')
    c.fail('experiments.crawlers', "must be 'hash' or 'control'", config.experiments.crawlers);
  return c.problems;
}

/** Where docs/your-site.md explains the rule both levels (patterns here, pages in the site checks) enforce. */
export const OVERLAP_DOC = 'docs/your-site.md#one-enabled-experiment-per-page';
/** How many shared pages a message names before '…' and the count. */
const SHOWN_PAGES = 3;

/**
 * Two enabled experiments on one page make the edge ask S3 for a combined object (`index.video.sidebar.html`)
 * that nothing creates or checks: a 404. One message per pair (`i < j`), naming the pages they share.
 */
export function overlapProblem(
  list: readonly ExperimentConfig[],
  i: number,
  j: number,
  pages: readonly string[],
): string {
  const named = (k: number) => `experiments.list[${k}] (${show(list[k]!.id)})`;
  const more = pages.length > SHOWN_PAGES ? `, … (${pages.length} in all)` : '';
  const got = pages.slice(0, SHOWN_PAGES).map(show).join(', ') + more;
  return `${named(j)} must share no page with ${named(i)} while both are enabled, got: ${got}; disable one, or narrow its paths so they share no page (${OVERLAP_DOC})`;
}

/** Pairs of enabled experiments whose path patterns share a page (a disabled one serves control to all). */
function overlappingExperiments(list: readonly ExperimentConfig[]): string[] {
  const enabled = list.flatMap((e, i) =>
    e.enabled === true && Array.isArray(e.paths)
      ? [{ i, paths: e.paths.filter((p): p is string => typeof p === 'string') }]
      : [],
  );
  const problems: string[] = [];
  enabled.forEach((a, k) => {
    for (const b of enabled.slice(k + 1)) {
      const shared = a.paths.flatMap((p) => b.paths.flatMap((q) => sharedPattern(p, q) ?? []));
      if (shared.length > 0) problems.push(overlapProblem(list, a.i, b.i, outermost(shared)));
    }
  });
  return problems;
}

/** Each pattern once, without those another one already covers (`/docs/intro/` beside `/docs/*`). */
function outermost(patterns: readonly string[]): string[] {
  const unique = [...new Set(patterns)].sort();
  return unique.filter((p) => !unique.some((q) => q !== p && matchesPath([q], p)));
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
