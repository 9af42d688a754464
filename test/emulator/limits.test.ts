/**
 * CloudFront's request limits and request-target parsing over HTTP: a URL over 8,192 bytes is a 414, a
 * request over 20,480 bytes of headers a 494 (also past Node's own parser limit, which would otherwise
 * answer a plain 400/431), a `#fragment` is not part of the URI, and no header line is dropped.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 */
import { connect } from 'node:net';
import type { CloudFrontRequestEvent } from '../../edge-functions/cloudfront/types';
import { rawRequest } from './http';
import { closeStubs, requestOf, startStub, tempSite } from './stubs';
import { startServer, type LocalCloudFront } from '../../emulator';
import { FIXTURES, serverOptions } from '../support/fixtures';

afterEach(closeStubs);

/** Send bytes as they are (no client-side checks) and read the status line. */
function sendRaw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let data = '';
    socket.on('data', (c) => (data += c.toString('latin1')));
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
}
const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);

describe.each(FIXTURES)('request limits with the shipped bundles of %s', (name) => {
  let server: LocalCloudFront;
  beforeAll(async () => {
    server = await startServer({ ...serverOptions(name), port: 0, log: false });
  });
  afterAll(() => server.close());

  it.each([
    ['a URL of 8,193 bytes', 414, `/en/?q=${'a'.repeat(8193 - 7)}`],
    ['a URL of 70,000 bytes', 414, `/en/?q=${'a'.repeat(70_000)}`],
    ['1.1 MB of URL (past Node’s own limit)', 494, `/en/?q=${'a'.repeat(1_100_000)}`],
  ])('answers %s with %i from CloudFront', async (_n, status, target) => {
    const raw = await sendRaw(server.port, `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(statusOf(raw)).toBe(status);
    expect(raw).toContain('X-Cache: Error from cloudfront');
    expect(raw).toContain('Server: CloudFront');
  });

  it.each([
    ['21,000 bytes of headers', 21_000],
    ['70,000 bytes of headers', 70_000],
    ['1.1 MB of headers (past Node’s own limit)', 1_100_000],
  ])('answers %s with 494', async (_n, bytes) => {
    const raw = await sendRaw(
      server.port,
      `GET /en/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(bytes)}\r\n\r\n`,
    );
    expect(statusOf(raw)).toBe(494);
    expect(raw).toContain('X-Cache: Error from cloudfront');
    expect(raw).toContain('X-Emulator-Error: E_HEADERS_TOO_LARGE');
  });

  it('answers a request Node cannot parse with 400 from CloudFront, and keeps serving', async () => {
    const raw = await sendRaw(server.port, 'GET /en/ HTTP/1.1\r\nBad Header\r\n\r\n');
    expect(statusOf(raw)).toBe(400);
    expect(raw).toContain('X-Cache: Error from cloudfront');
    expect((await rawRequest(server.port, '/en/')).status).toBe(200);
  });

  it('ignores a #fragment in the request target instead of failing the function', async () => {
    const r = await rawRequest(server.port, '/en/?a=1#section');
    expect(r.status).toBe(200);
    expect(r.headers['x-emulator-error']).toBeUndefined();
  });
});

describe('what viewer-request receives', () => {
  const recording = () => {
    const events: CloudFrontRequestEvent[] = [];
    const viewerRequest = async (e: CloudFrontRequestEvent) => {
      events.push(structuredClone(e));
      return requestOf(e);
    };
    return { events, viewerRequest };
  };

  it('gets no fragment in the uri or querystring', async () => {
    const { events, viewerRequest } = recording();
    const s = await startStub('demo', { siteDir: tempSite({ 'en/index.html': 'x' }), viewerRequest });
    await rawRequest(s.port, '/en/index.html?a=1#top');
    await rawRequest(s.port, '/en/index.html#top');
    expect(events.map((e) => [requestOf(e).uri, requestOf(e).querystring])).toEqual([
      ['/en/index.html', 'a=1'],
      ['/en/index.html', ''],
    ]);
  });

  it('gets every header line, past Node’s default of 2,000', async () => {
    const { events, viewerRequest } = recording();
    const s = await startStub('demo', { siteDir: tempSite({ 'en/index.html': 'x' }), viewerRequest });
    const lines: [string, string][] = Array.from({ length: 2100 }, (_, i) => ['X-N', String(i % 10)]);
    const r = await rawRequest(s.port, '/en/index.html', [...lines, ['Cookie', 'last=1']]);
    expect(r.status).toBe(200);
    const headers = requestOf(events[0]!).headers;
    expect(headers['x-n']).toHaveLength(2100);
    expect(headers.cookie).toEqual([{ key: 'Cookie', value: 'last=1' }]);
  });
});
