/** The local CloudFront's own routes (`/__cloudfront/*`), answered before any behaviour. */
import { fetchPath } from './http';
import { closeStubs, startStub, tempSite } from './stubs';

afterEach(closeStubs);

const site = () => tempSite({ 'en/index.html': 'en', 'ja/index.html': 'ja' });
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
