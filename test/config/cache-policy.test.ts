import { behaviorFor, cacheBehaviors, matchesPathPattern } from '../../edge-functions/config/cache-policy';
import { fixture } from '../support/fixtures';

const siteConfig = fixture('demo').config;

describe('cacheBehaviors', () => {
  const behaviors = cacheBehaviors(siteConfig);

  it('puts exactly the experiment cookies in the default cache key, and no headers', () => {
    const def = behaviors.find((b) => b.pathPattern === '*')!;
    expect(def.cachePolicy.cookies).toEqual(['xp-home-hero']);
    expect(def.cachePolicy.headers).toEqual([]);
    expect(def.viewerRequest && def.originResponse).toBe(true);
  });

  it('gives /assets/* an empty key and no viewer-request', () => {
    const assets = behaviorFor(behaviors, '/assets/site.0123abcd.css');
    expect(assets.pathPattern).toBe('/assets/*');
    expect(assets.viewerRequest).toBe(false);
    expect(assets.cachePolicy.cookies).toEqual([]);
  });

  it('names a CloudFront Function exactly where viewer-request runs: the beacon its own, pages the other', () => {
    expect(behaviors.map((b) => [b.pathPattern, b.viewerFunction])).toEqual([
      ['/__edge/*', 'edge-endpoints'],
      ['/assets/*', undefined],
      ['*', 'viewer-request'],
    ]);
    for (const b of behaviors) expect(b.viewerFunction !== undefined).toBe(b.viewerRequest);
  });

  it('gives each locale folder a behaviour of its own on CloudFront Functions, keyed as the pages', () => {
    const cff = cacheBehaviors({ ...siteConfig, viewer: { runtime: 'cloudfront-functions' } });
    expect(cff.map((b) => [b.pathPattern, b.viewerFunction])).toEqual([
      ['/__edge/*', 'edge-endpoints'],
      ['/assets/*', undefined],
      ['/en/*', 'locale-pages'],
      ['/ja/*', 'locale-pages'],
      ['*', 'viewer-request'],
    ]);
    const pages = cff.at(-1)!;
    for (const b of cff.filter((x) => x.viewerFunction === 'locale-pages'))
      expect({ ...b, pathPattern: '*', viewerFunction: 'viewer-request' }).toEqual(pages);
    // CloudFront matches the path as sent, case-sensitively: `/EN/` and `/en` fall to the default behaviour.
    expect(behaviorFor(cff, '/en/about/').viewerFunction).toBe('locale-pages');
    expect(behaviorFor(cff, '/EN/about/').viewerFunction).toBe('viewer-request');
    expect(behaviorFor(cff, '/en').viewerFunction).toBe('viewer-request');
  });

  it('has no cookies in the key when there are no experiments', () => {
    const none = cacheBehaviors({ ...siteConfig, experiments: { ...siteConfig.experiments, list: [] } });
    expect(none.every((b) => b.cachePolicy.cookies.length === 0)).toBe(true);
  });

  it('never keys on Accept-Language or Host', () => {
    for (const b of behaviors)
      expect(b.cachePolicy.headers.map((h) => h.toLowerCase())).not.toEqual(
        expect.arrayContaining(['accept-language']),
      );
  });
});

describe('matchesPathPattern', () => {
  it.each([
    ['*', '/anything', true],
    ['/assets/*', '/assets/a.css', true],
    ['/assets/*', '/assets', false],
    ['/assets/*', '/ASSETS/a.css', false],
    ['/a?c', '/abc', true],
    ['/a.c', '/abc', false],
    ['/a+b/*', '/a+b/x', true],
  ])('matches %p against %p: %p', (pattern, path, expected) =>
    expect(matchesPathPattern(pattern, path)).toBe(expected),
  );
});
