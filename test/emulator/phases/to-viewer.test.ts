/** The to-viewer phase alone: an outcome becomes status, header lines and body as CloudFront sends them. */
import { errorPage, ERRORS, type ErrorCode } from '../../../emulator/errors';
import { toViewer } from '../../../emulator/phases/to-viewer';
import { failure, type HttpReply, type Outcome } from '../../../emulator/types';
import { headers, type HeaderInput } from '../../support/events';
import { bytesOf, edgeResponse } from './support';

const viewer = (method = 'GET', h: HeaderInput = {}) => ({
  method,
  headers: headers(h),
  requestId: 'req-id',
});
const line = (reply: HttpReply, name: string) =>
  reply.lines.filter(([k]) => k.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
const page = (status = 200, h: HeaderInput = { ETag: '"e"' }) => edgeResponse(status, h, '0123456789');

describe('toViewer', () => {
  it.each<[string, Outcome, string]>([
    ['a miss', { kind: 'miss', response: page() }, 'Miss from cloudfront'],
    ['a hit', { kind: 'hit', response: page(), ageSeconds: 3 }, 'Hit from cloudfront'],
    ['a 404 miss', { kind: 'miss', response: page(404) }, 'Error from cloudfront'],
    ['a 503 hit', { kind: 'hit', response: page(503), ageSeconds: 0 }, 'Error from cloudfront'],
    [
      'a generated 302',
      { kind: 'generated', response: page(302) },
      'LambdaGeneratedResponse from cloudfront',
    ],
    [
      'a generated 404',
      { kind: 'generated', response: page(404) },
      'LambdaGeneratedResponse from cloudfront',
    ],
  ])('labels %s %p', (_name, outcome, xCache) => {
    expect(line(toViewer(outcome, viewer()), 'X-Cache')).toEqual([xCache]);
  });

  it('adds Age on hits only, and CloudFront’s Via, X-Amz-Cf-Pop and X-Amz-Cf-Id always', () => {
    const hit = toViewer({ kind: 'hit', response: page(), ageSeconds: 7 }, viewer());
    const miss = toViewer({ kind: 'miss', response: page() }, viewer());
    expect(line(hit, 'Age')).toEqual(['7']);
    expect(line(miss, 'Age')).toEqual([]);
    for (const r of [hit, miss]) {
      expect(line(r, 'X-Amz-Cf-Id')).toEqual(['req-id']);
      expect(line(r, 'Via')[0]).toMatch(/\(CloudFront\)$/);
      expect(line(r, 'X-Amz-Cf-Pop')).toHaveLength(1);
    }
  });

  it('adds Server: CloudFront only when the response has no Server', () => {
    expect(line(toViewer({ kind: 'miss', response: page() }, viewer()), 'Server')).toEqual(['CloudFront']);
    const own = page(200, { Server: 'mine' });
    expect(line(toViewer({ kind: 'miss', response: own }, viewer()), 'Server')).toEqual(['mine']);
  });

  it('writes its own Content-Length and drops framing headers the response carried', () => {
    const r = toViewer(
      {
        kind: 'miss',
        response: page(200, { 'Content-Length': '999', 'Transfer-Encoding': 'chunked', Connection: 'close' }),
      },
      viewer(),
    );
    expect(line(r, 'Content-Length')).toEqual(['10']);
    expect(line(r, 'Transfer-Encoding')).toEqual([]);
    expect(line(r, 'Connection')).toEqual([]);
  });

  it('keeps repeated lines apart', () => {
    const r = toViewer({ kind: 'miss', response: page(200, { 'Set-Cookie': ['a=1', 'b=2'] }) }, viewer());
    expect(line(r, 'Set-Cookie')).toEqual(['a=1', 'b=2']);
  });

  it('sends no body for HEAD, with the GET length', () => {
    const r = toViewer({ kind: 'hit', response: page(), ageSeconds: 0 }, viewer('HEAD'));
    expect(bytesOf(r.body).length).toBe(0);
    expect(line(r, 'Content-Length')).toEqual(['10']);
  });

  it('answers a matching If-None-Match with 304, no body and no Content-Length', () => {
    const r = toViewer(
      { kind: 'hit', response: page(), ageSeconds: 0 },
      viewer('GET', { 'If-None-Match': '"e"' }),
    );
    expect(r.status).toBe(304);
    expect(bytesOf(r.body).length).toBe(0);
    expect(line(r, 'Content-Length')).toEqual([]);
    expect(line(r, 'ETag')).toEqual(['"e"']);
  });

  it('answers a Range with 206 and Content-Range, and an unsatisfiable one with 416 as an Error', () => {
    const partial = toViewer({ kind: 'miss', response: page() }, viewer('GET', { Range: 'bytes=2-4' }));
    expect(partial.status).toBe(206);
    expect(partial.body.toString()).toBe('234');
    expect(line(partial, 'Content-Range')).toEqual(['bytes 2-4/10']);
    const none = toViewer({ kind: 'miss', response: page() }, viewer('GET', { Range: 'bytes=20-' }));
    expect(none.status).toBe(416);
    expect(line(none, 'Content-Range')).toEqual(['bytes */10']);
    expect(line(none, 'X-Cache')).toEqual(['Error from cloudfront']);
  });

  it('hands a file body to the adapter as the slice to stream, and sends no file for HEAD, 304 or 416', () => {
    const file = { file: '/bucket/big.bin', size: 20_000_000, identity: 'i' };
    const big = { ...page(200, { ETag: '"e"' }), body: file };
    const reply = (method: string, h: HeaderInput = {}) =>
      toViewer({ kind: 'hit', response: big, ageSeconds: 0 }, viewer(method, h));
    expect(reply('GET').body).toEqual({ body: file, start: 0, end: 19_999_999 });
    expect(line(reply('GET'), 'Content-Length')).toEqual(['20000000']);
    const ranged = reply('GET', { Range: 'bytes=-10' });
    expect(ranged.body).toEqual({ body: file, start: 19_999_990, end: 19_999_999 });
    expect(line(ranged, 'Content-Length')).toEqual(['10']);
    expect(line(ranged, 'Content-Range')).toEqual(['bytes 19999990-19999999/20000000']);
    for (const r of [
      reply('HEAD'),
      reply('GET', { 'If-None-Match': '"e"' }),
      reply('GET', { Range: 'bytes=30000000-' }),
    ])
      expect(bytesOf(r.body).length).toBe(0);
    expect(line(reply('HEAD'), 'Content-Length')).toEqual(['20000000']);
  });

  it('never answers a generated response with 304', () => {
    const r = toViewer({ kind: 'generated', response: page() }, viewer('GET', { 'If-None-Match': '*' }));
    expect(r.status).toBe(200);
  });

  it.each(Object.keys(ERRORS) as ErrorCode[])('renders %s from the registry', (code) => {
    const r = toViewer(failure(code, 'detail'), viewer());
    expect(r.status).toBe(ERRORS[code].status);
    expect(line(r, 'X-Cache')).toEqual([ERRORS[code].xCache]);
    expect(line(r, 'X-Emulator-Error')).toEqual([code]);
    expect(line(r, 'Server')).toEqual(['CloudFront']);
    expect(r.body.toString()).toBe(errorPage(code));
    expect(r.body.toString()).not.toContain('detail');
  });
});
