/**
 * What the local CloudFront does with deliberately broken functions: a throw, a rejection or a timeout is a
 * 503, a result CloudFront would refuse is a 502 `LambdaValidationError` (the same validator as the tests
 * of `edge-functions/cloudfront`), and none of it is cached.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type {
  CloudFrontRequest,
  CloudFrontRequestEvent,
  CloudFrontResponseEvent,
} from '../../edge-functions/cloudfront/types';
import { startServer, type Handler, type LocalCloudFront, type ServerOptions } from '../../emulator';
import { fetchPath, type FetchedResponse } from './http';
import { serverOptions } from '../support/fixtures';

const PAGE = '<!doctype html><title>temp</title><p>temporary bucket</p>\n';
let siteDir: string;
const servers: LocalCloudFront[] = [];

beforeAll(() => {
  siteDir = mkdtempSync(path.join(tmpdir(), 'emulator-failures-'));
  mkdirSync(path.join(siteDir, 'en'));
  writeFileSync(path.join(siteDir, 'en', 'index.html'), PAGE);
  mkdirSync(path.join(siteDir, 'assets'));
  writeFileSync(path.join(siteDir, 'assets', 'app.0123abcd.css'), 'body{}\n');
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(siteDir, { recursive: true, force: true });
});

type RequestHandler = (event: CloudFrontRequestEvent) => unknown;
type ResponseHandler = (event: CloudFrontResponseEvent) => unknown;
const requestOf = (e: CloudFrontRequestEvent) => e.Records[0]!.cf.request;
const responseOf = (e: CloudFrontResponseEvent) => e.Records[0]!.cf.response;
const passRequest: RequestHandler = async (e) => requestOf(e);
const passResponse: ResponseHandler = async (e) => responseOf(e);

async function start(
  viewerRequest: RequestHandler = passRequest,
  originResponse: ResponseHandler = passResponse,
  extra: Partial<ServerOptions> = {},
): Promise<LocalCloudFront> {
  const s = await startServer({
    ...serverOptions('demo'),
    port: 0,
    log: false,
    siteDir,
    viewerRequest: viewerRequest as Handler,
    originResponse: originResponse as Handler,
    ...extra,
  });
  servers.push(s);
  return s;
}

const get = (s: LocalCloudFront, p = '/en/index.html', headers: Record<string, string> = {}) =>
  fetchPath(s.url, p, headers);

function expectFailure(r: FetchedResponse, status: 502 | 503, code: string, xcache: string) {
  expect(r.status).toBe(status);
  expect(r.headers.get('x-emulator-error')).toBe(code);
  expect(r.headers.get('x-cache')).toBe(xcache);
  expect(r.headers.get('content-type')).toBe('text/html');
  expect(r.body).toContain(`<h1>${status} ERROR</h1>`);
  expect(r.body).toContain('The request could not be satisfied.');
  expect(r.body).not.toContain('temporary bucket');
}
const EXECUTION = 'LambdaExecutionError from cloudfront';
const VALIDATION = 'LambdaValidationError from cloudfront';
const LIMIT = 'LambdaLimitExceeded from cloudfront';

describe('injected handlers that behave', () => {
  it('serve the temporary bucket through both functions', async () => {
    const s = await start();
    const r = await get(s);
    expect(r.status).toBe(200);
    expect(r.body).toBe(PAGE);
    expect(r.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(r.headers.get('x-emulator-error')).toBeNull();
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('serve a generated response as LambdaGeneratedResponse, without origin-response', async () => {
    let originCalls = 0;
    const s = await start(
      async () => ({
        status: '418',
        statusDescription: 'Teapot',
        headers: { 'x-made-by': [{ key: 'X-Made-By', value: 'viewer-request' }] },
        body: 'short and stout',
      }),
      async (e) => {
        originCalls++;
        return responseOf(e);
      },
    );
    const r = await get(s);
    expect(r.status).toBe(418);
    expect(r.headers.get('x-made-by')).toBe('viewer-request');
    expect(r.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
    expect(r.body).toBe('short and stout');
    expect(originCalls).toBe(0);
    expect(s.cache.entries).toBe(0);
  });

  it('print what the functions log to the log sink, and give console back', async () => {
    const lines: string[] = [];
    const s = await start(
      async (e) => {
        console.log('viewer says %s', 'hello');
        return requestOf(e);
      },
      async (e) => {
        console.log('origin says hi');
        return responseOf(e);
      },
      { log: (line) => lines.push(line) },
    );
    const before = console.log;
    await get(s);
    const printed = lines.join('\n');
    expect(printed).toContain('viewer says hello');
    expect(printed).toContain('origin says hi');
    expect(printed).toMatch(/^GET \/en\/index\.html → 200 Miss /m);
    expect(console.log).toBe(before);
  });

  it('skip viewer-request for /assets/* (a throwing viewer-request is never called there)', async () => {
    let calls = 0;
    const s = await start(() => {
      calls++;
      throw new Error('must not run for assets');
    });
    const r = await get(s, '/assets/app.0123abcd.css');
    expect(r.status).toBe(200);
    expect(r.body).toBe('body{}\n');
    expect(calls).toBe(0);
  });
});

describe('viewer-request failures', () => {
  it('answers a handler that throws with 503 E_LAMBDA_THROW', async () => {
    const s = await start(() => {
      throw new Error('boom');
    });
    expectFailure(await get(s), 503, 'E_LAMBDA_THROW', EXECUTION);
    expect(s.cache.entries).toBe(0);
  });

  it('answers a handler whose promise rejects with 503 E_LAMBDA_THROW', async () => {
    const s = await start(async () => {
      throw new TypeError('async boom');
    });
    expectFailure(await get(s), 503, 'E_LAMBDA_THROW', EXECUTION);
  });

  it('answers a handler that never resolves with 503 E_LAMBDA_TIMEOUT after viewerTimeoutMs', async () => {
    const lines: string[] = [];
    const s = await start(() => new Promise<never>(() => undefined), passResponse, {
      viewerTimeoutMs: 200,
      log: (line) => lines.push(line),
    });
    const started = Date.now();
    const r = await get(s);
    const elapsed = Date.now() - started;
    expectFailure(r, 503, 'E_LAMBDA_TIMEOUT', LIMIT);
    // A timer never fires early, so the lower bound holds under any load; which timeout ran (the configured
    // 200 ms, not the 5 s default) is read from the log, not from a wall-clock upper bound a busy machine breaks.
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(lines.join('\n')).toContain('no result within 200 ms');
  });

  it('answers a handler that returns nothing with 502 E_NOT_OBJECT', async () => {
    const s = await start(async () => undefined);
    expectFailure(await get(s), 502, 'E_NOT_OBJECT', VALIDATION);
  });

  it.each([
    ['x-cache', 'X-Cache', 'Hit from cloudfront'],
    ['connection', 'Connection', 'upgrade'],
    ['x-amz-cf-id', 'X-Amz-Cf-Id', 'forged'],
    ['x-edge-location', 'X-Edge-Location', 'LHR'],
    ['x-forwarded-proto', 'X-Forwarded-Proto', 'http'],
  ])(
    'answers a request that adds the disallowed header %s with 502 E_DISALLOWED_HEADER',
    async (name, key, value) => {
      const s = await start(async (e) => {
        const req = requestOf(e);
        req.headers[name] = [{ key, value }];
        return req;
      });
      expectFailure(await get(s), 502, 'E_DISALLOWED_HEADER', VALIDATION);
    },
  );

  it('answers a request whose read-only Host header was changed with 502 E_READ_ONLY_HEADER', async () => {
    const s = await start(async (e) => {
      const req = requestOf(e);
      req.headers.host = [{ key: 'Host', value: 'evil.example' }];
      return req;
    });
    expectFailure(await get(s), 502, 'E_READ_ONLY_HEADER', VALIDATION);
  });

  it('answers a request whose Host header was deleted with 502 E_READ_ONLY_HEADER', async () => {
    const s = await start(async (e) => {
      const req = requestOf(e);
      delete req.headers.host;
      return req;
    });
    expectFailure(await get(s), 502, 'E_READ_ONLY_HEADER', VALIDATION);
  });

  it.each<[string, string, (r: CloudFrontRequest) => unknown]>([
    ['a relative uri', 'E_URI', (r) => ({ ...r, uri: 'en/index.html' })],
    ['a uri with a space', 'E_URI', (r) => ({ ...r, uri: '/en/index .html' })],
    ['a querystring with #', 'E_QUERYSTRING', (r) => ({ ...r, querystring: 'a=1#x' })],
    [
      'an upper-case header map key',
      'E_HEADER_SHAPE',
      (r) => ({ ...r, headers: { ...r.headers, 'X-Up': [{ key: 'X-Up', value: '1' }] } }),
    ],
  ])('answers a request with %s with 502 %s', async (_name, code, mutate) => {
    const s = await start(async (e) => mutate(requestOf(e)));
    expectFailure(await get(s), 502, code, VALIDATION);
  });

  it.each(['99', '600', 'abc', ''])(
    'answers a generated response with status %p with 502 E_STATUS',
    async (status) => {
      const s = await start(async () => ({ status, statusDescription: 'Weird' }));
      expectFailure(await get(s), 502, 'E_STATUS', VALIDATION);
    },
  );

  it('answers a generated response that sets X-Cache with 502 E_DISALLOWED_HEADER', async () => {
    const s = await start(async () => ({
      status: '200',
      headers: { 'x-cache': [{ key: 'X-Cache', value: 'Hit from cloudfront' }] },
    }));
    expectFailure(await get(s), 502, 'E_DISALLOWED_HEADER', VALIDATION);
  });

  it('answers a generated response over the 40 KB viewer limit with 502 E_TOO_LARGE', async () => {
    const s = await start(async () => ({ status: '200', body: 'x'.repeat(41 * 1024) }));
    expectFailure(await get(s), 502, 'E_TOO_LARGE', VALIDATION);
  });

  it('runs the handler again on the next request: failures are not cached', async () => {
    let calls = 0;
    const s = await start(() => {
      calls++;
      throw new Error('boom');
    });
    await get(s);
    await get(s);
    expect(calls).toBe(2);
    expect(s.cache.entries).toBe(0);
  });
});

describe('origin-response failures', () => {
  it('answers a handler that throws with 503 E_LAMBDA_THROW and caches nothing', async () => {
    let calls = 0;
    const s = await start(passRequest, () => {
      calls++;
      throw new Error('origin boom');
    });
    expectFailure(await get(s), 503, 'E_LAMBDA_THROW', EXECUTION);
    expectFailure(await get(s), 503, 'E_LAMBDA_THROW', EXECUTION);
    expect(calls).toBe(2);
    expect(s.cache.entries).toBe(0);
  });

  it('answers a handler that never resolves with 503 E_LAMBDA_TIMEOUT after originTimeoutMs', async () => {
    const s = await start(passRequest, () => new Promise<never>(() => undefined), { originTimeoutMs: 200 });
    expectFailure(await get(s), 503, 'E_LAMBDA_TIMEOUT', LIMIT);
  });

  it('answers a header whose key is not its map name with 502 E_HEADER_KEY_MISMATCH', async () => {
    const s = await start(passRequest, async (e) => {
      const res = responseOf(e);
      res.headers['x-frame-options'] = [{ key: 'X-Content-Type-Options', value: 'DENY' }];
      return res;
    });
    expectFailure(await get(s), 502, 'E_HEADER_KEY_MISMATCH', VALIDATION);
    expect(s.cache.entries).toBe(0);
  });

  it('answers an added read-only Via header with 502 E_READ_ONLY_HEADER', async () => {
    const s = await start(passRequest, async (e) => {
      const res = responseOf(e);
      res.headers.via = [{ key: 'Via', value: '1.1 forged' }];
      return res;
    });
    expectFailure(await get(s), 502, 'E_READ_ONLY_HEADER', VALIDATION);
  });

  it('answers a status out of range with 502 E_STATUS', async () => {
    const s = await start(passRequest, async (e) => ({ ...responseOf(e), status: '700' }));
    expectFailure(await get(s), 502, 'E_STATUS', VALIDATION);
  });

  it('answers a header value with a line break with 502 E_HEADER_SHAPE', async () => {
    const s = await start(passRequest, async (e) => {
      const res = responseOf(e);
      res.headers['x-injected'] = [{ key: 'X-Injected', value: 'a\r\nSet-Cookie: evil=1' }];
      return res;
    });
    const r = await get(s);
    expectFailure(r, 502, 'E_HEADER_SHAPE', VALIDATION);
    expect(r.setCookies).toEqual([]);
  });
});

describe('what origin-response may do', () => {
  it('stores a 500 it returns for the error caching minimum TTL, as CloudFront does', async () => {
    let calls = 0;
    const s = await start(passRequest, async (e) => {
      calls++;
      return { ...responseOf(e), status: '500', statusDescription: 'Oops' };
    });
    const r = await get(s);
    const again = await get(s);
    expect([r.status, again.status]).toEqual([500, 500]);
    expect(r.headers.get('x-cache')).toBe('Error from cloudfront');
    expect(again.headers.get('age')).toMatch(/^\d+$/);
    expect(calls).toBe(1);
    expect(s.cache.entries).toBe(1);
  });

  it('does not store a response marked no-store', async () => {
    const s = await start(passRequest, async (e) => {
      const res = responseOf(e);
      res.headers['cache-control'] = [{ key: 'Cache-Control', value: 'no-store' }];
      return res;
    });
    await get(s);
    const r = await get(s);
    expect(r.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(s.cache.entries).toBe(0);
  });

  it('replaces the body, and the viewer gets the new Content-Length', async () => {
    const s = await start(passRequest, async (e) => ({
      ...responseOf(e),
      body: 'replaced',
      bodyEncoding: 'text',
    }));
    const r = await get(s);
    expect(r.status).toBe(200);
    expect(r.body).toBe('replaced');
    expect(r.headers.get('content-length')).toBe('8');
  });

  it('decodes a base64 body', async () => {
    const s = await start(passRequest, async (e) => ({
      ...responseOf(e),
      body: Buffer.from('from base64').toString('base64'),
      bodyEncoding: 'base64',
    }));
    expect((await get(s)).body).toBe('from base64');
  });

  it('keeps several Set-Cookie lines for a policy cookie apart on a page', async () => {
    const lines = ['xp-home-hero=bold; Path=/', 'xp-home-hero=control; Path=/en/'];
    const s = await start(passRequest, async (e) => {
      const res = responseOf(e);
      res.headers['set-cookie'] = lines.map((value) => ({ key: 'Set-Cookie', value }));
      return res;
    });
    expect((await get(s)).setCookies).toEqual(lines);
  });

  it('cannot set a cookie on /assets/* (that behaviour forwards no cookies)', async () => {
    const s = await start(passRequest, async (e) => {
      const res = responseOf(e);
      res.headers['set-cookie'] = [{ key: 'Set-Cookie', value: 'tracker=1; Path=/' }];
      return res;
    });
    const r = await get(s, '/assets/app.0123abcd.css');
    expect(r.status).toBe(200);
    expect(r.setCookies).toEqual([]);
  });
});
