/**
 * The viewer's request as a CloudFront Functions event, and a function's result back in Lambda@Edge's shape,
 * checked against the examples of AWS's "CloudFront Functions event structure" page.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 */
import type { CloudFrontRequest } from '../../edge-functions/cloudfront/types';
import type { FunctionResponse } from '../../edge-functions/cloudfront-functions/types';
import { toCloudFrontHeaders } from '../../emulator/events';
import { fromFunctionResult, toFunctionEvent } from '../../emulator/function-events';
import { headers } from '../support/events';

/** The page's example request, as the local CloudFront holds it (Lambda@Edge's shape). */
const awsExample = (): CloudFrontRequest => ({
  clientIp: '198.51.100.11',
  method: 'GET',
  uri: '/media/index.mpd',
  querystring: 'ID=42&Exp=1619740800&TTL=1440&NoValue=&querymv=val1&querymv=val2,val3',
  headers: headers({
    Host: 'video.example.com',
    'User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:83.0) Gecko/20100101 Firefox/83.0',
    Accept: ['application/json', 'application/xml', 'text/html'],
    'Accept-Language': 'en-GB,en;q=0.5',
    'Accept-Encoding': 'gzip, deflate, br',
    Origin: 'https://website.example.com',
    Referer: 'https://website.example.com/videos/12345678?action=play',
    'CloudFront-Viewer-Country': 'GB',
    Cookie: 'Cookie1=value1; Cookie2=value2; cookie_consent=true; cookiemv=value3; cookiemv=value4',
  }),
});
const CONTEXT = { requestId: 'EXAMPLEntjQpEXAMPLE_SG5Z-EXAMPLEPmPfEXAMPLEu3EqEXAMPLE==' };

describe('toFunctionEvent', () => {
  it('builds the request object of AWS’s example event', () => {
    const event = toFunctionEvent(awsExample(), CONTEXT);
    expect(event).toMatchObject({
      version: '1.0',
      context: { eventType: 'viewer-request', requestId: CONTEXT.requestId },
      viewer: { ip: '198.51.100.11' },
    });
    expect(event.request).toEqual({
      method: 'GET',
      uri: '/media/index.mpd',
      querystring: {
        ID: { value: '42' },
        Exp: { value: '1619740800' },
        TTL: { value: '1440' },
        NoValue: { value: '' },
        querymv: { value: 'val1', multiValue: [{ value: 'val1' }, { value: 'val2,val3' }] },
      },
      headers: {
        host: { value: 'video.example.com' },
        'user-agent': {
          value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:83.0) Gecko/20100101 Firefox/83.0',
        },
        accept: {
          value: 'application/json',
          multiValue: [{ value: 'application/json' }, { value: 'application/xml' }, { value: 'text/html' }],
        },
        'accept-language': { value: 'en-GB,en;q=0.5' },
        'accept-encoding': { value: 'gzip, deflate, br' },
        origin: { value: 'https://website.example.com' },
        referer: { value: 'https://website.example.com/videos/12345678?action=play' },
        'cloudfront-viewer-country': { value: 'GB' },
      },
      cookies: {
        Cookie1: { value: 'value1' },
        Cookie2: { value: 'value2' },
        cookie_consent: { value: 'true' },
        cookiemv: { value: 'value3', multiValue: [{ value: 'value3' }, { value: 'value4' }] },
      },
      rawQueryString: 'ID=42&Exp=1619740800&TTL=1440&NoValue=&querymv=val1&querymv=val2,val3',
    });
  });

  it.each<[string, string, boolean, string | undefined]>([
    ['the query as sent', 'q=%E5%AE%B6&a', false, 'q=%E5%AE%B6&a'],
    ['an empty string for a bare ?', '', true, ''],
    ['nothing without ?', '', false, undefined],
  ])('hands rawQueryString %s', (_n, querystring, bare, raw) => {
    const event = toFunctionEvent({ ...awsExample(), querystring }, { ...CONTEXT, bareQuestionMark: bare });
    expect(event.request.rawQueryString).toBe(raw);
  });

  it('keeps query names and values percent-encoded, and skips empty pairs', () => {
    const event = toFunctionEvent({ ...awsExample(), querystring: 'q=%E5%AE%B6&&a+b=c%26d' }, CONTEXT);
    expect(event.request.querystring).toEqual({ q: { value: '%E5%AE%B6' }, 'a+b': { value: 'c%26d' } });
  });

  it('reads every Cookie line and ignores pairs without a name', () => {
    const request = {
      ...awsExample(),
      headers: headers({ Cookie: ['a=1;b=2', ' =x; c; a=3 ', 'd="q"'] }),
    };
    expect(toFunctionEvent(request, CONTEXT).request.cookies).toEqual({
      a: { value: '1', multiValue: [{ value: '1' }, { value: '3' }] },
      b: { value: '2' },
      d: { value: '"q"' },
    });
  });

  it('keeps a header or cookie named __proto__ as an ordinary own entry', () => {
    const lines = ['__proto__', 'x', 'Cookie', '__proto__=y'];
    const request = { ...awsExample(), headers: toCloudFrontHeaders(lines) };
    const { request: r } = toFunctionEvent(request, CONTEXT);
    expect(Object.keys(r.headers)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(r.headers)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(r.cookies, '__proto__')?.value).toEqual({ value: 'y' });
  });
});

describe('fromFunctionResult', () => {
  const sent = () => toFunctionEvent(awsExample(), CONTEXT);

  it('forwards an unchanged request exactly as the viewer sent it', () => {
    const event = sent();
    expect(fromFunctionResult(JSON.parse(JSON.stringify(event.request)), event, awsExample())).toEqual(
      awsExample(),
    );
  });

  it('applies the multiValue rules: a changed value replaces the first, a changed multiValue all', () => {
    const event = sent();
    const req = JSON.parse(JSON.stringify(event.request));
    req.headers.accept.value = 'text/plain';
    req.cookies.cookiemv.multiValue = [{ value: 'only' }];
    req.headers['x-added-header'] = { value: 'yes' };
    const out = fromFunctionResult(req, event, awsExample()) as CloudFrontRequest;
    expect(out.headers.accept).toEqual([
      { key: 'Accept', value: 'text/plain' },
      { key: 'Accept', value: 'application/xml' },
      { key: 'Accept', value: 'text/html' },
    ]);
    expect(out.headers['x-added-header']).toEqual([{ key: 'X-Added-Header', value: 'yes' }]);
    expect(out.headers.cookie).toEqual([
      { key: 'Cookie', value: 'Cookie1=value1; Cookie2=value2; cookie_consent=true; cookiemv=only' },
    ]);
    expect(out.querystring).toBe(awsExample().querystring);
  });

  it('writes a changed query object as name=value pairs, and takes a query string as returned', () => {
    const event = sent();
    const req = JSON.parse(JSON.stringify(event.request));
    req.querystring = { b: { value: '2' }, a: { value: '' } };
    expect((fromFunctionResult(req, event, awsExample()) as CloudFrontRequest).querystring).toBe('b=2&a=');
    req.querystring = 'z=1&y=2';
    expect((fromFunctionResult(req, event, awsExample()) as CloudFrontRequest).querystring).toBe('z=1&y=2');
  });

  it('turns AWS’s example response into a string status, Title-Case headers and Set-Cookie lines', () => {
    const response: FunctionResponse = {
      statusCode: 200,
      statusDescription: 'OK',
      headers: { 'content-type': { value: 'text/html' }, 'access-control-allow-origin': { value: '*' } },
      cookies: {
        ID: { value: 'id1234', attributes: 'Expires=Wed, 05 Apr 2021 07:28:00 GMT' },
        Cookie1: {
          value: 'val1',
          attributes: 'Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
          multiValue: [
            {
              value: 'val1',
              attributes: 'Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
            },
            {
              value: 'val2',
              attributes: 'Path=/cat; Domain=example.com; Expires=Wed, 10 Jan 2021 07:28:00 GMT',
            },
          ],
        },
        plain: { value: 'x' },
      },
      body: {
        encoding: 'text',
        data: '<!DOCTYPE html><html><body><p>Here is your custom content.</p></body></html>',
      },
    };
    expect(fromFunctionResult(response, sent(), awsExample())).toEqual({
      status: '200',
      statusDescription: 'OK',
      headers: {
        'content-type': [{ key: 'Content-Type', value: 'text/html' }],
        'access-control-allow-origin': [{ key: 'Access-Control-Allow-Origin', value: '*' }],
        'set-cookie': [
          { key: 'Set-Cookie', value: 'ID=id1234; Expires=Wed, 05 Apr 2021 07:28:00 GMT' },
          {
            key: 'Set-Cookie',
            value: 'Cookie1=val1; Secure; Path=/; Domain=example.com; Expires=Wed, 05 Apr 2021 07:28:00 GMT',
          },
          {
            key: 'Set-Cookie',
            value: 'Cookie1=val2; Path=/cat; Domain=example.com; Expires=Wed, 10 Jan 2021 07:28:00 GMT',
          },
          { key: 'Set-Cookie', value: 'plain=x' },
        ],
      },
      body: '<!DOCTYPE html><html><body><p>Here is your custom content.</p></body></html>',
      bodyEncoding: 'text',
    });
  });

  it.each<[string, FunctionResponse['body'], object]>([
    ['a string body as text', 'moved', { body: 'moved', bodyEncoding: 'text' }],
    [
      'a base64 body as base64',
      { encoding: 'base64', data: 'bW92ZWQ=' },
      { body: 'bW92ZWQ=', bodyEncoding: 'base64' },
    ],
    ['no body as none', undefined, {}],
  ])('hands on %s', (_n, body, expected) => {
    const out = fromFunctionResult({ statusCode: 302, body }, sent(), awsExample());
    expect(out).toEqual({ status: '302', headers: {}, ...expected });
  });
});
