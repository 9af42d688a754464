/**
 * The emulator's cache rules: the cache key (URI + the cookies, headers and query strings a policy names),
 * the TTL CloudFront derives from `Cache-Control`, and the byte-bounded LRU store.
 */
import type { CloudFrontRequest } from '../../edge-functions/cloudfront/types';
import { cacheBehaviors, type CachePolicyFacts } from '../../edge-functions/config/cache-policy';
import {
  cacheKey,
  forwardedCookies,
  forwardedQuery,
  ResponseCache,
  ttlSeconds,
  type CachedResponse,
} from '../../emulator/cache';
import { headers, viewerRequest, type HeaderInput, type RequestInput } from '../support/events';
import { fixture } from '../support/fixtures';

const config = fixture('demo').resolved;

const [, assetsBehavior, pagesBehavior] = cacheBehaviors(config);
const PAGES = pagesBehavior!.cachePolicy;
const ASSETS = assetsBehavior!.cachePolicy;
const policy = (over: Partial<CachePolicyFacts>): CachePolicyFacts => ({ ...PAGES, ...over });
const request = (input: RequestInput = {}): CloudFrontRequest => viewerRequest(input).Records[0]!.cf.request;

describe('the policies the emulator uses', () => {
  it('keys pages on the experiment cookie only, and assets on nothing', () => {
    expect(PAGES.cookies).toEqual(['xp-home-hero']);
    expect(PAGES.headers).toEqual([]);
    expect(ASSETS.cookies).toEqual([]);
    expect(ASSETS.headers).toEqual([]);
  });
});

describe('forwardedCookies', () => {
  const XP = ['xp-home-hero'];
  it.each<[string, HeaderInput, string[], [string, string][]]>([
    ['no Cookie header', {}, XP, []],
    ['an empty Cookie header', { Cookie: '' }, XP, []],
    ['only separators', { Cookie: ';;;' }, XP, []],
    ['separators and spaces', { Cookie: ' ; ; ' }, XP, []],
    ['a pair without =', { Cookie: 'xp-home-hero' }, XP, []],
    ['the policy cookie', { Cookie: 'xp-home-hero=bold' }, XP, [['xp-home-hero', 'bold']]],
    [
      'the policy cookie among others',
      { Cookie: 'a=1; xp-home-hero=control; z=2' },
      XP,
      [['xp-home-hero', 'control']],
    ],
    ['only cookies outside the policy', { Cookie: 'session=abc; theme=dark' }, XP, []],
    ['a policy that forwards no cookies', { Cookie: 'xp-home-hero=bold' }, [], []],
    [
      'a value in another case (values are case-sensitive)',
      { Cookie: 'xp-home-hero=Bold' },
      XP,
      [['xp-home-hero', 'Bold']],
    ],
    ['a name in another case (names are case-sensitive)', { Cookie: 'XP-Home-Hero=bold' }, XP, []],
    ['spaces around the pair', { Cookie: '   xp-home-hero=bold   ' }, XP, [['xp-home-hero', 'bold']]],
    ['an = inside the value', { Cookie: 'xp-home-hero=a=b' }, XP, [['xp-home-hero', 'a=b']]],
    ['an empty value', { Cookie: 'xp-home-hero=' }, XP, [['xp-home-hero', '']]],
    [
      'the same name twice (the first wins)',
      { Cookie: 'xp-home-hero=bold; xp-home-hero=control' },
      XP,
      [['xp-home-hero', 'bold']],
    ],
    [
      'a junk pair before the cookie',
      { Cookie: 'junk; =x; xp-home-hero=bold' },
      XP,
      [['xp-home-hero', 'bold']],
    ],
    ['two Cookie lines (HTTP/2)', { Cookie: ['a=1', 'xp-home-hero=bold'] }, XP, [['xp-home-hero', 'bold']]],
    [
      'a 4 KB cookie',
      { Cookie: `xp-home-hero=${'x'.repeat(4096)}` },
      XP,
      [['xp-home-hero', 'x'.repeat(4096)]],
    ],
    [
      'a 4 KB unrelated cookie before it',
      { Cookie: `big=${'y'.repeat(4096)}; xp-home-hero=bold` },
      XP,
      [['xp-home-hero', 'bold']],
    ],
    ['a cookie named toString', { Cookie: 'toString=1' }, ['toString'], [['toString', '1']]],
    ['a policy naming toString, no such cookie', { Cookie: 'a=1' }, ['toString'], []],
    ['a policy naming constructor, no such cookie', { Cookie: 'a=1' }, ['constructor'], []],
    ['a cookie named __proto__', { Cookie: '__proto__=1' }, ['__proto__'], [['__proto__', '1']]],
    [
      'a policy naming hasOwnProperty',
      { Cookie: 'hasOwnProperty=1; b=2' },
      ['hasOwnProperty', 'b'],
      [
        ['b', '2'],
        ['hasOwnProperty', '1'],
      ],
    ],
    [
      'several policy cookies (sorted by name)',
      { Cookie: 'b=2; c=3; a=1' },
      ['c', 'a', 'b'],
      [
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ],
    ],
  ])('returns the forwarded pairs for %s', (_name, input, allow, expected) => {
    expect(forwardedCookies(headers(input), allow)).toEqual(expected);
  });

  it('does not reorder the policy list it was given', () => {
    const allow = ['b', 'a'];
    forwardedCookies(headers({ Cookie: 'a=1; b=2' }), allow);
    expect(allow).toEqual(['b', 'a']);
  });
});

describe('forwardedQuery', () => {
  it.each<[string, string[], string]>([
    ['', ['a'], ''],
    ['a=1', [], ''],
    ['a=1&b=2', ['a'], 'a=1'],
    ['b=2&a=1', ['b', 'a'], 'a=1&b=2'],
    ['a=1&a=2', ['a'], 'a=1&a=2'],
    ['A=1', ['a'], ''],
    ['utm_source=x', ['a'], ''],
  ])('keeps only the policy names of %p (allow %j) → %p', (qs, allow, expected) => {
    expect(forwardedQuery(qs, allow)).toBe(expected);
  });
});

describe('cacheKey', () => {
  const key = (input: RequestInput, p: CachePolicyFacts = PAGES) => cacheKey(request(input), p);

  it('is the same for the same request', () => {
    expect(key({ uri: '/en/index.html' })).toBe(key({ uri: '/en/index.html' }));
  });

  it('is shared by HEAD and GET, but not by other methods', () => {
    expect(key({ uri: '/en/index.html', method: 'HEAD' })).toBe(
      key({ uri: '/en/index.html', method: 'GET' }),
    );
    expect(key({ uri: '/en/index.html', method: 'OPTIONS' })).not.toBe(key({ uri: '/en/index.html' }));
  });

  it.each<[string, RequestInput, RequestInput, CachePolicyFacts]>([
    ['another URI', { uri: '/en/index.html' }, { uri: '/ja/index.html' }, PAGES],
    ['a URI in another case', { uri: '/en/index.html' }, { uri: '/EN/index.html' }, PAGES],
    [
      'another experiment variant',
      { headers: { Cookie: 'xp-home-hero=control' } },
      { headers: { Cookie: 'xp-home-hero=bold' } },
      PAGES,
    ],
    ['no experiment cookie vs one', {}, { headers: { Cookie: 'xp-home-hero=control' } }, PAGES],
    [
      'a header the policy names',
      { headers: { 'Accept-Language': 'en' } },
      { headers: { 'Accept-Language': 'ja' } },
      policy({ headers: ['Accept-Language'] }),
    ],
    [
      'a query string the policy names',
      { querystring: 'v=1' },
      { querystring: 'v=2' },
      policy({ queryStrings: ['v'] }),
    ],
  ])('differs for %s', (_name, a, b, p) => {
    expect(key(a, p)).not.toBe(key(b, p));
  });

  it.each<[string, RequestInput, RequestInput, CachePolicyFacts]>([
    ['cookies outside the policy', { headers: { Cookie: 'a=1' } }, { headers: { Cookie: 'b=2' } }, PAGES],
    [
      'cookie order and spacing',
      { headers: { Cookie: 'a=1; xp-home-hero=bold' } },
      { headers: { Cookie: 'xp-home-hero=bold;a=2' } },
      PAGES,
    ],
    [
      'one Cookie line vs two',
      { headers: { Cookie: 'a=1; xp-home-hero=bold' } },
      { headers: { Cookie: ['a=1', 'xp-home-hero=bold'] } },
      PAGES,
    ],
    ['Accept-Language (not in the key)', { headers: { 'Accept-Language': 'ja' } }, {}, PAGES],
    ['User-Agent (not in the key)', { headers: { 'User-Agent': 'bot' } }, {}, PAGES],
    [
      'the query string when the policy names none',
      { querystring: 'utm=1' },
      { querystring: 'utm=2' },
      PAGES,
    ],
    [
      'query parameters outside the policy',
      { querystring: 'v=1&utm=1' },
      { querystring: 'utm=2&v=1' },
      policy({ queryStrings: ['v'] }),
    ],
    ['the client IP', { clientIp: '203.0.113.1' }, { clientIp: '198.51.100.7' }, PAGES],
    [
      'the experiment cookie on /assets/*',
      { uri: '/assets/a.css', headers: { Cookie: 'xp-home-hero=bold' } },
      { uri: '/assets/a.css', headers: { Cookie: 'xp-home-hero=control' } },
      ASSETS,
    ],
  ])('ignores %s', (_name, a, b, p) => {
    expect(key(a, p)).toBe(key(b, p));
  });

  it('survives a hostile Cookie header', () => {
    for (const Cookie of ['', ';;;', '=', 'toString=x', `a=${'z'.repeat(4096)}`])
      expect(key({ headers: { Cookie } })).toBe(key({}));
  });
});

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
    [301, undefined, 300],
    [404, undefined, 10],
    [404, 'public, max-age=0, s-maxage=60', 60],
    [404, 'no-store', 0],
    [503, undefined, 10],
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

  it('caches no-store for the minimum TTL when the minimum is above 0', () => {
    const p = policy({ ttl: { min: 30, default: 300, max: 3600 } });
    expect(ttlSeconds(200, 'no-store, max-age=0', p)).toBe(30);
  });
});

describe('ResponseCache', () => {
  const entry = (bodyBytes: number, over: Partial<CachedResponse> = {}): CachedResponse => ({
    status: 200,
    statusDescription: 'OK',
    headers: {},
    body: Buffer.alloc(bodyBytes, 0x61),
    storedAt: 0,
    expiresAt: 1_000_000,
    ...over,
  });
  /** Bytes one entry takes under `key`, measured on a roomy cache. */
  const sizeOf = (key: string, value: CachedResponse) => {
    const c = new ResponseCache(1 << 30);
    c.set(key, value);
    return c.bytes;
  };

  it('returns what was stored, and undefined for an unknown key', () => {
    const c = new ResponseCache(1 << 20);
    const v = entry(10, { headers: headers({ ETag: '"x"' }) });
    c.set('k', v);
    expect(c.get('k', 1)).toMatchObject({ status: 200, body: v.body, headers: v.headers });
    expect(c.get('other', 1)).toBeUndefined();
    expect(c.size).toBe(1);
  });

  it('counts bytes for bodies and headers, and gives them back on delete and clear', () => {
    const c = new ResponseCache(1 << 20);
    c.set('a', entry(100));
    expect(c.bytes).toBeGreaterThanOrEqual(100);
    const withHeaders = sizeOf('a', entry(100, { headers: headers({ 'X-Long': 'v'.repeat(500) }) }));
    expect(withHeaders).toBeGreaterThan(c.bytes + 500);
    c.set('b', entry(50));
    c.delete('a');
    expect(c.size).toBe(1);
    expect(c.bytes).toBe(sizeOf('b', entry(50)));
    c.delete('missing');
    expect(c.bytes).toBe(sizeOf('b', entry(50)));
    c.clear();
    expect(c.size).toBe(0);
    expect(c.bytes).toBe(0);
  });

  it('replaces an entry under the same key without counting it twice', () => {
    const c = new ResponseCache(1 << 20);
    c.set('a', entry(100, { status: 200 }));
    const once = c.bytes;
    c.set('a', entry(100, { status: 404 }));
    expect(c.bytes).toBe(once);
    expect(c.size).toBe(1);
    expect(c.get('a', 1)?.status).toBe(404);
  });

  it.each([
    ['before expiry', 999_999, true],
    ['at expiry', 1_000_000, false],
    ['after expiry', 2_000_000, false],
  ])('serves an entry %s only while fresh', (_name, now, fresh) => {
    const c = new ResponseCache(1 << 20);
    c.set('a', entry(10, { storedAt: 0, expiresAt: 1_000_000 }));
    expect(c.get('a', now) !== undefined).toBe(fresh);
  });

  it('drops an expired entry and its bytes when it is read', () => {
    const c = new ResponseCache(1 << 20);
    c.set('a', entry(10, { expiresAt: 100 }));
    c.set('b', entry(10, { expiresAt: 1_000 }));
    expect(c.get('a', 100)).toBeUndefined();
    expect(c.size).toBe(1);
    expect(c.bytes).toBe(sizeOf('b', entry(10)));
    expect(c.get('b', 100)).toBeDefined();
  });

  it('evicts the least recently used entry when over its byte bound', () => {
    const one = sizeOf('a', entry(100));
    const c = new ResponseCache(3 * one);
    c.set('a', entry(100));
    c.set('b', entry(100));
    c.set('c', entry(100));
    expect(c.size).toBe(3);
    expect(c.get('a', 1)).toBeDefined(); // a is now the most recently used; b the least
    c.set('d', entry(100));
    expect(c.size).toBe(3);
    expect(c.get('b', 1)).toBeUndefined();
    expect(c.get('a', 1)).toBeDefined();
    expect(c.get('c', 1)).toBeDefined();
    expect(c.get('d', 1)).toBeDefined();
    expect(c.bytes).toBeLessThanOrEqual(3 * one);
  });

  it('evicts as many old entries as a large new one needs', () => {
    const small = sizeOf('a', entry(100));
    const c = new ResponseCache(4 * small);
    for (const k of ['a', 'b', 'c', 'd']) c.set(k, entry(100));
    c.set('big', entry(2 * small));
    expect(c.get('big', 1)).toBeDefined();
    expect(c.get('a', 1)).toBeUndefined();
    expect(c.get('b', 1)).toBeUndefined();
    expect(c.get('c', 1)).toBeUndefined();
    expect(c.get('d', 1)).toBeDefined();
    expect(c.bytes).toBeLessThanOrEqual(4 * small);
  });

  it('does not store an entry larger than the whole bound, and keeps the others', () => {
    const c = new ResponseCache(1000);
    c.set('a', entry(10));
    const before = c.bytes;
    c.set('huge', entry(5000));
    expect(c.get('huge', 1)).toBeUndefined();
    expect(c.get('a', 1)).toBeDefined();
    expect(c.bytes).toBe(before);
  });

  it('stores nothing with a bound of 0', () => {
    const c = new ResponseCache(0);
    c.set('a', entry(0));
    expect(c.size).toBe(0);
    expect(c.bytes).toBe(0);
  });
});
