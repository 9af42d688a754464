/**
 * The origin side over HTTP: what the origin-facing event holds (the headers CloudFront sends an S3 origin
 * with Origin Access Control), and how S3 reads a key.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html
 */
import type { CloudFrontResponseEvent } from '../../edge-functions/cloudfront/types';
import { rawRequest } from './http';
import { closeStubs, responseOf, startStub, tempSite } from './stubs';
import { FIXTURES } from '../support/fixtures';

afterEach(closeStubs);

describe.each(FIXTURES)('the origin-response event on %s', (name) => {
  const recording = () => {
    const events: CloudFrontResponseEvent[] = [];
    const originResponse = async (e: CloudFrontResponseEvent) => {
      events.push(structuredClone(e));
      return responseOf(e);
    };
    return { events, originResponse };
  };

  it('holds the origin request CloudFront sends: X-Forwarded-For, normalised Accept-Encoding, no X-Amz-Cf-Id', async () => {
    const { events, originResponse } = recording();
    const s = await startStub(name, { siteDir: tempSite({ 'en/index.html': 'x' }), originResponse });
    await rawRequest(s.port, '/en/index.html', [
      ['Accept-Encoding', 'gzip, deflate, br, zstd'],
      ['User-Agent', 'curl/8'],
    ]);
    const { request } = events[0]!.Records[0]!.cf;
    expect(request.headers['x-amz-cf-id']).toBeUndefined();
    expect(request.headers['x-forwarded-for']).toEqual([{ key: 'X-Forwarded-For', value: '127.0.0.1' }]);
    expect(request.headers['accept-encoding']).toEqual([{ key: 'Accept-Encoding', value: 'br,gzip' }]);
    expect(request.headers['user-agent']).toEqual([{ key: 'User-Agent', value: 'Amazon CloudFront' }]);
    expect(request.headers.via?.[0]?.value).toMatch(/\(CloudFront\)$/);
  });

  it('sends no Accept-Encoding when the viewer accepts neither br nor gzip', async () => {
    const { events, originResponse } = recording();
    const s = await startStub(name, { siteDir: tempSite({ 'en/index.html': 'x' }), originResponse });
    await rawRequest(s.port, '/en/index.html', [['Accept-Encoding', 'deflate']]);
    expect(events[0]!.Records[0]!.cf.request.headers['accept-encoding']).toBeUndefined();
  });

  it('names an S3 origin with Origin Access Control (authMethod none: no origin access identity)', async () => {
    const { events, originResponse } = recording();
    const s = await startStub(name, { siteDir: tempSite({ 'en/index.html': 'x' }), originResponse });
    await rawRequest(s.port, '/en/index.html');
    const origin = (
      events[0]!.Records[0]!.cf.request as unknown as { origin: { s3: Record<string, unknown> } }
    ).origin;
    expect(origin.s3).toMatchObject({ authMethod: 'none', path: '', region: 'us-east-1' });
  });
});

describe('S3 keys', () => {
  const bucket = () => tempSite({ 'en/a b.html': 'space', 'en/c+d.html': 'plus', 'en/e%f.html': 'percent' });

  it.each([
    ['/en/a+b.html', 200, 'space'],
    ['/en/a%20b.html', 200, 'space'],
    ['/en/c%2Bd.html', 200, 'plus'],
    ['/en/c+d.html', 403, undefined],
    ['/en/e%25f.html', 200, 'percent'],
  ])('reads %s as S3 does → %i', async (uri, status, body) => {
    const s = await startStub('demo', { siteDir: bucket() });
    const r = await rawRequest(s.port, uri);
    expect(r.status).toBe(status);
    if (body) expect(r.body.toString()).toBe(body);
  });

  it('answers 403 for every key of a site folder that does not exist, and keeps running', async () => {
    const s = await startStub('demo', { siteDir: '/nonexistent/emulator-site' });
    expect((await rawRequest(s.port, '/en/index.html')).status).toBe(403);
    expect((await rawRequest(s.port, '/assets/x.css')).status).toBe(403);
  });
});
