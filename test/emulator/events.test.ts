/**
 * HTTP ⇄ CloudFront events: the header map and request target the functions receive, checked directly and
 * over real HTTP with handlers that record their events.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CloudFrontRequestEvent, CloudFrontResponseEvent } from '../../edge-functions/cloudfront/types';
import { splitTarget, toCloudFrontHeaders, toHttpHeaders } from '../../emulator/events';
import { startServer, type Handler, type LocalCloudFront } from '../../emulator';
import { rawRequest } from './http';
import { serverOptions } from '../support/fixtures';

describe('toCloudFrontHeaders', () => {
  it('lower-cases the map names, keeps each key as sent and repeated lines apart, in order', () => {
    expect(toCloudFrontHeaders(['Host', 'a.example', 'X-Dup', '1', 'x-dup', '2', 'Cookie', 'a=1'])).toEqual({
      host: [{ key: 'Host', value: 'a.example' }],
      'x-dup': [
        { key: 'X-Dup', value: '1' },
        { key: 'x-dup', value: '2' },
      ],
      cookie: [{ key: 'Cookie', value: 'a=1' }],
    });
  });

  it('returns an empty map for no headers and ignores a dangling name', () => {
    expect(toCloudFrontHeaders([])).toEqual({});
    expect(toCloudFrontHeaders(['X-A', '1', 'X-Orphan'])).toEqual({ 'x-a': [{ key: 'X-A', value: '1' }] });
  });

  it('keeps empty values', () => {
    expect(toCloudFrontHeaders(['X-Empty', ''])).toEqual({ 'x-empty': [{ key: 'X-Empty', value: '' }] });
  });
});

describe('toHttpHeaders', () => {
  it('emits one line per entry, keeping repeated Set-Cookie lines', () => {
    expect(
      toHttpHeaders({
        'set-cookie': [
          { key: 'Set-Cookie', value: 'a=1' },
          { key: 'Set-Cookie', value: 'b=2' },
        ],
        'content-type': [{ key: 'Content-Type', value: 'text/html' }],
      }),
    ).toEqual([
      ['Set-Cookie', 'a=1'],
      ['Set-Cookie', 'b=2'],
      ['Content-Type', 'text/html'],
    ]);
  });

  it('falls back to the map name when an entry has no key', () => {
    expect(toHttpHeaders({ 'x-no-key': [{ value: 'v' }] })).toEqual([['x-no-key', 'v']]);
  });

  it('round-trips with toCloudFrontHeaders', () => {
    const raw = ['Host', 'h', 'Accept', 'a', 'accept', 'b'];
    expect(toHttpHeaders(toCloudFrontHeaders(raw)).flat()).toEqual(raw);
  });
});

describe('splitTarget', () => {
  it.each<[string, string, string]>([
    ['/', '/', ''],
    ['/en/', '/en/', ''],
    ['/en/?a=1&b=2', '/en/', 'a=1&b=2'],
    ['/en/?', '/en/', ''],
    ['/?a=1?b=2', '/', 'a=1?b=2'],
    ['/%41%2F?q=%20', '/%41%2F', 'q=%20'],
    ['//double', '//double', ''],
    ['http://example.com/path?x=1', '/path', 'x=1'],
    ['HTTP://EXAMPLE.COM/p', '/p', ''],
    ['http://example.com', '/', ''],
    ['http://example.com?x=1', '/', 'x=1'],
    ['/en/#top', '/en/', ''],
    ['/en/?a=1#top', '/en/', 'a=1'],
    ['/en/#x?y=1', '/en/', ''],
    ['/#', '/', ''],
  ])('splits %p into uri %p and querystring %p', (target, uri, querystring) => {
    expect(splitTarget(target)).toEqual({ uri, querystring });
  });
});

describe('the events the functions receive over HTTP', () => {
  let siteDir: string;
  let server: LocalCloudFront;
  const viewerEvents: CloudFrontRequestEvent[] = [];
  const originEvents: CloudFrontResponseEvent[] = [];

  beforeAll(async () => {
    siteDir = mkdtempSync(path.join(tmpdir(), 'emulator-events-'));
    mkdirSync(path.join(siteDir, 'en'));
    writeFileSync(path.join(siteDir, 'en', 'index.html'), '<p>events</p>');
    const viewerRequest = async (e: CloudFrontRequestEvent) => {
      viewerEvents.push(structuredClone(e));
      return e.Records[0]!.cf.request;
    };
    const originResponse = async (e: CloudFrontResponseEvent) => {
      originEvents.push(structuredClone(e));
      return e.Records[0]!.cf.response;
    };
    server = await startServer({
      ...serverOptions('demo'),
      port: 0,
      log: false,
      siteDir,
      viewerRequest: viewerRequest as Handler,
      originResponse: originResponse as Handler,
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(siteDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    viewerEvents.length = 0;
    originEvents.length = 0;
    server.purge();
  });

  it('gives viewer-request the raw URI, the query without ? and every header line', async () => {
    const r = await rawRequest(server.port, '/en/index.html?b=2&a=%20', [
      ['X-Dup', 'one'],
      ['x-dup', 'two'],
      ['Accept-Language', 'ja'],
    ]);
    expect(r.status).toBe(200);
    expect(viewerEvents).toHaveLength(1);
    const { config, request } = viewerEvents[0]!.Records[0]!.cf;
    expect(config.eventType).toBe('viewer-request');
    expect(config.distributionDomainName).toBe('d111111abcdef8.cloudfront.net');
    expect(config.requestId).toBe(r.headers['x-amz-cf-id']);
    expect(request.method).toBe('GET');
    expect(request.uri).toBe('/en/index.html');
    expect(request.querystring).toBe('b=2&a=%20');
    expect(request.clientIp).toBe('127.0.0.1');
    expect(request.headers['x-dup']).toEqual([
      { key: 'X-Dup', value: 'one' },
      { key: 'x-dup', value: 'two' },
    ]);
    expect(request.headers['accept-language']).toEqual([{ key: 'Accept-Language', value: 'ja' }]);
    expect(request.headers.host).toEqual([{ key: 'Host', value: `127.0.0.1:${server.port}` }]);
  });

  it('keeps a percent-encoded URI as received', async () => {
    await rawRequest(server.port, '/en/%69ndex.html');
    expect(viewerEvents[0]!.Records[0]!.cf.request.uri).toBe('/en/%69ndex.html');
  });

  it('gives origin-response only what the cache policy forwards, and the bucket as Host', async () => {
    await rawRequest(server.port, '/en/index.html?utm=1', [
      ['Cookie', 'session=secret; xp-home-hero=bold'],
      ['Accept-Language', 'ja'],
      ['User-Agent', 'curl/8'],
    ]);
    expect(originEvents).toHaveLength(1);
    const { config, request, response } = originEvents[0]!.Records[0]!.cf;
    expect(config.eventType).toBe('origin-response');
    expect(request.uri).toBe('/en/index.html');
    expect(request.querystring).toBe('');
    expect(request.headers.host).toEqual([{ key: 'Host', value: 'site-bucket.s3.us-east-1.amazonaws.com' }]);
    expect(request.headers.cookie).toEqual([{ key: 'Cookie', value: 'xp-home-hero=bold' }]);
    expect(request.headers['accept-language']).toBeUndefined();
    expect(request.headers['user-agent']).toEqual([{ key: 'User-Agent', value: 'Amazon CloudFront' }]);
    expect(response.status).toBe('200');
    expect(response.statusDescription).toBe('OK');
    expect(response.headers.server).toEqual([{ key: 'Server', value: 'AmazonS3' }]);
    expect(response.headers['x-amz-request-id']).toHaveLength(1);
  });

  it('sends no Cookie to the origin when the request has no policy cookie', async () => {
    await rawRequest(server.port, '/en/index.html', [['Cookie', 'session=secret']]);
    expect(originEvents[0]!.Records[0]!.cf.request.headers.cookie).toBeUndefined();
  });

  it('gives origin-response the 403 of a missing key, as a string status', async () => {
    const r = await rawRequest(server.port, '/en/missing.html');
    expect(r.status).toBe(403);
    const { response } = originEvents[0]!.Records[0]!.cf;
    expect(response.status).toBe('403');
    expect(response.headers['content-type']).toEqual([{ key: 'Content-Type', value: 'application/xml' }]);
  });

  it('runs viewer-request on every request and origin-response only on a miss', async () => {
    await rawRequest(server.port, '/en/index.html');
    const hit = await rawRequest(server.port, '/en/index.html');
    expect(hit.headers['x-cache']).toBe('Hit from cloudfront');
    expect(viewerEvents).toHaveLength(2); // viewer-request runs on every request
    expect(originEvents).toHaveLength(1); // origin-response only on the miss
  });
});
