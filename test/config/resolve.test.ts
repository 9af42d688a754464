import {
  experimentCookies,
  resolveConfig,
  titleCase,
  viewerConfig,
} from '../../edge-functions/config/resolve';
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
      const baked = viewerConfig(f.resolved);
      expect(baked.experiments.crawlers).toBe(f.config.experiments.crawlers);
      expect(baked.experiments.consentCookieName).toBe(f.config.experiments.consentCookieName);
      expect(baked.experimentCookieNames).toEqual(experimentCookies(f.config.experiments.list));
    },
  );

  it('differs between the fixtures, so the bundles really carry each setting', () => {
    expect(FIXTURES.map((n) => viewerConfig(fixture(n).resolved).experiments.crawlers).sort()).toEqual([
      'control',
      'hash',
    ]);
  });
});
