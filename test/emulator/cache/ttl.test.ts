/** How long a response is kept: TTL bounds for successes, CloudFront's per-status rules for errors. */
import { cacheBehaviors, type CachePolicyFacts } from '../../../edge-functions/config/cache-policy';
import { ttlSeconds } from '../../../emulator/cache/ttl';
import { fixture } from '../../support/fixtures';

const config = fixture('demo').resolved;

const [, assetsBehavior, pagesBehavior] = cacheBehaviors(config);
const PAGES = pagesBehavior!.cachePolicy;
const ASSETS = assetsBehavior!.cachePolicy;
const policy = (over: Partial<CachePolicyFacts>): CachePolicyFacts => ({ ...PAGES, ...over });

describe('ttlSeconds', () => {
  it('reads the TTL bounds these rows assume from the configuration', () => {
    expect(PAGES.ttl).toEqual({ min: 0, default: 300, max: 86400 });
    expect(ASSETS.ttl).toEqual({ min: 0, default: 86400, max: 31536000 });
  });

  it.each<[number, string | undefined, number]>([
    [200, undefined, 300],
    [200, '', 300],
    [200, ',,,', 300],
    [200, 'public', 300],
    [200, 'max-age=60', 60],
    [200, 'public, max-age=60', 60],
    [200, 'MAX-AGE = 45', 45],
    [200, 'max-age="120"', 120],
    [200, 'max-age=60,,,', 60],
    [200, 'max-age=abc', 300],
    [200, 'max-age=', 300],
    [200, 'public, max-age=0, s-maxage=300, must-revalidate', 300],
    [200, 's-maxage=30, max-age=600', 30],
    [200, 'max-age=600, s-maxage=30', 30],
    [200, 's-maxage=0, max-age=60', 0],
    [200, 'max-age=0', 0],
    [200, 'max-age=999999999', 86400],
    [200, 'no-store', 0],
    [200, 'no-cache', 0],
    [200, 'private', 0],
    [200, 'PRIVATE, max-age=60', 0],
    [200, 'public, max-age=60, no-store', 0],
    [200, 'private="set-cookie", max-age=60', 0],
    [200, 'no-storage, max-age=60', 60],
    [200, 'x-no-cache, max-age=60', 60],
    [200, `${'a, '.repeat(2000)}max-age=7`, 7],
    [200, 'no-cache="Set-Cookie", max-age=60', 60],
    [200, 'public, NO-CACHE = "set-cookie, set-cookie2", s-maxage=30', 30],
    [200, 'no-cache="Set-Cookie", no-cache', 0],
    [301, undefined, 300],
    [307, undefined, 0],
    [308, undefined, 0],
    [307, 'max-age=60', 60],
    [302, undefined, 300],
  ])('keeps a %i with Cache-Control %p for %i s on pages', (status, cc, expected) => {
    expect(ttlSeconds(status, cc, PAGES)).toBe(expected);
  });

  it.each<[string | undefined, number]>([
    [undefined, 86400],
    ['public, max-age=31536000, immutable', 31536000],
    ['max-age=99999999999', 31536000],
  ])('keeps an asset with Cache-Control %p for %i s', (cc, expected) => {
    expect(ttlSeconds(200, cc, ASSETS)).toBe(expected);
  });

  it('raises a short TTL to the policy minimum', () => {
    const p = policy({ ttl: { min: 30, default: 300, max: 3600 } });
    expect(ttlSeconds(200, 'max-age=5', p)).toBe(30);
    expect(ttlSeconds(200, 'max-age=0', p)).toBe(30);
  });

  it.each(['no-store, max-age=0', 'private, s-maxage=300', 'no-cache'])(
    'never serves %p from the cache, even with a minimum TTL above 0 (CloudFront asks the origin each time)',
    (cc) => {
      const p = policy({ ttl: { min: 30, default: 300, max: 3600 } });
      expect(ttlSeconds(200, cc, p)).toBe(0);
    },
  );
});

describe('ttlSeconds for errors', () => {
  it.each<[number, string | undefined, number]>([
    // Always cached, for at least the error caching minimum TTL.
    [404, undefined, 10],
    [405, undefined, 10],
    [414, undefined, 10],
    [500, undefined, 10],
    [501, undefined, 10],
    [502, undefined, 10],
    [503, undefined, 10],
    [504, undefined, 10],
    [404, 'public, max-age=0, s-maxage=60', 60],
    [404, 'max-age=5', 10],
    [503, 'max-age=999999999', 86400],
    // no-store/no-cache/private prevent it for 404, 410, 414, 501 only.
    [404, 'no-store', 0],
    [404, 'no-cache', 0],
    [414, 'private', 0],
    [501, 'no-store, max-age=60', 0],
    [500, 'no-store', 10],
    [503, 'private, max-age=30', 30],
    [404, 'no-cache="set-cookie"', 10],
    // Cached only with max-age or s-maxage.
    [400, undefined, 0],
    [403, undefined, 0],
    [412, 'public', 0],
    [415, 'no-store', 0],
    [400, 'max-age=30', 30],
    [403, 's-maxage=0', 10],
    [403, 'max-age=5', 10],
    // Never cached.
    [401, 'max-age=60', 0],
    [410, undefined, 0],
    [416, 'max-age=60', 0],
    [429, undefined, 0],
    [599, undefined, 0],
  ])('keeps a %i with Cache-Control %p for %i s', (status, cc, expected) => {
    expect(ttlSeconds(status, cc, PAGES)).toBe(expected);
  });

  it('uses the error caching minimum TTL it is given', () => {
    expect(ttlSeconds(503, undefined, PAGES, 30)).toBe(30);
    expect(ttlSeconds(404, 'max-age=60', PAGES, 30)).toBe(60);
  });
});
