import type { CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import { originConfig } from '../../edge-functions/config/resolve';
import { createHandler } from '../../edge-functions/origin-response/handler';
import { originResponse, type ResponseInput } from '../support/events';
import { fixture } from '../support/fixtures';

const resolved = fixture('demo').resolved;
const config = originConfig(resolved);

const PAGES = { en: '<html lang="en">not found</html>', ja: '<html lang="ja">見つかりません</html>' };

function setup() {
  const lines: string[] = [];
  const handler = createHandler({ config, notFoundPages: PAGES, log: (l) => lines.push(l) });
  const run = async (input: ResponseInput) =>
    (await handler(originResponse(input))) as CloudFrontResultResponse & {
      body?: string;
      bodyEncoding?: string;
    };
  return { run, lines };
}
const value = (r: CloudFrontResultResponse, name: string) => r.headers?.[name]?.map((h) => h.value);

describe('origin-response handler', () => {
  it.each(['200', '304', '403', '404', '500', '503'])(
    'adds every security header to a %s',
    async (status) => {
      const r = await setup().run({ status });
      for (const h of resolved.securityHeaderList) expect(value(r, h.name)).toEqual([h.value]);
    },
  );

  it('replaces an origin security header instead of sending it twice', async () => {
    const r = await setup().run({ responseHeaders: { 'Strict-Transport-Security': 'max-age=1' } });
    expect(value(r, 'strict-transport-security')).toEqual(['max-age=63072000; includeSubDomains; preload']);
  });

  it('strips Server and x-amz-* headers', async () => {
    const r = await setup().run({
      responseHeaders: {
        'x-amz-server-side-encryption': 'AES256',
        'x-amz-version-id': 'v1',
        'x-amz-id-2': 'id',
        'x-amz-request-id': 'rid',
        'x-amz-meta-author': 'me',
      },
    });
    expect(Object.keys(r.headers!).filter((k) => k === 'server' || k.startsWith('x-amz-'))).toEqual([]);
  });

  it.each([
    ['403', '/ja/missing/index.html', 'ja'],
    ['404', '/en/missing.html', 'en'],
    ['403', '/no-locale.txt', 'en'],
    ['403', '/assets/gone.12345678.css', 'en'],
  ])('turns S3 %s for %s into a %s 404 page', async (status, uri, lang) => {
    const r = await setup().run({
      status,
      uri,
      responseHeaders: { 'Content-Type': 'application/xml', 'Content-Length': '243' },
    });
    expect(r.status).toBe('404');
    expect(r.statusDescription).toBe('Not Found');
    expect(r.body).toBe(PAGES[lang as 'en' | 'ja']);
    expect(r.bodyEncoding).toBe('text');
    expect(value(r, 'content-type')).toEqual(['text/html; charset=utf-8']);
    expect(value(r, 'content-language')).toEqual([lang]);
    expect(value(r, 'cache-control')).toEqual([config.cache.notFoundCacheControl]);
    expect(r.headers!['content-length']).toBeUndefined();
    expect(r.headers!.etag).toBeUndefined();
  });

  it.each(['500', '502', '503'])('keeps a real %s a 5xx', async (status) => {
    const r = await setup().run({ status });
    expect(r.status).toBe(status);
    expect(r.body).toBeUndefined();
  });

  it.each([
    ['/en/index.html', 'text/html; charset=utf-8', config.cache.htmlCacheControl, 'en'],
    ['/assets/site.b0e0483b.css', 'text/css; charset=utf-8', config.cache.immutableCacheControl, undefined],
    ['/robots.txt', 'text/plain; charset=utf-8', config.cache.defaultCacheControl, undefined],
  ])('defaults Cache-Control for %s', async (uri, type, cacheControl, lang) => {
    const r = await setup().run({ uri, responseHeaders: { 'Content-Type': type } });
    expect(value(r, 'cache-control')).toEqual([cacheControl]);
    expect(value(r, 'content-language')).toEqual(lang === undefined ? undefined : [lang]);
  });

  it("keeps the origin's own Cache-Control", async () => {
    const r = await setup().run({ responseHeaders: { 'Cache-Control': 'no-cache' } });
    expect(value(r, 'cache-control')).toEqual(['no-cache']);
  });

  it("keeps the origin's own Set-Cookie lines and adds no experiment cookie (its answer is cached)", async () => {
    const r = await setup().run({
      uri: '/en/index.bold.html',
      headers: { Cookie: 'xp-home-hero=bold' },
      responseHeaders: { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'] },
    });
    expect(value(r, 'set-cookie')).toEqual(['a=1; Path=/', 'b=2; Path=/']);
  });

  it('writes no experiment cookie on a 5xx', async () => {
    const r = await setup().run({ status: '503', headers: { Cookie: 'xp-home-hero=bold' } });
    expect(r.headers!['set-cookie']).toBeUndefined();
  });

  it('returns the response untouched and logs one line when something inside fails', async () => {
    const lines: string[] = [];
    const event = originResponse({ status: '404' });
    const broken = new Proxy(PAGES, {
      get() {
        throw new Error('not-found pages unreadable');
      },
    });
    const handler = createHandler({ config, notFoundPages: broken, log: (l) => lines.push(l) });
    const r = await handler(event);
    expect(r).toBe(event.Records[0]!.cf.response);
    expect((r as CloudFrontResultResponse).headers!['strict-transport-security']).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      code: 'E_INTERNAL',
      function: 'origin-response',
    });
  });
});

describe('origin-response with an event outside the contract', () => {
  it('answers a request without a string URI with an uncacheable 502 and one E_EVENT line', async () => {
    const lines: string[] = [];
    const event = originResponse({ status: '200' });
    (event.Records[0]!.cf.request as unknown as Record<string, unknown>).uri = undefined;
    const handler = createHandler({ config, notFoundPages: PAGES, log: (l) => lines.push(l) });
    const r = (await handler(event)) as CloudFrontResultResponse;
    expect(r.status).toBe('502');
    expect(r.headers!['cache-control']).toEqual([{ key: 'Cache-Control', value: 'no-store' }]);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 'error',
      code: 'E_EVENT',
      function: 'origin-response',
    });
  });
});

describe('origin-response with prototype-named headers', () => {
  it('keeps an origin header named __proto__ or constructor as a header', async () => {
    const event = originResponse({});
    const headersIn = JSON.parse(
      '{"__proto__":[{"key":"__proto__","value":"x"}],"constructor":[{"key":"constructor","value":"y"}]}',
    );
    Object.assign(event.Records[0]!.cf.response.headers, headersIn);
    Object.defineProperty(event.Records[0]!.cf.response.headers, '__proto__', {
      value: [{ key: '__proto__', value: 'x' }],
      enumerable: true,
    });
    const handler = createHandler({ config, notFoundPages: PAGES, log: () => undefined });
    const r = (await handler(event)) as CloudFrontResultResponse;
    expect(Object.prototype.hasOwnProperty.call(r.headers, '__proto__')).toBe(true);
    expect(r.headers!.constructor).toEqual([{ key: 'constructor', value: 'y' }]);
    expect(r.headers!['strict-transport-security']).toHaveLength(1);
  });
});
