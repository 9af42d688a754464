/**
 * The cache key: URI + the cookies, headers and query strings a policy names + the normalised
 * Accept-Encoding; the same helpers decide what the origin receives.
 */
import type { CloudFrontRequest } from '../../../edge-functions/cloudfront/types';
import { cacheBehaviors, type CachePolicyFacts } from '../../../edge-functions/config/cache-policy';
import { cacheKey, forwardedCookies, forwardedQuery, viewerEncoding } from '../../../emulator/cache/key';
import { headers, viewerRequest, type HeaderInput, type RequestInput } from '../../support/events';
import { fixture } from '../../support/fixtures';

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
    ['b=2&a=1', ['b', 'a'], 'b=2&a=1'],
    ['b=2&a=1', ['a', 'b'], 'b=2&a=1'],
    ['a=1&a=2', ['a'], 'a=1&a=2'],
    ['A=1', ['a'], ''],
    ['utm_source=x', ['a'], ''],
    ['a=%41&b=A', ['a', 'b'], 'a=%41&b=A'],
    ['a=x+y&a=x%20y', ['a'], 'a=x+y&a=x%20y'],
    ['%61=1&utm=2', ['a'], '%61=1'],
    ['a&a=&a=1', ['a'], 'a&a=&a=1'],
    ['a=1&&b=2', ['a', 'b'], 'a=1&b=2'],
    ['%E0%A4%A=1&a=2', ['a'], 'a=2'],
  ])('keeps the policy names of %p (allow %j) as sent, in order → %p', (qs, allow, expected) => {
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
    [
      'the order of named query strings',
      { querystring: 'v=1&w=2' },
      { querystring: 'w=2&v=1' },
      policy({ queryStrings: ['v', 'w'] }),
    ],
    [
      'the encoding of a named query string',
      { querystring: 'v=%41' },
      { querystring: 'v=A' },
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

describe('viewerEncoding', () => {
  it.each<[string, HeaderInput, CachePolicyFacts, string]>([
    ['no Accept-Encoding', {}, PAGES, ''],
    ['gzip', { 'Accept-Encoding': 'gzip' }, PAGES, 'gzip'],
    ['br and gzip, any order and case', { 'Accept-Encoding': 'GZIP, deflate, Br' }, PAGES, 'br,gzip'],
    ['gzip refused with q=0', { 'Accept-Encoding': 'gzip;q=0, br' }, PAGES, 'br'],
    ['gzip with q=0.000', { 'Accept-Encoding': 'gzip; q=0.000' }, PAGES, ''],
    ['gzip with q=0.5', { 'Accept-Encoding': 'gzip;q=0.5' }, PAGES, 'gzip'],
    ['only deflate and identity', { 'Accept-Encoding': 'deflate, identity' }, PAGES, ''],
    ['two lines', { 'Accept-Encoding': ['identity', 'gzip'] }, PAGES, 'gzip'],
    ['two lines, br in the second', { 'Accept-Encoding': ['gzip', 'br'] }, PAGES, 'br,gzip'],
    ['br on a policy without brotli', { 'Accept-Encoding': 'br, gzip' }, policy({ brotli: false }), 'gzip'],
    [
      'gzip on a policy without compression',
      { 'Accept-Encoding': 'gzip' },
      policy({ gzip: false, brotli: false }),
      '',
    ],
  ])('normalises %s', (_name, input, p, expected) => {
    expect(viewerEncoding(headers(input), p)).toBe(expected);
  });

  it('keys two Accept-Encoding lines like the one line they add up to', () => {
    const two = cacheKey(request({ headers: { 'Accept-Encoding': ['identity', 'gzip'] } }), PAGES);
    expect(two).toBe(cacheKey(request({ headers: { 'Accept-Encoding': 'gzip' } }), PAGES));
  });
});
