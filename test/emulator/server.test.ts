/**
 * The local CloudFront over real HTTP, with the bundles that deploy (`dist/`) and the demo site.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startServer, type LocalCloudFront } from '../../emulator';
import { enrollThrough, fetchPath, rawRequest, type FetchedResponse } from './http';
import { fixture, serverOptions } from '../support/fixtures';

const config = fixture('demo').resolved;

const CSS = readdirSync(path.join(fixture('demo').siteDir, 'assets')).find((f) => f.endsWith('.css'))!;
/** Returning visitors: proofs of enrollment the local CloudFront issued (beforeAll). */
const CONTROL = { Cookie: '' };
const BOLD = { Cookie: '' };
const NAVIGATE = { 'Sec-Fetch-Mode': 'navigate' };
const SET_COOKIE =
  /^xp-home-hero=(control|bold)\.e[\w-]{16}\.[\w-]{22}; Max-Age=2592000; Path=\/; Secure; HttpOnly; SameSite=Lax$/;

let server: LocalCloudFront;
const get = (p: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetchPath(server.url, p, headers, method);
const variantOf = (body: string) => /data-variant="([a-z]+)"/.exec(body)?.[1];

beforeAll(async () => {
  server = await startServer({ ...serverOptions('demo'), port: 0, log: false });
  CONTROL.Cookie = await enrollThrough(server.url, '/en/', 'xp-home-hero', 'control');
  BOLD.Cookie = await enrollThrough(server.url, '/en/', 'xp-home-hero', 'bold');
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.purge());

describe('local CloudFront with the shipped bundles', () => {
  it('listens on a free port on the loopback address', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
  });

  describe('locale redirect', () => {
    it('redirects / to /ja/ for Accept-Language: ja-JP with a generated response', async () => {
      const r = await get('/', { 'Accept-Language': 'ja-JP' });
      expect(r.status).toBe(302);
      expect(r.headers.get('location')).toBe('/ja/');
      expect(r.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    });

    it('redirects / to /en/ for a visitor asking for English', async () => {
      const r = await get('/', { 'Accept-Language': 'en-GB,en;q=0.8' });
      expect(r.status).toBe(302);
      expect(r.headers.get('location')).toBe('/en/');
    });

    it('never stores the redirect', async () => {
      const first = await get('/', { 'Accept-Language': 'ja-JP' });
      const second = await get('/', { 'Accept-Language': 'ja-JP' });
      expect(first.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
      expect(second.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
      expect(server.cache.entries).toBe(0);
    });
  });

  describe('caching', () => {
    it('serves /en/ as a miss, then as a hit with an Age header', async () => {
      const started = Date.now();
      const first = await get('/en/', CONTROL);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-cache')).toBe('Miss from cloudfront');
      expect(first.headers.get('age')).toBeNull();

      const second = await get('/en/', CONTROL);
      expect(second.status).toBe(200);
      expect(second.headers.get('x-cache')).toBe('Hit from cloudfront');
      expect(second.headers.get('age')).toMatch(/^\d+$/);
      // At most the whole seconds since the first request was sent, however slow the machine is.
      expect(Number(second.headers.get('age'))).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1000));
      expect(second.body).toBe(first.body);
      expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    });

    it('serves the page from the bucket with the html cache policy and content language', async () => {
      const r = await get('/en/', CONTROL);
      expect(r.body).toBe(readFileSync(path.join(fixture('demo').siteDir, 'en', 'index.html'), 'utf8'));
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('cache-control')).toBe(config.cache.htmlCacheControl);
      expect(r.headers.get('content-language')).toBe('en');
      expect(r.headers.get('content-length')).toBe(String(Buffer.byteLength(r.body)));
    });

    it('keys the cache on the variant: bold and control are two entries, however many visitors', async () => {
      expect(server.cache.entries).toBe(0);
      await get('/en/', CONTROL);
      expect(server.cache.entries).toBe(1);
      const again = await get('/en/', CONTROL);
      expect(again.headers.get('x-cache')).toBe('Hit from cloudfront');
      expect(server.cache.entries).toBe(1);
      const bold = await get('/en/', BOLD);
      expect(bold.headers.get('x-cache')).toBe('Miss from cloudfront');
      expect(server.cache.entries).toBe(2);
      // Another visitor's proof of the same variant is another cookie, and the same entry.
      const other = await enrollThrough(server.url, '/en/', 'xp-home-hero', 'bold');
      expect(other).not.toBe(BOLD.Cookie);
      expect((await get('/en/', { Cookie: other })).headers.get('x-cache')).toBe('Hit from cloudfront');
      expect(server.cache.entries).toBe(2);
    });

    it('ignores cookies outside the cache policy', async () => {
      await get('/en/', CONTROL);
      const r = await get('/en/', { Cookie: `${CONTROL.Cookie}; session=abc; theme=dark` });
      expect(r.headers.get('x-cache')).toBe('Hit from cloudfront');
      expect(server.cache.entries).toBe(1);
    });

    it('ignores the query string (the cache policy names none)', async () => {
      await get('/en/', CONTROL);
      const r = await get('/en/?utm_source=x&b=2', CONTROL);
      expect(r.headers.get('x-cache')).toBe('Hit from cloudfront');
    });

    it('answers HEAD from the entry GET stored, with no body', async () => {
      const full = await get('/en/', CONTROL);
      const head = await get('/en/', CONTROL, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.headers.get('x-cache')).toBe('Hit from cloudfront');
      expect(head.body).toBe('');
      expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(full.body)));
    });

    it('stores the localized 404 page for its s-maxage (X-Cache says Error, Age shows the hit)', async () => {
      const first = await get('/ja/nope/', CONTROL);
      const second = await get('/ja/nope/', CONTROL);
      expect(first.headers.get('x-cache')).toBe('Error from cloudfront');
      expect(first.headers.get('age')).toBeNull();
      expect(second.status).toBe(404);
      expect(second.headers.get('x-cache')).toBe('Error from cloudfront');
      expect(second.headers.get('age')).toMatch(/^\d+$/);
      expect(server.cache.entries).toBe(1);
    });

    it('purge() empties the cache and the next request is a miss', async () => {
      await get('/en/', CONTROL);
      await get('/ja/', CONTROL);
      expect(server.cache.entries).toBe(2);
      expect(server.cache.bytes).toBeGreaterThan(0);
      server.purge();
      expect(server.cache).toEqual({ bytes: 0, entries: 0 });
      const r = await get('/en/', CONTROL);
      expect(r.headers.get('x-cache')).toBe('Miss from cloudfront');
    });
  });

  describe('not found', () => {
    it('answers /ja/nope/ with the Japanese 404 page', async () => {
      const r = await get('/ja/nope/');
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.headers.get('content-language')).toBe('ja');
      expect(r.headers.get('cache-control')).toBe(config.cache.notFoundCacheControl);
      expect(r.body).toMatch(/^<!doctype html>/i);
      expect(r.body).toContain('<html lang="ja"');
      expect(r.body).not.toContain('AccessDenied');
      expect(r.headers.get('etag')).toBeNull();
    });

    it('answers a missing asset with a 404 page, not the S3 XML error', async () => {
      const r = await get('/assets/missing.0123abcd.css');
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(r.body).not.toContain('<Error>');
    });
  });

  describe('headers the viewer sees', () => {
    const requests: [string, () => Promise<FetchedResponse>, number][] = [
      ['a page (200)', () => get('/en/', CONTROL), 200],
      [
        'a cached page (200 hit)',
        async () => {
          await get('/en/', CONTROL);
          return get('/en/', CONTROL);
        },
        200,
      ],
      ['a missing page (404)', () => get('/ja/nope/'), 404],
      ['the locale redirect (302)', () => get('/', { 'Accept-Language': 'ja-JP' }), 302],
      ['an asset (200)', () => get(`/assets/${CSS}`), 200],
    ];

    it.each(requests)('adds every configured security header to %s', async (_name, send, status) => {
      const r = await send();
      expect(r.status).toBe(status);
      expect(r.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      expect(r.headers.get('content-security-policy')).toContain("default-src 'none'");
      for (const h of config.securityHeaderList) expect(r.headers.get(h.name)).toBe(h.value);
    });

    it.each(requests)(
      'leaks neither S3’s Server header (CloudFront names itself) nor its x-amz-* headers in %s',
      async (_name, send, status) => {
        const r = await send();
        expect(r.status).toBe(status);
        const names: string[] = [];
        r.headers.forEach((_value, name) => names.push(name));
        expect(names).toContain('x-cache');
        expect(r.headers.get('server')).toBe('CloudFront');
        // CloudFront's own x-amz-cf-id / x-amz-cf-pop are the only x-amz-* headers a viewer gets.
        expect(names.filter((n) => n.startsWith('x-amz-')).sort()).toEqual(['x-amz-cf-id', 'x-amz-cf-pop']);
        expect(r.headers.get('via')).toMatch(/\(CloudFront\)$/);
      },
    );

    it('gives each response its own x-amz-cf-id, even for cache hits', async () => {
      const a = await get('/en/', CONTROL);
      const b = await get('/en/', CONTROL);
      expect(b.headers.get('x-cache')).toBe('Hit from cloudfront');
      expect(a.headers.get('x-amz-cf-id')).not.toBe(b.headers.get('x-amz-cf-id'));
    });
  });

  describe('fingerprinted assets', () => {
    it(`serves /assets/${CSS} as immutable css without cookies`, async () => {
      const r = await get(`/assets/${CSS}`, { ...NAVIGATE, ...BOLD });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(r.headers.get('cache-control')).toContain('immutable');
      expect(r.headers.get('set-cookie')).toBeNull();
      expect(r.setCookies).toEqual([]);
      expect(r.body).toBe(readFileSync(path.join(fixture('demo').siteDir, 'assets', CSS), 'utf8'));
    });

    it('keys assets on the path only: cookies and locale do not split the entry', async () => {
      await get(`/assets/${CSS}`, BOLD);
      const r = await get(`/assets/${CSS}`, { ...CONTROL, 'Accept-Language': 'ja' });
      expect(r.headers.get('x-cache')).toBe('Hit from cloudfront');
      expect(server.cache.entries).toBe(1);
    });
  });

  describe('methods', () => {
    it.each(['POST', 'PUT', 'DELETE', 'PATCH'])(
      'refuses %s with 403 before any function runs',
      async (method) => {
        const r = await get('/en/', CONTROL, method);
        expect(r.status).toBe(403);
        expect(r.headers.get('x-cache')).toBe('Error from cloudfront');
        expect(r.body).toContain('not configured to allow the HTTP request method');
        expect(server.cache.entries).toBe(0);
      },
    );
  });

  describe('conditional and range requests', () => {
    it('answers If-None-Match with the ETag of a previous 200 with 304 and no body', async () => {
      const first = await get('/en/', CONTROL);
      const etag = first.headers.get('etag')!;
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      const r = await get('/en/', { ...CONTROL, 'If-None-Match': etag });
      expect(r.status).toBe(304);
      expect(r.body).toBe('');
      expect(r.headers.get('etag')).toBe(etag);
    });

    it('matches an ETag inside an If-None-Match list', async () => {
      const etag = (await get('/en/', CONTROL)).headers.get('etag')!;
      const r = await get('/en/', { ...CONTROL, 'If-None-Match': `"0000", ${etag}` });
      expect(r.status).toBe(304);
    });

    it('answers a stale ETag with the full 200', async () => {
      const first = await get('/en/', CONTROL);
      const r = await get('/en/', { ...CONTROL, 'If-None-Match': '"00000000000000000000000000000000"' });
      expect(r.status).toBe(200);
      expect(r.body).toBe(first.body);
    });

    it('answers If-None-Match on a miss too (the origin request is not conditional)', async () => {
      const etag = (await get('/en/', CONTROL)).headers.get('etag')!;
      server.purge();
      const r = await get('/en/', { ...CONTROL, 'If-None-Match': etag });
      expect(r.headers.get('x-cache')).toBe('Miss from cloudfront');
      expect(r.status).toBe(304);
    });

    it('answers Range: bytes=0-9 with 206 and Content-Range', async () => {
      const full = await get('/en/', CONTROL);
      const size = Buffer.byteLength(full.body);
      const r = await get('/en/', { ...CONTROL, Range: 'bytes=0-9' });
      expect(r.status).toBe(206);
      expect(r.headers.get('content-range')).toBe(`bytes 0-9/${size}`);
      expect(r.headers.get('content-length')).toBe('10');
      expect(r.body).toBe(Buffer.from(full.body).subarray(0, 10).toString());
    });

    it('answers a suffix range with the last bytes', async () => {
      const full = Buffer.from((await get('/en/', CONTROL)).body);
      const r = await get('/en/', { ...CONTROL, Range: 'bytes=-5' });
      expect(r.status).toBe(206);
      expect(r.headers.get('content-range')).toBe(
        `bytes ${full.length - 5}-${full.length - 1}/${full.length}`,
      );
      expect(r.body).toBe(full.subarray(full.length - 5).toString());
    });

    it('answers a range past the end with 416', async () => {
      const full = Buffer.from((await get('/en/', CONTROL)).body);
      const r = await get('/en/', { ...CONTROL, Range: `bytes=${full.length}-` });
      expect(r.status).toBe(416);
      expect(r.headers.get('content-range')).toBe(`bytes */${full.length}`);
      expect(r.body).toBe('');
    });
  });

  describe('A/B experiment on the home page', () => {
    it('answers a new browser with an uncached redirect back to the page that sets its proof', async () => {
      for (let i = 0; i < 2; i++) {
        const r = await get('/en/', NAVIGATE);
        expect(r.status).toBe(302);
        expect(r.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
        expect(r.headers.get('cache-control')).toBe('private, no-store');
        expect(r.headers.get('location')).toMatch(/^\/en\/\?_xpe=[0-9a-z]+$/);
        expect(r.setCookies).toHaveLength(1);
        expect(r.setCookies[0]).toMatch(SET_COOKIE);
      }
      expect(server.cache.entries).toBe(0);
    });

    it('serves the page of the proof after the redirect, with no cookie of its own', async () => {
      const first = await get('/en/', NAVIGATE);
      const proof = first.setCookies[0]!.split(';')[0]!;
      const r = await get(first.headers.get('location')!, { ...NAVIGATE, Cookie: proof });
      expect(r.status).toBe(200);
      expect(variantOf(r.body)).toBe(SET_COOKIE.exec(first.setCookies[0]!)![1]);
      expect(r.setCookies).toEqual([]);
    });

    it('serves the bold page to a visitor with a bold proof', async () => {
      const r = await get('/en/', { ...NAVIGATE, ...BOLD });
      expect(r.status).toBe(200);
      expect(r.body).toContain('data-variant="bold"');
      expect(r.body).toBe(readFileSync(path.join(fixture('demo').siteDir, 'en', 'index.bold.html'), 'utf8'));
      expect(r.setCookies).toEqual([]);
    });

    it('serves the control page to a visitor with a control proof', async () => {
      const r = await get('/ja/', CONTROL);
      expect(r.body).toContain('data-variant="control"');
      expect(r.body).toContain('<html lang="ja"');
    });

    it('never caches a cookie with a page: hits and misses carry no Set-Cookie', async () => {
      const miss = await get('/en/', BOLD);
      const hit = await get('/en/', BOLD);
      expect(hit.headers.get('x-cache')).toBe('Hit from cloudfront');
      expect([miss.setCookies, hit.setCookies]).toEqual([[], []]);
      expect(variantOf(hit.body)).toBe('bold');
    });

    it('re-buckets a tampered cookie value with a new proof', async () => {
      const r = await get('/en/', { ...NAVIGATE, Cookie: 'xp-home-hero=<script>' });
      expect(r.status).toBe(302);
      expect(r.setCookies).toHaveLength(1);
      expect(r.setCookies[0]).toMatch(SET_COOKIE);
    });

    it('gives a client without cookies nor Sec-Fetch-Mode one stable variant and no cookie', async () => {
      const a = await rawRequest(server.port, '/en/');
      const b = await rawRequest(server.port, '/en/');
      expect(a.status).toBe(200);
      expect(a.headers['set-cookie']).toBeUndefined();
      expect(b.headers['set-cookie']).toBeUndefined();
      expect(b.headers['x-cache']).toBe('Hit from cloudfront');
      expect(variantOf(b.body.toString())).toBe(variantOf(a.body.toString()));
      expect(['control', 'bold']).toContain(variantOf(a.body.toString()));
    });
  });

  describe('raw request targets', () => {
    it('refuses a path that tries to climb out of /assets/ (no viewer-request runs there)', async () => {
      const r = await rawRequest(server.port, '/assets/../en/index.html');
      expect(r.status).toBe(404);
      expect(r.body.toString()).not.toContain('data-variant');
    });

    it('refuses an encoded climb out of /assets/', async () => {
      const r = await rawRequest(server.port, '/assets/%2e%2e/%2e%2e/package.json');
      expect(r.status).toBe(404);
      expect(r.body.toString()).not.toContain('"name"');
    });

    it('answers a malformed percent-escape in a page path with 400 from viewer-request', async () => {
      const r = await rawRequest(server.port, '/en/%ZZ');
      expect(r.status).toBe(400);
      expect(r.headers['x-cache']).toBe('LambdaGeneratedResponse from cloudfront');
    });

    it('reads the path of an absolute-form request target', async () => {
      const r = await rawRequest(server.port, `http://127.0.0.1:${server.port}/assets/${CSS}`);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('text/css; charset=utf-8');
    });
  });
});

describe('local CloudFront with a bounded cache', () => {
  const servers: LocalCloudFront[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  const start = async (cacheMaxBytes?: number) => {
    const s = await startServer({ ...serverOptions('demo'), port: 0, log: false, cacheMaxBytes });
    servers.push(s);
    return s;
  };

  it('evicts the least recently used page to stay under cacheMaxBytes', async () => {
    // Measure one entry per page, then allow less than both together.
    const probe = await start();
    await fetchPath(probe.url, '/en/', CONTROL);
    const en = probe.cache.bytes;
    probe.purge();
    await fetchPath(probe.url, '/ja/', CONTROL);
    const ja = probe.cache.bytes;
    expect(en).toBeGreaterThan(0);
    expect(ja).toBeGreaterThan(0);

    const max = en + ja - 1;
    const s = await start(max);
    const xcache = async (p: string) => (await fetchPath(s.url, p, CONTROL)).headers.get('x-cache');
    expect(await xcache('/en/')).toBe('Miss from cloudfront');
    expect(await xcache('/ja/')).toBe('Miss from cloudfront');
    expect(s.cache.entries).toBe(1);
    expect(s.cache.bytes).toBeLessThanOrEqual(max);
    expect(await xcache('/ja/')).toBe('Hit from cloudfront');
    expect(await xcache('/en/')).toBe('Miss from cloudfront');
    expect(s.cache.entries).toBe(1);
  });

  it('never stores a response larger than the whole cache', async () => {
    const s = await start(100);
    const a = await fetchPath(s.url, '/en/', CONTROL);
    const b = await fetchPath(s.url, '/en/', CONTROL);
    expect(a.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(b.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(b.status).toBe(200);
    expect(s.cache).toEqual({ bytes: 0, entries: 0 });
  });
});
