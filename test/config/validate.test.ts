import { ConfigError, validateConfig } from '../../edge-functions/config/validate';
import type { ExperimentConfig, SiteConfig } from '../../edge-functions/config/schema';
import { fixture, FIXTURES } from '../support/fixtures';

const siteConfig = fixture('demo').config;

/** A deep copy of the shipped configuration with one change applied. */
function withChange(change: (c: { -readonly [K in keyof SiteConfig]: any }) => void): SiteConfig {
  const copy = structuredClone(siteConfig) as any;
  change(copy);
  return copy as SiteConfig;
}

const experiment = (over: Partial<ExperimentConfig> = {}): ExperimentConfig => ({
  ...siteConfig.experiments.list[0]!,
  ...over,
});

/** A second experiment, `docs-video`, over `paths`: its own id, cookie and override parameter. */
const docsVideo = (paths: string[], over: Partial<ExperimentConfig> = {}): ExperimentConfig =>
  experiment({
    id: 'docs-video',
    cookieName: 'xp-docs-video',
    overrideParam: 'xp-docs-video',
    paths,
    ...over,
  });

const SHARE_FIX =
  'disable one, or narrow its paths so they share no page (docs/your-site.md#one-enabled-experiment-per-page)';

function problemsOf(config: SiteConfig): string {
  try {
    validateConfig(config);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected validateConfig to throw');
}

describe('validateConfig', () => {
  it('accepts the shipped configuration', () => {
    expect(() => validateConfig(siteConfig)).not.toThrow();
  });

  it.each<[string, (c: any) => void, string]>([
    [
      'unknown default locale',
      (c) => (c.locales.default = 'fr'),
      'locales.default must be one of ["en","ja"], got: \'fr\'',
    ],
    [
      'empty locale list',
      (c) => (c.locales.supported = []),
      'locales.supported must list at least one locale, got: []',
    ],
    [
      'locale not in canonical case (completeConfig canonicalises what it is given)',
      (c) => (c.locales.supported = ['en', 'JA']),
      'locales.supported[1] must be a BCP 47 tag language[-Script][-REGION] like "en", "pt-BR" or "zh-Hant" (write \'ja\'), got: \'JA\'',
    ],
    [
      'locale written with an underscore',
      (c) => (c.locales.supported = ['en', 'pt_BR']),
      "(write 'pt-BR'), got: 'pt_BR'",
    ],
    [
      'locale BCP 47 writes otherwise',
      (c) => (c.locales.supported = ['en', 'iw']),
      "(write 'he'), got: 'iw'",
    ],
    [
      'locale with a variant subtag',
      (c) => (c.locales.supported = ['en', 'de-CH-1901']),
      'like "en", "pt-BR" or "zh-Hant", got: \'de-CH-1901\'',
    ],
    [
      'unknown folder case',
      (c) => (c.locales.folderCase = 'upper'),
      "locales.folderCase must be 'canonical' (folders named pt-BR/) or 'lower' (pt-br/), got: 'upper'",
    ],
    [
      'duplicate locale',
      (c) => (c.locales.supported = ['en', 'ja', 'en']),
      "locales.supported[2] must be unique, got: 'en'",
    ],
    [
      'locale cookie with a space',
      (c) => (c.locales.cookieName = 'my locale'),
      "locales.cookieName must be an RFC 6265 cookie name (token), got: 'my locale'",
    ],
    ['locale cookie with a semicolon', (c) => (c.locales.cookieName = 'a;b'), "got: 'a;b'"],
    [
      'unknown mode',
      (c) => (c.locales.mode = 'proxy'),
      "locales.mode must be 'redirect' or 'rewrite', got: 'proxy'",
    ],
    [
      'neutral path without slash',
      (c) => (c.locales.neutralPaths = ['robots.txt']),
      "locales.neutralPaths[0] must be a path starting with '/' (optionally ending in '*'), got: 'robots.txt'",
    ],
    ['neutral path escaping with ..', (c) => (c.locales.neutralPaths = ['/a/../b']), "got: '/a/../b'"],
    [
      'not-found page outside the locale folder',
      (c) => (c.locales.notFoundObject = '../404.html'),
      "locales.notFoundObject must be an .html file name inside the locale folder, got: '../404.html'",
    ],
    [
      'duplicate experiment id',
      (c) => c.experiments.list.push(experiment({ cookieName: 'xp-2', overrideParam: 'xp-2' })),
      "experiments.list.id[1] must be unique, got: 'home-hero'",
    ],
    [
      'duplicate experiment cookie',
      (c) => c.experiments.list.push(experiment({ id: 'other', overrideParam: 'o' })),
      "experiments.list.cookieName[1] must be unique, got: 'xp-home-hero'",
    ],
    [
      'two enabled experiments on the same path',
      (c) => c.experiments.list.push(docsVideo(['/'])),
      `experiments.list[1] ('docs-video') must share no page with experiments.list[0] ('home-hero') while both are enabled, got: '/'; ${SHARE_FIX}`,
    ],
    [
      "an exact path inside another enabled experiment's prefix",
      (c) => {
        c.experiments.list[0].paths = ['/docs/*'];
        c.experiments.list.push(docsVideo(['/docs/intro/']));
      },
      `experiments.list[1] ('docs-video') must share no page with experiments.list[0] ('home-hero') while both are enabled, got: '/docs/intro/'; ${SHARE_FIX}`,
    ],
    [
      "a prefix inside another enabled experiment's prefix",
      (c) => {
        c.experiments.list[0].paths = ['/docs/*'];
        c.experiments.list.push(docsVideo(['/docs/guides/*']));
      },
      "('home-hero') while both are enabled, got: '/docs/guides/*'",
    ],
    [
      "an enabled experiment over '/*' beside another",
      (c) => c.experiments.list.push(docsVideo(['/pricing/', '/*'])),
      "experiments.list[1] ('docs-video') must share no page with experiments.list[0] ('home-hero') while both are enabled, got: '/'",
    ],
    [
      'zero weight',
      (c) => (c.experiments.list[0].variants[1].weight = 0),
      'experiments.list[0].variants[1].weight must be a positive integer, got: 0',
    ],
    [
      'fractional weight',
      (c) => (c.experiments.list[0].variants[0].weight = 0.5),
      'experiments.list[0].variants[0].weight must be a positive integer, got: 0.5',
    ],
    ['negative weight', (c) => (c.experiments.list[0].variants[0].weight = -1), 'got: -1'],
    [
      'string weight',
      (c) => (c.experiments.list[0].variants[0].weight = '50'),
      "weight must be a positive integer, got: '50'",
    ],
    ['NaN weight', (c) => (c.experiments.list[0].variants[0].weight = NaN), 'got: NaN'],
    [
      'a single variant',
      (c) => (c.experiments.list[0].variants = [{ name: 'control', weight: 1 }]),
      'experiments.list[0].variants must list at least two variants',
    ],
    [
      'duplicate variant',
      (c) => (c.experiments.list[0].variants[1].name = 'control'),
      "experiments.list[0].variants.name[1] must be unique, got: 'control'",
    ],
    [
      'control not a variant',
      (c) => (c.experiments.list[0].control = 'base'),
      "experiments.list[0].control must name one of the variants, got: 'base'",
    ],
    [
      'experiment cookie name with =',
      (c) => (c.experiments.list[0].cookieName = 'xp=1'),
      "experiments.list[0].cookieName must be an RFC 6265 cookie name (token), got: 'xp=1'",
    ],
    ['experiment cookie name with unicode', (c) => (c.experiments.list[0].cookieName = 'xpé'), "got: 'xpé'"],
    [
      "a QA override cookie that is the locale cookie's name",
      (c) => {
        c.experiments.list[0].cookieName = 'lang';
        c.locales.cookieName = 'lang-qa';
      },
      "experiments.list[0].cookieName must leave 'lang-qa' (its QA override cookie) to no other cookie; rename the cookie that uses it, got: 'lang'",
    ],
    [
      'experiment cookie equal to the locale cookie',
      (c) => (c.experiments.list[0].cookieName = 'locale'),
      "experiments.list[0].cookieName must differ from the locale and consent cookies, got: 'locale'",
    ],
    [
      'cookie Max-Age over 400 days',
      (c) => (c.experiments.list[0].cookieMaxAgeSeconds = 401 * 86400),
      'cookieMaxAgeSeconds must be an integer in 1..34560000 (400 days), got: 34646400',
    ],
    [
      'experiment id with upper case',
      (c) => (c.experiments.list[0].id = 'Home'),
      "experiments.list[0].id must match [a-z0-9-]{1,32}, got: 'Home'",
    ],
    [
      'experiment path without slash',
      (c) => (c.experiments.list[0].paths = ['home']),
      "experiments.list[0].paths[0] must be a path starting with '/' (optionally ending in '*'), got: 'home'",
    ],
    [
      'override param with a space',
      (c) => (c.experiments.list[0].overrideParam = 'x p'),
      "experiments.list[0].overrideParam must be a query parameter name of [A-Za-z0-9._~-], got: 'x p'",
    ],
    [
      'more than 10 cookies in the allow-list',
      (c) => {
        for (let i = 0; i < 10; i++)
          c.experiments.list.push(
            experiment({ id: `e${i}`, cookieName: `xp-e${i}`, overrideParam: `xp-e${i}` }),
          );
      },
      'experiments.list needs 11 cookies in the cache key; CloudFront allows 10',
    ],
    [
      'consent cookie with a comma',
      (c) => (c.experiments.consentCookieName = 'a,b'),
      "experiments.consentCookieName must be an RFC 6265 cookie name (token), got: 'a,b'",
    ],
    [
      'header value with CR/LF',
      (c) => (c.securityHeaders = { 'x-frame-options': 'DENY\r\nSet-Cookie: a=b' }),
      "securityHeaders['x-frame-options'] must be a non-empty string without CR, LF or control characters, got: 'DENY\\x0d\\x0aSet-Cookie: a=b'",
    ],
    [
      'header value with NUL',
      (c) => (c.securityHeaders = { 'referrer-policy': 'no-referrer\u0000' }),
      "got: 'no-referrer\\x00'",
    ],
    [
      'empty header value',
      (c) => (c.securityHeaders = { 'referrer-policy': '' }),
      "securityHeaders['referrer-policy'] must be a non-empty string without CR, LF or control characters, got: ''",
    ],
    [
      'upper-case header name',
      (c) => (c.securityHeaders = { 'X-Frame-Options': 'DENY' }),
      "securityHeaders['X-Frame-Options'] must be a lower-case header name, got: 'X-Frame-Options'",
    ],
    [
      'a disallowed header',
      (c) => (c.securityHeaders = { 'x-cache': 'Hit' }),
      "securityHeaders['x-cache'] is a header Lambda@Edge may not set",
    ],
    [
      'a read-only header',
      (c) => (c.securityHeaders = { via: '1.1 me' }),
      "securityHeaders['via'] is a header Lambda@Edge may not set",
    ],
    [
      'disabling an unknown header',
      (c) => (c.securityHeaders = { 'x-nope': false }),
      "securityHeaders['x-nope'] disables a header that is not in the table, got: 'x-nope'",
    ],
    [
      'TTL min above default',
      (c) => (c.cache.pages = { min: 600, default: 300, max: 900 }),
      'cache.pages must satisfy min <= default <= max, got: {"min":600,"default":300,"max":900}',
    ],
    [
      'negative TTL',
      (c) => (c.cache.assets.min = -1),
      'cache.assets.min must be a non-negative integer of seconds, got: -1',
    ],
    [
      'too many query strings',
      (c) => (c.cache.queryStrings = Array.from({ length: 11 }, (_, i) => `q${i}`)),
      'cache.queryStrings must list at most 10 names',
    ],
    [
      'Cache-Control with LF',
      (c) => (c.cache.htmlCacheControl = 'no-cache\n'),
      "cache.htmlCacheControl must be a non-empty string without CR, LF or control characters, got: 'no-cache\\x0a'",
    ],
    [
      'content type extension with a dot',
      (c) => (c.contentTypes = { ...c.contentTypes, '.md': 'text/markdown' }),
      "contentTypes['.md'] must be a lower-case extension without a dot, got: '.md'",
    ],
    [
      'no HTML content type',
      (c) => delete c.contentTypes.html,
      'contentTypes.html must be set (pages are HTML)',
    ],
    [
      'a site URL with a path',
      (c) => (c.siteUrl = 'https://example.com/en/'),
      "siteUrl must be the site's public origin like 'https://www.example.com' (no path), got: 'https://example.com/en/'",
    ],
    ['a relative site URL', (c) => (c.siteUrl = '/'), "siteUrl must be the site's public origin"],
    ['a missing site URL', (c) => delete c.siteUrl, 'siteUrl must be'],
    [
      'an empty site folder name',
      (c) => (c.site = ''),
      "site must be the site folder, relative to edge.config.ts, got: ''",
    ],
    [
      'a stack name with an underscore',
      (c) => (c.stackName = 'my_site'),
      "stackName must be a letter, then letters, digits and hyphens, 48 characters at most (a CloudFormation stack name that leaves room for '-origin-response' in Lambda's 64-character function names), got: 'my_site'",
    ],
    [
      'a stack name too long for the function names (49 characters)',
      (c) => (c.stackName = `S${'a'.repeat(48)}`),
      `stackName must be a letter, then letters, digits and hyphens, 48 characters at most`,
    ],
    [
      'a goal id with a space',
      (c) => (c.experiments.goals = [{ id: 'sign up' }]),
      "experiments.goals[0].id must be an RFC 6265 cookie name (token), got: 'sign up'",
    ],
    [
      'a duplicate goal',
      (c) => (c.experiments.goals = [{ id: 'a' }, { id: 'a' }]),
      "experiments.goals.id[1] must be unique, got: 'a'",
    ],
    [
      'goals that are not a list',
      (c) => (c.experiments.goals = 'a'),
      "experiments.goals must be an array of { id }, got: 'a'",
    ],
    [
      'an unknown crawler policy',
      (c) => (c.experiments.crawlers = 'random'),
      "experiments.crawlers must be 'hash' or 'control', got: 'random'",
    ],
    [
      'an unknown CSP directive in csp.sources',
      (c) => (c.csp.sources = { 'image-src': ['https://x.example'] }),
      "csp.sources['image-src'] is not a CSP directive (see CSP Level 3 §6), got: 'image-src'",
    ],
    [
      'a CSP source that is not a list',
      (c) => (c.csp.sources = { 'img-src': 'https://x.example' }),
      "csp.sources['img-src'] must be an array of source strings",
    ],
    [
      "'unsafe-inline' added without allowUnsafe",
      (c) => (c.csp.sources = { 'script-src': ["'unsafe-inline'"] }),
      "uses 'unsafe-inline' in script-src; list it in csp.allowUnsafe to accept the risk",
    ],
    [
      "'unsafe-eval' in an overridden policy",
      (c) => (c.securityHeaders = { 'content-security-policy': "default-src 'self' 'unsafe-eval'" }),
      "securityHeaders['content-security-policy'] (with csp.sources merged) uses 'unsafe-eval' in default-src",
    ],
    [
      'a CSP written by appending a directive',
      (c) =>
        (c.securityHeaders = {
          'content-security-policy': "default-src 'none'; img-src 'self'; img-src https://cdn.example",
        }),
      "repeats a directive (browsers ignore the repeat), got: 'img-src'",
    ],
    [
      'a CSP source with a semicolon smuggled in',
      (c) => (c.csp.sources = { 'img-src': ['https://a.example;script-src'] }),
      "csp.sources['img-src'] has a malformed source in img-src, got: 'https://a.example;script-src'",
    ],
    [
      "'none' beside another source",
      (c) => (c.csp.sources = { 'img-src': ["'none'"] }),
      "combines 'none' with other sources in img-src",
    ],
    [
      'a log retention CloudWatch does not offer',
      (c) => (c.logs.retentionDays = 31),
      "logs.retentionDays must be one of CloudWatch's values (1, 3, 5, 7, 14, 30,",
    ],
    ['a non-boolean debug flag', (c) => (c.logs.debug = 'yes'), "logs.debug must be a boolean, got: 'yes'"],
    [
      'a viewer runtime that does not exist',
      (c) => (c.viewer.runtime = 'cloudfront-function'),
      "viewer.runtime must be 'lambda-edge' or 'cloudfront-functions' (docs/runtimes.md compares them), got: 'cloudfront-function'",
    ],
    [
      'more locale folders than CloudFront Functions have cache behaviours for',
      (c) => {
        c.viewer.runtime = 'cloudfront-functions';
        c.locales.supported = [...c.locales.supported, ...Array.from({ length: 22 }, (_, i) => `x${i}`)];
      },
      `viewer.runtime needs a cache behaviour per locale folder: 27 with 24 locales, over CloudFront's 25 per distribution`,
    ],
    [
      'the runtime written where the viewer section goes',
      (c) => (c.viewer = 'cloudfront-functions'),
      "viewer must be an object like { runtime: 'lambda-edge' or 'cloudfront-functions' }, got: 'cloudfront-functions'",
    ],
  ])('throws if the configuration has %s', (_name, change, message) => {
    expect(problemsOf(withChange(change))).toContain(message);
  });

  it('reports every problem at once, one per line', () => {
    const message = problemsOf(
      withChange((c) => {
        c.locales.default = 'de';
        c.experiments.list[0].variants[0].weight = 0;
      }),
    );
    expect(message.split('\n')).toEqual([
      'Invalid configuration:',
      expect.stringContaining('locales.default'),
      expect.stringContaining('variants[0].weight'),
    ]);
  });

  it('accepts a disabled experiment, or one on other pages, beside an enabled one', () => {
    const ok = withChange((c) => {
      c.experiments.list[0].paths = ['/docs/*', '/'];
      c.experiments.list.push(docsVideo(['/docs/intro/', '/*'], { enabled: false }));
      c.experiments.list.push(
        experiment({ id: 'b', cookieName: 'xp-b', overrideParam: 'xp-b', paths: ['/doc/', '/docs'] }),
      );
    });
    expect(() => validateConfig(ok)).not.toThrow();
  });

  it('reports a pair of overlapping experiments once, with a few of the pages they share', () => {
    const message = problemsOf(
      withChange((c) => {
        c.experiments.list[0].paths = ['/docs/*', '/blog/*'];
        c.experiments.list.push(
          docsVideo(['/docs/intro/', '/blog/b/', '/blog/a/', '/docs/*', '/blog/*', '/docs/setup/']),
        );
      }),
    );
    expect(message.split('\n')).toEqual([
      'Invalid configuration:',
      `  - experiments.list[1] ('docs-video') must share no page with experiments.list[0] ('home-hero') while both are enabled, got: '/blog/*', '/docs/*'; ${SHARE_FIX}`,
    ]);
  });

  it('reports each overlapping pair, and past three shared pages only how many', () => {
    const message = problemsOf(
      withChange((c) => {
        c.experiments.list.push(docsVideo(['/a/', '/b/', '/c/', '/d/', '/']));
        c.experiments.list.push(
          experiment({ id: 'z', cookieName: 'xp-z', overrideParam: 'xp-z', paths: ['/*'] }),
        );
      }),
    );
    expect(message.split('\n').slice(1)).toEqual([
      expect.stringContaining(
        "list[1] ('docs-video') must share no page with experiments.list[0] ('home-hero')",
      ),
      expect.stringContaining("list[2] ('z') must share no page with experiments.list[0] ('home-hero')"),
      expect.stringContaining(
        "list[2] ('z') must share no page with experiments.list[1] ('docs-video') while both are enabled, got: '/', '/a/', '/b/', … (5 in all); disable one",
      ),
    ]);
  });

  it('accepts overriding and disabling a security header from the table', () => {
    expect(() =>
      validateConfig(
        withChange(
          (c) => (c.securityHeaders = { 'permissions-policy': false, 'x-frame-options': 'SAMEORIGIN' }),
        ),
      ),
    ).not.toThrow();
  });
});

describe('validateConfig on every fixture', () => {
  it.each(FIXTURES)('accepts the %s fixture', (name) => {
    expect(() => validateConfig(fixture(name).config)).not.toThrow();
  });

  it.each(FIXTURES)('rejects the %s fixture given a second enabled experiment on its pages', (name) => {
    const config = structuredClone(fixture(name).config) as { -readonly [K in keyof SiteConfig]: any };
    const first = config.experiments.list[0];
    config.experiments.list.push({
      ...first,
      id: 'again',
      cookieName: 'xp-again',
      overrideParam: 'xp-again',
    });
    const last = config.experiments.list.length - 1;
    expect(problemsOf(config)).toContain(
      `experiments.list[${last}] ('again') must share no page with experiments.list[0] ('${first.id}') while both are enabled, got: '${first.paths[0]}'; ${SHARE_FIX}`,
    );
  });

  it('names the configuration file in the message when given one', () => {
    expect(() =>
      validateConfig(
        withChange((c) => (c.locales.default = 'de')),
        'edge.config.ts',
      ),
    ).toThrow(/^Invalid configuration in edge\.config\.ts:\n {2}- locales\.default/);
  });

  it("accepts 'unsafe-inline' when csp.allowUnsafe lists it", () => {
    const ok = withChange((c) => {
      c.csp.sources = { 'style-src': ["'unsafe-inline'"] };
      c.csp.allowUnsafe = ["'unsafe-inline'"];
    });
    expect(() => validateConfig(ok)).not.toThrow();
  });
});
