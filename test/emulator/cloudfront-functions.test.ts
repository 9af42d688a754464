/**
 * The local CloudFront with `viewer.runtime: 'cloudfront-functions'`: viewer requests answered by CloudFront
 * Functions under njs (the pages' function, and the `/__edge/*` behaviour's own), the KeyValueStore read
 * from its file on every request, and CloudFront's failures: an exception 503, an invalid result 502.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CloudFrontFunctionName, KvsData } from '../../edge-functions/cloudfront-functions/contract';
import type { SiteConfig } from '../../edge-functions/config';
import { startServer, type LocalCloudFront } from '../../emulator';
import { describeNjs, fixtureFunction, type FixtureFunction } from '../njs/support';
import { fixture } from '../support/fixtures';
import { fetchPath, rawRequest } from './http';
import { tempDir, tempSite } from './stubs';

const servers: LocalCloudFront[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const PAGE = '<!doctype html><title>en</title><p>home</p>\n';
const SEED: KvsData = { data: [{ key: 'xp:home-hero', value: '{"on":true,"w":[50,50],"p":0}' }] };

async function start(
  pages: FixtureFunction,
  kvsFile?: string,
  logDir?: string,
  folders: FixtureFunction = pages,
): Promise<LocalCloudFront> {
  const { config } = fixture('demo');
  const bundles: Record<CloudFrontFunctionName, string> = {
    'viewer-request': fixtureFunction(pages),
    'locale-pages': fixtureFunction(folders),
    'edge-endpoints': fixtureFunction('endpoint'),
  };
  const s = await startServer({
    config: { ...config, viewer: { runtime: 'cloudfront-functions' } } as SiteConfig,
    siteDir: tempSite({ 'en/index.html': PAGE }),
    originResponse: async (e: any) => e.Records[0].cf.response,
    port: 0,
    log: false,
    logDir,
    cloudfrontFunctions: { bundles, kvsFile, kvsSeed: () => SEED },
  });
  servers.push(s);
  return s;
}

describeNjs('the local CloudFront with CloudFront Functions', () => {
  it('serves the object the pages’ function rewrote the URI to', async () => {
    const s = await start('rewrite');
    const res = await fetchPath(s.url, '/en/');
    expect(res.status).toBe(200);
    expect(res.body).toBe(PAGE);
  });

  it('runs each locale folder’s behaviour’s function, and the default behaviour’s elsewhere', async () => {
    const s = await start('redirect', undefined, undefined, 'rewrite');
    expect((await fetchPath(s.url, '/en/')).body).toBe(PAGE);
    expect((await rawRequest(s.port, '/')).headers.location).toBe('/en/');
  });

  it('runs the /__edge/* behaviour’s own function', async () => {
    const s = await start('rewrite');
    const res = await fetchPath(s.url, '/__edge/goal', {}, 'POST');
    expect(res.status).toBe(204);
    expect(res.headers.get('x-endpoint')).toBe('POST /__edge/goal');
  });

  it.each([
    ['/?a=1&b', '/en/?a=1&b'],
    ['/?', '/en/?'],
    ['/', '/en/'],
  ])(
    'answers %s with the function’s redirect to %s and its cookie as Set-Cookie',
    async (target, location) => {
      const s = await start('redirect');
      // node:http, since fetch drops a bare `?` from the URL.
      const res = await rawRequest(s.port, target);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe(location);
      expect(res.headers['set-cookie']).toEqual(['seen=1; Path=/; Secure']);
    },
  );

  it.each<[FixtureFunction, number, string, string]>([
    ['throws', 503, 'E_FUNCTION_THROW', 'FunctionExecutionError from cloudfront'],
    ['console-two', 503, 'E_FUNCTION_THROW', 'FunctionExecutionError from cloudfront'],
    ['timer', 503, 'E_FUNCTION_THROW', 'FunctionExecutionError from cloudfront'],
    ['export', 503, 'E_FUNCTION_LOAD', 'FunctionExecutionError from cloudfront'],
    ['memory', 503, 'E_FUNCTION_LIMIT', 'FunctionExecutionError from cloudfront'],
    ['invalid-status', 502, 'E_FUNCTION_VALIDATION', 'FunctionValidationError from cloudfront'],
  ])('answers a function that fails (%s) with CloudFront’s %i', async (name, status, code, xCache) => {
    const s = await start(name);
    const res = await fetchPath(s.url, '/en/');
    expect([res.status, res.headers.get('x-emulator-error'), res.headers.get('x-cache')]).toEqual([
      status,
      code,
      xCache,
    ]);
  });

  it('answers 503 while the function is not built, naming the file', async () => {
    const s = await start('missing' as FixtureFunction);
    const res = await fetchPath(s.url, '/en/');
    expect([res.status, res.headers.get('x-emulator-error')]).toEqual([503, 'E_FUNCTION_LOAD']);
  });

  it('keeps what the function logged in its log file, as CloudWatch Logs would', async () => {
    const logDir = tempDir('cff-logs-');
    const s = await start('probe', undefined, logDir);
    await fetchPath(s.url, '/en/?x=1');
    expect(readFileSync(path.join(logDir, 'viewer-request.log'), 'utf8')).toBe('probe /en/\n');
  });

  it('reads the KeyValueStore file on every request: the seed while missing, a change at once, no restart', async () => {
    const file = path.join(tempDir('kvs-'), 'kvs.json');
    const s = await start('kvs', file);
    const kvs = async () => {
      const res = await fetchPath(s.url, '/en/');
      return res.status === 200
        ? res.headers.get('x-kvs')
        : `${res.status} ${res.headers.get('x-emulator-error')}`;
    };
    expect(await kvs()).toBe('on:50,50;exists=true;keys=1');
    writeFileSync(
      file,
      JSON.stringify({ data: [{ key: 'xp:home-hero', value: '{"on":false,"w":[50,50],"p":1}' }] }),
    );
    expect(await kvs()).toBe('off;exists=true;keys=1');
    writeFileSync(file, JSON.stringify({ data: [{ key: 'xp:other', value: '1' }] }));
    expect(await kvs()).toBe('missing;exists=false;keys=1');
    writeFileSync(file, '{"data": [{"key": "xp:home-hero"}]}');
    expect(await kvs()).toBe('500 E_KVS_FILE');
    rmSync(file);
    expect(await kvs()).toBe('on:50,50;exists=true;keys=1');
  });
});
