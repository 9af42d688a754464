/** The local CloudFront's own routes (`/__cloudfront/*`), answered before any behaviour, to this machine only. */
import { fetchPath, rawRequest } from './http';
import { closeStubs, startStub, tempSite } from './stubs';

afterEach(closeStubs);

const site = () => tempSite({ 'en/index.html': 'en', 'ja/index.html': 'ja' });
const INVALIDATIONS = '/__cloudfront/invalidations';
const invalidate = (url: string, body: string) =>
  fetch(`${url}/__cloudfront/invalidations`, { method: 'POST', body });

describe('POST /__cloudfront/invalidations', () => {
  it('drops the entries under the paths given, like create-invalidation, and answers 201', async () => {
    const s = await startStub('demo', { siteDir: site() });
    await fetchPath(s.url, '/en/index.html');
    await fetchPath(s.url, '/ja/index.html');
    const res = await invalidate(s.url, JSON.stringify({ paths: ['/en/*'] }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ invalidated: 1, paths: ['/en/*'] });
    expect((await fetchPath(s.url, '/en/index.html')).headers.get('x-cache')).toBe('Miss from cloudfront');
    expect((await fetchPath(s.url, '/ja/index.html')).headers.get('x-cache')).toBe('Hit from cloudfront');
  });

  it.each(['', 'not json', '{"paths":"/en/*"}', '{"paths":["no-slash"]}'])(
    'invalidates everything for the body %p',
    async (body) => {
      const s = await startStub('demo', { siteDir: site() });
      await fetchPath(s.url, '/en/index.html');
      const res = await invalidate(s.url, body);
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ invalidated: 1, paths: ['/*'] });
      expect(s.cache.entries).toBe(0);
    },
  );

  it('is not a route for GET: the request goes through the distribution', async () => {
    const s = await startStub('demo', { siteDir: site() });
    const r = await fetchPath(s.url, '/__cloudfront/invalidations');
    expect(r.status).toBe(403);
    expect(r.headers.get('x-cache')).toBe('Error from cloudfront');
  });
});

describe('only this machine reaches /__cloudfront/*', () => {
  const hosts = (port: number) => [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`];

  it.each(['/__cloudfront/experiments', '/__cloudfront/experiments.css', '/__cloudfront/unknown'])(
    'answers %s for a loopback Host and 421 for any other (DNS rebinding)',
    async (page) => {
      const s = await startStub('demo', { siteDir: site() });
      for (const host of hosts(s.port))
        expect((await rawRequest(s.port, page, [['Host', host]])).status).not.toBe(421);
      for (const host of ['evil.example', `evil.example:${s.port}`, `localhost:${s.port + 1}`]) {
        const r = await rawRequest(s.port, page, [['Host', host]]);
        expect(r.status).toBe(421);
        expect(r.headers['x-emulator-error']).toBe('E_FOREIGN_HOST');
        expect(r.body.toString()).not.toContain('<table');
      }
    },
  );

  it('serves the site itself under any Host (only the own pages are guarded)', async () => {
    const s = await startStub('demo', { siteDir: site() });
    const r = await rawRequest(s.port, '/en/index.html', [['Host', 'my-site.test']]);
    expect(r.status).toBe(200);
  });

  it('refuses an invalidation POSTed by another site’s page and keeps the cache', async () => {
    const s = await startStub('demo', { siteDir: site() });
    await fetchPath(s.url, '/en/index.html');
    const post = (origin: string) =>
      rawRequest(
        s.port,
        INVALIDATIONS,
        [
          ['Host', `localhost:${s.port}`],
          ['Origin', origin],
          ['Content-Type', 'text/plain'],
        ],
        'POST',
        '{"paths":["/*"]}',
      );
    for (const origin of ['https://evil.example', 'null', `http://localhost:${s.port + 1}`]) {
      const r = await post(origin);
      expect(r.status).toBe(403);
      expect(r.headers['x-emulator-error']).toBe('E_FOREIGN_ORIGIN');
    }
    expect(s.cache.entries).toBe(1);
    expect((await post(`http://localhost:${s.port}`)).status).toBe(201);
    expect(s.cache.entries).toBe(0);
  });
});

describe('invalidation bounds', () => {
  const paths = (n: number, wildcard = 0) =>
    Array.from({ length: n }, (_, i) => (i < wildcard ? `/w${i}/*` : `/p${i}.html`));
  const post = (port: number, body: string | Buffer) => rawRequest(port, INVALIDATIONS, [], 'POST', body);

  it.each<[string, number, string[]]>([
    ['3,000 paths', 201, paths(3000)],
    ['3,001 paths', 400, paths(3001)],
    ['15 wildcard paths', 201, paths(20, 15)],
    ['16 wildcard paths', 400, paths(20, 16)],
  ])('answers %s with %i', async (_name, status, list) => {
    const s = await startStub('demo', { siteDir: site() });
    await fetchPath(s.url, '/en/index.html');
    const r = await post(s.port, JSON.stringify({ paths: list }));
    expect(r.status).toBe(status);
    if (status === 400) {
      expect(r.headers['x-emulator-error']).toBe('E_TOO_MANY_INVALIDATION_PATHS');
      expect(s.cache.entries).toBe(1);
    }
  });

  it('refuses a body over 1 MiB, declared or chunked, without invalidating anything', async () => {
    const s = await startStub('demo', { siteDir: site() });
    await fetchPath(s.url, '/en/index.html');
    const big = Buffer.alloc(1024 * 1024 + 1, ' ');
    const declared = await post(s.port, big);
    expect(declared.status).toBe(413);
    expect(declared.headers['x-emulator-error']).toBe('E_INVALIDATION_TOO_LARGE');
    expect(declared.headers.connection).toBe('close');
    const chunked = await fetch(`${s.url}${INVALIDATIONS}`, {
      method: 'POST',
      body: new ReadableStream({
        pull(controller) {
          controller.enqueue(new Uint8Array(64 * 1024).fill(32));
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect(s.cache.entries).toBe(1);
    expect((await post(s.port, Buffer.alloc(1024 * 1024, ' '))).status).toBe(201);
  });
});
