/**
 * Behaviours route methods the way CloudFront does: `GET_HEAD` behaviours refuse other methods with a 403
 * before any function runs; the `/__edge/*` behaviour (all methods, caching disabled, viewer-request only)
 * lets POST and the rest reach viewer-request, caches nothing, and forwards to S3, which refuses.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-403-invalid-method.html
 */
import type { CloudFrontRequestEvent } from '../../edge-functions/cloudfront/types';
import { EDGE_ENDPOINT_PREFIX } from '../../edge-functions/config/cache-policy';
import { fetchPath } from './http';
import { closeStubs, passResponse, requestOf, startStub, tempSite } from './stubs';
import { FIXTURES } from '../support/fixtures';

afterEach(closeStubs);

const BEACON = `${EDGE_ENDPOINT_PREFIX}goal/signup`;

/** A viewer-request that answers the beacon itself (204) and forwards everything else, recording methods. */
function beaconStub() {
  const seen: string[] = [];
  const viewerRequest = async (e: CloudFrontRequestEvent) => {
    const req = requestOf(e);
    seen.push(`${req.method} ${req.uri}`);
    if (req.uri === BEACON)
      return { status: '204', headers: { 'cache-control': [{ key: 'Cache-Control', value: 'no-store' }] } };
    return req;
  };
  return { seen, viewerRequest };
}

describe.each(FIXTURES)('methods and the /__edge/* behaviour on %s', (name) => {
  const start = (viewerRequest: (e: CloudFrontRequestEvent) => unknown) => {
    let originCalls = 0;
    const server = startStub(name, {
      siteDir: tempSite({ 'en/index.html': 'page', '__edge/x': 'never served' }),
      viewerRequest,
      originResponse: async (e) => {
        originCalls++;
        return passResponse(e);
      },
    });
    return { server, originCalls: () => originCalls };
  };

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])(
    'refuses %s on a GET_HEAD behaviour with 403 before viewer-request runs',
    async (method) => {
      const { seen, viewerRequest } = beaconStub();
      const s = await start(viewerRequest).server;
      const r = await fetchPath(s.url, '/en/index.html', {}, method);
      expect(r.status).toBe(403);
      expect(r.headers.get('x-cache')).toBe('Error from cloudfront');
      expect(r.headers.get('x-emulator-error')).toBe('E_METHOD_NOT_ALLOWED');
      expect(r.body).toContain('This distribution is not configured to allow the HTTP request method');
      expect(seen).toEqual([]);
    },
  );

  it.each(['POST', 'GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'PATCH'])(
    'lets %s reach viewer-request on /__edge/*, with the method in the event',
    async (method) => {
      const { seen, viewerRequest } = beaconStub();
      const { server, originCalls } = start(viewerRequest);
      const s = await server;
      const r = await fetchPath(s.url, BEACON, {}, method);
      expect(r.status).toBe(204);
      expect(r.headers.get('x-cache')).toBe('LambdaGeneratedResponse from cloudfront');
      expect(seen).toEqual([`${method} ${BEACON}`]);
      expect(originCalls()).toBe(0);
    },
  );

  it('refuses a method outside CloudFront’s seven on /__edge/* too', async () => {
    const { seen, viewerRequest } = beaconStub();
    const s = await start(viewerRequest).server;
    const r = await fetchPath(s.url, BEACON, {}, 'PROPFIND');
    expect(r.status).toBe(403);
    expect(seen).toEqual([]);
  });

  it('forwards what viewer-request does not answer to S3, which refuses other methods; nothing is cached', async () => {
    const { seen, viewerRequest } = beaconStub();
    const { server, originCalls } = start(viewerRequest);
    const s = await server;
    const statuses: [string, string, number][] = [
      ['POST', 'x', 403],
      ['DELETE', 'x', 403],
      ['GET', 'missing', 403],
      ['GET', 'x', 200],
      ['GET', 'x', 200],
    ];
    for (const [method, key, status] of statuses) {
      const r = await fetchPath(s.url, `${EDGE_ENDPOINT_PREFIX}${key}`, {}, method);
      expect(r.status).toBe(status);
      if (status === 403) expect(r.body).toContain('<Code>AccessDenied</Code>');
      expect(r.headers.get('x-cache')).toBe(
        status === 403 ? 'Error from cloudfront' : 'Miss from cloudfront',
      );
    }
    expect(seen).toHaveLength(statuses.length);
    expect(originCalls()).toBe(0);
    expect(s.cache.entries).toBe(0);
  });
});
