import { experimentCookies, resolveConfig, titleCase } from '../../edge-functions/config/resolve';
import { DEFAULT_SECURITY_HEADERS } from '../../edge-functions/config/security-headers';
import { fixture, FIXTURES } from '../support/fixtures';

const siteConfig = fixture('demo').config;

describe('titleCase', () => {
  it.each([
    ['content-security-policy', 'Content-Security-Policy'],
    ['x-frame-options', 'X-Frame-Options'],
    ['etag', 'Etag'],
    ['', ''],
  ])('turns %p into %p', (input, output) => expect(titleCase(input)).toBe(output));
});

describe('resolveConfig', () => {
  it('lists every default security header when nothing is overridden', () => {
    const names = resolveConfig(siteConfig).securityHeaderList.map((h) => h.name);
    expect(names.sort()).toEqual(Object.keys(DEFAULT_SECURITY_HEADERS).sort());
  });

  it('applies a per-header override and drops a disabled header', () => {
    const resolved = resolveConfig({
      ...siteConfig,
      securityHeaders: { 'x-frame-options': 'SAMEORIGIN', 'permissions-policy': false },
    });
    const byName = new Map(resolved.securityHeaderList.map((h) => [h.name, h]));
    expect(byName.get('x-frame-options')).toEqual({
      name: 'x-frame-options',
      key: 'X-Frame-Options',
      value: 'SAMEORIGIN',
    });
    expect(byName.has('permissions-policy')).toBe(false);
  });

  it('derives the cookie allow-list from the experiments, sorted and unique', () => {
    const base = siteConfig.experiments.list[0]!;
    expect(
      experimentCookies([
        { ...base, cookieName: 'b' },
        { ...base, cookieName: 'a' },
        { ...base, cookieName: 'b' },
      ]),
    ).toEqual(['a', 'b']);
    expect(resolveConfig(siteConfig).experimentCookieNames).toEqual(['xp-home-hero']);
  });
});

describe('viewerConfig', () => {
  it.each(FIXTURES)(
    'bakes what viewer-request decides with into the %s bundle, crawlers included',
    (name) => {
      const f = fixture(name);
      const baked = f.viewer;
      expect(baked.experiments.crawlers).toBe(f.config.experiments.crawlers);
      expect(baked.experiments.consentCookieName).toBe(f.config.experiments.consentCookieName);
      expect(baked.experimentCookieNames).toEqual(experimentCookies(f.config.experiments.list));
    },
  );

  it('bakes the pages that exist under each enabled experiment, and nothing else', () => {
    const { viewer } = fixture('three-locales');
    const pages = viewer.experimentPages;
    expect(pages['/fr/pricing/index.html']).toBe('pricing-layout');
    expect(pages['/ja/blog/second-post/index.html']).toBe('blog-cta');
    // Not a page of an experiment, a variant object, a not-found page, a page that does not exist.
    for (const object of [
      '/en/index.html',
      '/en/blog/index.sticky.html',
      '/en/404.html',
      '/en/blog/nope/index.html',
    ])
      expect(pages[object]).toBeUndefined();
    expect(Object.keys(pages)).toHaveLength(3 * 4);
  });

  it('differs between the fixtures, so the bundles really carry each setting', () => {
    const crawlers = new Set(FIXTURES.map((n) => fixture(n).viewer.experiments.crawlers));
    expect([...crawlers].sort()).toEqual(['control', 'hash']);
    const modes = new Set(FIXTURES.map((n) => fixture(n).viewer.locales.mode));
    expect([...modes].sort()).toEqual(['redirect', 'rewrite']);
  });
});
