import { validateResult, type ValidationInput } from '../../edge-functions/cloudfront/validator';
import { headers, originResponse, viewerRequest } from '../support/events';

const viewerInput = (h = viewerRequest().Records[0]!.cf.request.headers): ValidationInput => ({
  eventType: 'viewer-request',
  requestHeaders: h,
});
const originEvent = originResponse({ responseHeaders: { Via: '1.1 s3', 'Transfer-Encoding': 'chunked' } });
const originInput: ValidationInput = {
  eventType: 'origin-response',
  requestHeaders: originEvent.Records[0]!.cf.request.headers,
  responseHeaders: originEvent.Records[0]!.cf.response.headers,
};
const request = () => structuredClone(viewerRequest({ uri: '/en/index.html' }).Records[0]!.cf.request);
const response = () => structuredClone(originEvent.Records[0]!.cf.response);
const codes = (input: ValidationInput, result: unknown) => validateResult(input, result).map((v) => v.code);

describe('validateResult', () => {
  it('accepts an unchanged request and an unchanged response', () => {
    expect(validateResult(viewerInput(), request())).toEqual([]);
    expect(validateResult(originInput, response())).toEqual([]);
  });

  it('accepts a generated response with a numeric status and no headers', () => {
    expect(validateResult(viewerInput(), { status: 302 })).toEqual([]);
    expect(validateResult(viewerInput(), { status: '302', headers: headers({ Location: '/en/' }) })).toEqual(
      [],
    );
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ok'],
    ['an array', []],
  ])('rejects %s as a result', (_n, result) => {
    expect(codes(viewerInput(), result)).toEqual(['E_NOT_OBJECT']);
  });

  it.each(['199', '600', 'abc', '', '20x', 200.5])('rejects status %p', (status) => {
    expect(codes(viewerInput(), { status })).toContain('E_STATUS');
  });

  it('rejects a statusDescription with a line break', () => {
    expect(codes(viewerInput(), { status: '200', statusDescription: 'OK\r\nX: y' })).toContain('E_STATUS');
  });

  it.each<[string, unknown, string]>([
    ['headers that are not an object', 'x', 'E_HEADER_SHAPE'],
    ['a header map key in upper case', { Location: [{ key: 'Location', value: '/' }] }, 'E_HEADER_SHAPE'],
    ['a header value that is not an array', { location: { key: 'Location', value: '/' } }, 'E_HEADER_SHAPE'],
    ['a non-string header value', { 'x-n': [{ key: 'X-N', value: 1 }] }, 'E_HEADER_SHAPE'],
    ['a header value with CRLF', { 'x-n': [{ key: 'X-N', value: 'a\r\nb' }] }, 'E_HEADER_SHAPE'],
    [
      'a key that does not match the map name',
      { 'x-a': [{ key: 'X-B', value: '1' }] },
      'E_HEADER_KEY_MISMATCH',
    ],
    ['a disallowed header', { 'x-cache': [{ key: 'X-Cache', value: 'Hit' }] }, 'E_DISALLOWED_HEADER'],
    [
      'an X-Amz-Cf-* header',
      { 'x-amz-cf-pop': [{ key: 'X-Amz-Cf-Pop', value: 'IAD' }] },
      'E_DISALLOWED_HEADER',
    ],
    [
      'an X-Edge-* header',
      { 'x-edge-origin': [{ key: 'X-Edge-Origin', value: 'a' }] },
      'E_DISALLOWED_HEADER',
    ],
    ['a Via header', { via: [{ key: 'Via', value: '1.1 x' }] }, 'E_READ_ONLY_HEADER'],
  ])('rejects a generated response with %s', (_n, h, code) => {
    expect(codes(viewerInput(), { status: '200', headers: h })).toContain(code);
  });

  it('accepts an entry without `key` (CloudFront fills in Title-Case)', () => {
    expect(validateResult(viewerInput(), { status: '200', headers: { 'x-a': [{ value: '1' }] } })).toEqual(
      [],
    );
  });

  it.each([
    ['host', 'other.example'],
    ['via', '1.1 proxy'],
    ['content-length', '10'],
    ['cdn-loop', 'x'],
    ['transfer-encoding', 'chunked'],
  ])('rejects a viewer request that adds or changes read-only %s', (name, value) => {
    const req = request();
    req.headers[name] = [{ key: name, value }];
    expect(codes(viewerInput(), req)).toContain('E_READ_ONLY_HEADER');
  });

  it('lets an origin-request function change Host (to route to another origin) but not its other read-only headers', () => {
    const originRequestInput = (h = request().headers): ValidationInput => ({
      eventType: 'origin-request',
      requestHeaders: h,
    });
    const req = request();
    req.headers.host = [{ key: 'Host', value: 'other-bucket.s3.us-east-1.amazonaws.com' }];
    expect(validateResult(originRequestInput(), req)).toEqual([]);
    const encoded = request();
    encoded.headers['accept-encoding'] = [{ key: 'Accept-Encoding', value: 'gzip' }];
    expect(codes(originRequestInput(), encoded)).toEqual(['E_READ_ONLY_HEADER']);
  });

  it('rejects a viewer request that deletes Host', () => {
    const req = request();
    delete req.headers.host;
    expect(codes(viewerInput(), req)).toEqual(['E_READ_ONLY_HEADER']);
  });

  it.each([
    'connection',
    'upgrade',
    'x-forwarded-proto',
    'x-real-ip',
    'x-amzn-requestid',
    'x-accel-redirect',
  ])('rejects a viewer request that adds disallowed %s', (name) => {
    const req = request();
    req.headers[name] = [{ key: name, value: 'x' }];
    expect(codes(viewerInput(), req)).toEqual(['E_DISALLOWED_HEADER']);
  });

  it('accepts a disallowed header the viewer sent, passed through unchanged', () => {
    const event = viewerRequest({ headers: { Connection: 'keep-alive' } });
    const req = structuredClone(event.Records[0]!.cf.request);
    expect(validateResult(viewerInput(event.Records[0]!.cf.request.headers), req)).toEqual([]);
  });

  it('rejects CloudFront-Viewer-Country added in viewer-request', () => {
    const req = request();
    req.headers['cloudfront-viewer-country'] = [{ key: 'CloudFront-Viewer-Country', value: 'JP' }];
    expect(codes(viewerInput(), req)).toEqual(['E_VIEWER_COUNTRY']);
  });

  it('accepts changing Cookie and the URI in viewer-request', () => {
    const req = request();
    req.uri = '/en/index.bold.html';
    req.headers.cookie = [{ key: 'Cookie', value: 'xp-home-hero=bold' }];
    expect(validateResult(viewerInput(), req)).toEqual([]);
  });

  it.each(['', 'en/index.html', '/a b', '/a\u0000', `/${'a'.repeat(8192)}`])('rejects uri %p', (uri) => {
    const req = request();
    req.uri = uri;
    expect(codes(viewerInput(), req)).toContain('E_URI');
  });

  it.each(['a b', 'a#b', 'a\nb'])('rejects querystring %p', (qs) => {
    const req = request();
    req.querystring = qs;
    expect(codes(viewerInput(), req)).toContain('E_QUERYSTRING');
  });

  it('rejects a viewer-request generated response over 40 KB, and accepts one just under', () => {
    expect(codes(viewerInput(), { status: '200', body: 'x'.repeat(40 * 1024) })).toEqual(['E_TOO_LARGE']);
    expect(validateResult(viewerInput(), { status: '200', body: 'x'.repeat(39 * 1024) })).toEqual([]);
  });

  it('counts multi-byte characters in bytes', () => {
    expect(codes(viewerInput(), { status: '200', body: 'あ'.repeat(14 * 1024) })).toEqual(['E_TOO_LARGE']);
  });

  it('allows an origin-response body up to 1 MB', () => {
    expect(validateResult(originInput, { ...response(), body: 'x'.repeat(512 * 1024) })).toEqual([]);
    expect(codes(originInput, { ...response(), body: 'x'.repeat(1024 * 1024) })).toEqual(['E_TOO_LARGE']);
  });

  it('rejects a 204 with a body from viewer-request', () => {
    expect(codes(viewerInput(), { status: '204', body: 'x' })).toEqual(['E_BODY']);
  });

  it('rejects an unknown bodyEncoding', () => {
    expect(codes(viewerInput(), { status: '200', body: 'x', bodyEncoding: 'gzip' })).toEqual(['E_BODY']);
  });

  it.each(['via', 'transfer-encoding'])('rejects an origin-response that changes or deletes %s', (name) => {
    const changed = response();
    changed.headers[name] = [{ key: name, value: 'changed' }];
    expect(codes(originInput, changed)).toEqual(['E_READ_ONLY_HEADER']);
    const deleted = response();
    delete deleted.headers[name];
    expect(codes(originInput, deleted)).toEqual(['E_READ_ONLY_HEADER']);
  });

  it('accepts an origin-response that adds security headers and a Set-Cookie, and deletes Server', () => {
    const res = response();
    res.headers['strict-transport-security'] = [
      { key: 'Strict-Transport-Security', value: 'max-age=63072000' },
    ];
    res.headers['set-cookie'] = [{ key: 'Set-Cookie', value: 'a=b; Path=/' }];
    delete res.headers.server;
    expect(validateResult(originInput, res)).toEqual([]);
  });

  it('rejects an origin-response that adds X-Cache', () => {
    const res = response();
    res.headers['x-cache'] = [{ key: 'X-Cache', value: 'Hit from cloudfront' }];
    expect(codes(originInput, res)).toEqual(['E_DISALLOWED_HEADER']);
  });
});
