/**
 * Set-Cookie through the cache, as CloudFront documents it: a behaviour that forwards no cookies removes
 * every Set-Cookie; one that forwards any passes every line through, caches it with the object and replays it
 * on hits; `Cache-Control: no-cache="Set-Cookie"` caches the object without those lines.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Cookies.html
 */
import { cacheBehaviors } from '../../edge-functions/config/cache-policy';
import { fetchPath } from './http';
import { closeStubs, editResponse, startStub, tempSite } from './stubs';
import { fixture, FIXTURES } from '../support/fixtures';

afterEach(closeStubs);

const PAGE = '<!doctype html><p>page</p>\n';
const site = () => tempSite({ 'en/index.html': PAGE, 'assets/app.0123abcd.css': 'body{}\n' });
const addCookies = (lines: readonly string[], cacheControl = 'public, s-maxage=60') =>
  editResponse((h) => {
    h['set-cookie'] = lines.map((value) => ({ key: 'Set-Cookie', value }));
    h['cache-control'] = [{ key: 'Cache-Control', value: cacheControl }];
  });

describe.each(FIXTURES)('Set-Cookie on the %s fixture', (name) => {
  const pageCookies = cacheBehaviors(fixture(name).config).find((b) => b.pathPattern === '*')!.cachePolicy
    .cookies;
  const keyed = pageCookies[0]!;

  it('forwards cookies on pages (the premise of the rows below)', () => {
    expect(pageCookies.length).toBeGreaterThan(0);
  });

  it('passes every Set-Cookie through on a behaviour that forwards cookies, and replays them on a hit', async () => {
    const lines = ['tracking=abc; Path=/', `${keyed}=x; Path=/`, 'session=1; HttpOnly'];
    const s = await startStub(name, { siteDir: site(), originResponse: addCookies(lines) });
    const miss = await fetchPath(s.url, '/en/index.html');
    const hit = await fetchPath(s.url, '/en/index.html');
    expect(miss.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(miss.setCookies).toEqual(lines);
    expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(hit.setCookies).toEqual(lines);
  });

  it('removes every Set-Cookie on a behaviour that forwards no cookies', async () => {
    const s = await startStub(name, {
      siteDir: site(),
      originResponse: addCookies(['tracking=abc; Path=/', `${keyed}=x`]),
    });
    const r = await fetchPath(s.url, '/assets/app.0123abcd.css');
    expect(r.status).toBe(200);
    expect(r.setCookies).toEqual([]);
  });

  it.each(['no-cache="Set-Cookie"', 'no-cache="set-cookie, set-cookie2"', 'NO-CACHE="Set-Cookie"'])(
    'caches the object without its Set-Cookie lines for Cache-Control: %s',
    async (directive) => {
      const s = await startStub(name, {
        siteDir: site(),
        originResponse: addCookies(['tracking=abc; Path=/'], `public, s-maxage=60, ${directive}`),
      });
      const miss = await fetchPath(s.url, '/en/index.html');
      const hit = await fetchPath(s.url, '/en/index.html');
      expect(miss.setCookies).toEqual(['tracking=abc; Path=/']);
      expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
      expect(hit.body).toBe(PAGE);
      expect(hit.setCookies).toEqual([]);
    },
  );

  it('warns when a cached Set-Cookie is not a function of the cache key', async () => {
    const lines: string[] = [];
    const s = await startStub(name, {
      siteDir: site(),
      originResponse: addCookies(['tracking=abc; Path=/']),
      log: (l) => lines.push(l),
    });
    await fetchPath(s.url, '/en/index.html');
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([
      expect.stringMatching(/E_SET_COOKIE_NOT_KEYED.*'tracking'.*\/en\/index\.html/),
    ]);
  });

  it('does not warn for a keyed cookie echoing the value in the key, nor when nothing is cached', async () => {
    const lines: string[] = [];
    const echo = await startStub(name, {
      siteDir: site(),
      originResponse: addCookies([`${keyed}=v1; Path=/`]),
      log: (l) => lines.push(l),
    });
    await fetchPath(echo.url, '/en/index.html', { Cookie: `${keyed}=v1` });
    const uncached = await startStub(name, {
      siteDir: site(),
      originResponse: addCookies(['tracking=abc'], 'no-store'),
      log: (l) => lines.push(l),
    });
    await fetchPath(uncached.url, '/en/index.html');
    expect(lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });
});
