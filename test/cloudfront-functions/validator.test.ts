/** What CloudFront refuses (a 502) from a viewer-request CloudFront Function, hostile row by row. */
import type { FunctionRequest } from '../../edge-functions/cloudfront-functions/types';
import { validateFunctionResult } from '../../edge-functions/cloudfront-functions/validator';

const received = (): FunctionRequest => ({
  method: 'GET',
  uri: '/en/',
  querystring: { a: { value: '1' } },
  headers: {
    host: { value: 'd111111abcdef8.cloudfront.net' },
    accept: { value: 'text/html', multiValue: [{ value: 'text/html' }, { value: '*/*' }] },
  },
  cookies: { locale: { value: 'en' } },
});
const codes = (result: unknown) => validateFunctionResult(received(), result).map((v) => v.code);
const changed = (edit: (r: any) => void) => {
  const r: any = received();
  edit(r);
  return codes(r);
};

describe('validateFunctionResult', () => {
  it('accepts the request it received, a rewritten URI, added headers and cookies, a query string', () => {
    expect(codes(received())).toEqual([]);
    expect(changed((r) => (r.uri = '/en/index.html'))).toEqual([]);
    expect(changed((r) => (r.headers['x-variant'] = { value: 'bold' }))).toEqual([]);
    expect(changed((r) => (r.cookies['xp-home'] = { value: 'bold' }))).toEqual([]);
    expect(changed((r) => (r.querystring = 'b=2&a=1'))).toEqual([]);
  });

  it('accepts a generated response with a numeric status, headers, cookies and either body form', () => {
    const location = { location: { value: '/en/' } };
    expect(codes({ statusCode: 302, headers: location })).toEqual([]);
    expect(
      codes({ statusCode: 200, body: 'ok', cookies: { a: { value: '1', attributes: 'Path=/' } } }),
    ).toEqual([]);
    expect(codes({ statusCode: 200, body: { encoding: 'base64', data: 'b2s=' } })).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ok'],
    ['an array', []],
  ])('refuses %s as a result', (_n, result) => {
    expect(codes(result)).toEqual(['E_NOT_OBJECT']);
  });

  it.each<[string, unknown, string]>([
    ['a status as a string', { statusCode: '302' }, 'E_STATUS'],
    ['a status out of range', { statusCode: 700 }, 'E_STATUS'],
    ['a fractional status', { statusCode: 200.5 }, 'E_STATUS'],
    ['a description with CRLF', { statusCode: 200, statusDescription: 'OK\r\nX: y' }, 'E_STATUS'],
    [
      'Lambda@Edge headers',
      { statusCode: 200, headers: { a: [{ key: 'A', value: '1' }] } },
      'E_HEADER_SHAPE',
    ],
    [
      'an upper-case header name',
      { statusCode: 302, headers: { Location: { value: '/' } } },
      'E_HEADER_SHAPE',
    ],
    [
      'a header value with CRLF',
      { statusCode: 200, headers: { 'x-a': { value: 'a\r\nb' } } },
      'E_HEADER_SHAPE',
    ],
    [
      'a disallowed header',
      { statusCode: 200, headers: { 'x-cache': { value: 'Hit' } } },
      'E_DISALLOWED_HEADER',
    ],
    ['a Via header', { statusCode: 200, headers: { via: { value: '1.1 x' } } }, 'E_READ_ONLY_HEADER'],
    ['a cookie without a value', { statusCode: 200, cookies: { a: { attributes: 'Path=/' } } }, 'E_COOKIE'],
    ['a cookie name with a space', { statusCode: 200, cookies: { 'a b': { value: '1' } } }, 'E_COOKIE'],
    [
      'cookie attributes with CRLF',
      { statusCode: 200, cookies: { a: { value: '1', attributes: 'x\r\ny' } } },
      'E_COOKIE',
    ],
    ['an unknown body encoding', { statusCode: 200, body: { encoding: 'gzip', data: 'x' } }, 'E_BODY'],
    [
      'a body that is not base64',
      { statusCode: 200, body: { encoding: 'base64', data: 'not base64!' } },
      'E_BODY',
    ],
    ['a body that is a number', { statusCode: 200, body: 12 }, 'E_BODY'],
  ])('refuses a generated response with %s', (_n, result, code) => {
    expect(codes(result)).toContain(code);
  });

  it.each<[string, (r: any) => void, string]>([
    ['a changed method', (r) => (r.method = 'POST'), 'E_METHOD'],
    ['a URI without a leading slash', (r) => (r.uri = 'en/'), 'E_URI'],
    ['a URI with a space', (r) => (r.uri = '/a b'), 'E_URI'],
    ['a URL of 8,192 characters', (r) => (r.uri = `/${'a'.repeat(8189)}`), 'E_URI'],
    ['a query value with #', (r) => (r.querystring.a.value = '1#x'), 'E_QUERYSTRING'],
    ['a query string with a space', (r) => (r.querystring = 'a=1 2'), 'E_QUERYSTRING'],
    ['a query entry without a value', (r) => (r.querystring.b = {}), 'E_QUERYSTRING'],
    ['a changed Host', (r) => (r.headers.host = { value: 'evil.example' }), 'E_READ_ONLY_HEADER'],
    ['a deleted Host', (r) => delete r.headers.host, 'E_READ_ONLY_HEADER'],
    [
      'an added X-Forwarded-Proto',
      (r) => (r.headers['x-forwarded-proto'] = { value: 'http' }),
      'E_DISALLOWED_HEADER',
    ],
    ['a multiValue of numbers', (r) => (r.headers.accept.multiValue = [{ value: 1 }]), 'E_HEADER_SHAPE'],
    ['headers that are a string', (r) => (r.headers = 'host: x'), 'E_HEADER_SHAPE'],
    ['a cookie value with LF', (r) => (r.cookies.locale = { value: 'en\nx' }), 'E_COOKIE'],
  ])('refuses a request with %s', (_n, edit, code) => {
    expect(changed(edit)).toContain(code);
  });
});

describe('the URL length of a forwarded request', () => {
  // 8,186 characters of URI: with the raw `a&b&` and `?` it is 8,191, under 8,192; a query written back from
  // the parsed object as `a=&b=1` makes it 8,193.
  const uri = `/${'x'.repeat(8185)}`;
  const withQuery = (rawQueryString: string, querystring: FunctionRequest['querystring']) =>
    ({ ...received(), uri, querystring, rawQueryString }) as FunctionRequest;

  it('measures an unchanged query string as the viewer sent it', () => {
    const r = withQuery('a&b&', { a: { value: '' }, b: { value: '' } });
    expect(validateFunctionResult(r, structuredClone(r))).toEqual([]);
  });

  it('measures a changed query string as CloudFront writes it back', () => {
    const r = withQuery('a&b&', { a: { value: '' }, b: { value: '' } });
    const result = { ...structuredClone(r), querystring: { a: { value: '' }, b: { value: '1' } } };
    expect(validateFunctionResult(r, result).map((v) => v.code)).toEqual(['E_URI']);
  });
});
