/**
 * The cache over HTTP: error caching (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/HTTPStatusCodes.html),
 * request collapsing (off where cookies are forwarded), the query string as received in the key, and one
 * normalised Accept-Encoding for the key and the compression.
 */
import { gunzipSync } from 'node:zlib';
import type { CloudFrontResponseEvent } from '../../edge-functions/cloudfront/types';
import { fetchPath, rawRequest } from './http';
import { closeStubs, responseOf, startStub, tempSite } from './stubs';
import { fixture, FIXTURES } from '../support/fixtures';

afterEach(closeStubs);

const PAGE = '<!doctype html><p>page</p>\n'.repeat(60);
const site = () => tempSite({ 'en/index.html': PAGE, 'assets/app.0123abcd.css': 'body{}\n'.repeat(300) });

/** An origin-response answering `status` with `cacheControl`, counting its calls. */
function counting(status: number, cacheControl?: string) {
  const counter = { calls: 0 };
  const handler = async (e: CloudFrontResponseEvent) => {
    counter.calls++;
    const res = responseOf(e);
    res.status = String(status);
    if (cacheControl === undefined) delete res.headers['cache-control'];
    else res.headers['cache-control'] = [{ key: 'Cache-Control', value: cacheControl }];
    return res;
  };
  return { counter, handler };
}

describe('error caching', () => {
  it.each<[number, string | undefined, boolean]>([
    [404, undefined, true],
    [405, undefined, true],
    [414, undefined, true],
    [500, undefined, true],
    [501, undefined, true],
    [502, undefined, true],
    [503, undefined, true],
    [504, undefined, true],
    [503, 'no-store', true],
    [500, 'private', true],
    [404, 'no-store', false],
    [404, 'no-cache', false],
    [501, 'private', false],
    [414, 'no-store', false],
    [400, undefined, false],
    [403, undefined, false],
    [412, undefined, false],
    [415, undefined, false],
    [400, 'max-age=30', true],
    [403, 's-maxage=30', true],
    [403, 'public, max-age=0', true],
    [410, undefined, false],
    [429, undefined, false],
    [416, 'max-age=60', false],
  ])('a %i with Cache-Control %p is cached: %p', async (status, cc, cached) => {
    const { counter, handler } = counting(status, cc);
    const s = await startStub('demo', { siteDir: site(), originResponse: handler });
    const a = await rawRequest(s.port, '/en/index.html');
    const b = await rawRequest(s.port, '/en/index.html');
    expect([a.status, b.status]).toEqual([status, status]);
    expect(counter.calls).toBe(cached ? 1 : 2);
    expect(s.cache.entries).toBe(cached ? 1 : 0);
    expect(b.headers['x-cache']).toBe('Error from cloudfront');
  });
});

describe.each(FIXTURES)('request collapsing on %s', (name) => {
  const slow = () => {
    const counter = { calls: 0 };
    const handler = async (e: CloudFrontResponseEvent) => {
      counter.calls++;
      await new Promise((r) => setTimeout(r, 60));
      return responseOf(e);
    };
    return { counter, handler };
  };

  it('is off on a behaviour that forwards cookies: each simultaneous miss reaches the origin', async () => {
    const { counter, handler } = slow();
    const s = await startStub(name, { siteDir: site(), originResponse: handler });
    const all = await Promise.all(Array.from({ length: 5 }, () => rawRequest(s.port, '/en/index.html')));
    expect(all.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(counter.calls).toBe(5);
    expect(all.every((r) => r.headers['x-cache'] === 'Miss from cloudfront')).toBe(true);
  });

  it('is on where no cookie is forwarded: one origin fetch, the rest are hits', async () => {
    const { counter, handler } = slow();
    const s = await startStub(name, { siteDir: site(), originResponse: handler });
    const all = await Promise.all(
      Array.from({ length: 5 }, () => rawRequest(s.port, '/assets/app.0123abcd.css')),
    );
    expect(counter.calls).toBe(1);
    expect(all.filter((r) => r.headers['x-cache'] === 'Hit from cloudfront')).toHaveLength(4);
  });
});

describe('the query string in the key', () => {
  const withQuery = () => {
    const { config } = fixture('demo');
    const origin: string[] = [];
    const start = () =>
      startStub('demo', {
        siteDir: site(),
        config: { ...config, cache: { ...config.cache, queryStrings: ['v', 'w'] } },
        originResponse: async (e) => {
          origin.push(e.Records[0]!.cf.request.querystring);
          return responseOf(e);
        },
      });
    return { origin, start };
  };

  it('keeps the order the viewer sent: a=1&b=2 and b=2&a=1 are two entries', async () => {
    const { origin, start } = withQuery();
    const s = await start();
    const a = await rawRequest(s.port, '/en/index.html?w=1&v=2');
    const b = await rawRequest(s.port, '/en/index.html?v=2&w=1');
    expect([a.headers['x-cache'], b.headers['x-cache']]).toEqual([
      'Miss from cloudfront',
      'Miss from cloudfront',
    ]);
    expect(origin).toEqual(['w=1&v=2', 'v=2&w=1']);
  });

  it('keeps the encoding the viewer sent, and drops only the parameters the policy does not name', async () => {
    const { origin, start } = withQuery();
    const s = await start();
    await rawRequest(s.port, '/en/index.html?v=%41&utm=1');
    const other = await rawRequest(s.port, '/en/index.html?v=A');
    const same = await rawRequest(s.port, '/en/index.html?utm=2&v=%41');
    expect(other.headers['x-cache']).toBe('Miss from cloudfront');
    expect(same.headers['x-cache']).toBe('Hit from cloudfront');
    expect(origin).toEqual(['v=%41', 'v=A']);
  });
});

describe('several Accept-Encoding lines', () => {
  it('are keyed and compressed the same way', async () => {
    const s = await startStub('demo', { siteDir: site() });
    const two = await rawRequest(s.port, '/en/index.html', [
      ['Accept-Encoding', 'identity'],
      ['Accept-Encoding', 'gzip'],
    ]);
    expect(two.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(two.body).toString()).toBe(PAGE);
    const one = await rawRequest(s.port, '/en/index.html', [['Accept-Encoding', 'gzip']]);
    expect(one.headers['x-cache']).toBe('Hit from cloudfront');
    expect(one.headers['content-encoding']).toBe('gzip');
    const identity = await fetchPath(s.url, '/en/index.html');
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(identity.body).toBe(PAGE);
  });
});
