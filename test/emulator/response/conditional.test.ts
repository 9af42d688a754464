/** Conditional and range requests answered from a stored 200 (RFC 9110 §13, §14), as a table. */
import { selectRepresentation, type Selection } from '../../../emulator/response/conditional';
import type { EdgeResponse } from '../../../emulator/types';
import { headers, type HeaderInput } from '../../support/events';

const ETAG = '"0123456789abcdef"';
const LAST_MODIFIED = 'Fri, 01 Mar 2024 12:34:56 GMT';
const BODY = Buffer.from('0123456789');

const response = (over: Partial<EdgeResponse> = {}): EdgeResponse => ({
  status: 200,
  statusDescription: 'OK',
  headers: headers({ ETag: ETAG, 'Last-Modified': LAST_MODIFIED }),
  body: BODY,
  ...over,
});
const select = (h: HeaderInput, method = 'GET', res = response()) =>
  selectRepresentation({ method, headers: headers(h) }, res);

describe('selectRepresentation', () => {
  it.each<[string, HeaderInput, Selection]>([
    ['no conditionals', {}, { status: 'full' }],
    ['If-None-Match with the ETag', { 'If-None-Match': ETAG }, { status: 304 }],
    ['If-None-Match with the weak form of the ETag', { 'If-None-Match': `W/${ETAG}` }, { status: 304 }],
    ['If-None-Match in a list', { 'If-None-Match': `"x", ${ETAG}` }, { status: 304 }],
    ['If-None-Match over two lines', { 'If-None-Match': ['"x"', ETAG] }, { status: 304 }],
    ['If-None-Match: *', { 'If-None-Match': '*' }, { status: 304 }],
    ['a stale If-None-Match', { 'If-None-Match': '"old"' }, { status: 'full' }],
    ['an empty If-None-Match', { 'If-None-Match': '' }, { status: 'full' }],
    ['a junk If-None-Match', { 'If-None-Match': ',,,' }, { status: 'full' }],
    ['If-Modified-Since at Last-Modified', { 'If-Modified-Since': LAST_MODIFIED }, { status: 304 }],
    ['If-Modified-Since later', { 'If-Modified-Since': 'Sat, 02 Mar 2024 00:00:00 GMT' }, { status: 304 }],
    [
      'If-Modified-Since earlier',
      { 'If-Modified-Since': 'Thu, 29 Feb 2024 00:00:00 GMT' },
      { status: 'full' },
    ],
    ['an unparseable If-Modified-Since', { 'If-Modified-Since': 'yesterday' }, { status: 'full' }],
    [
      'a stale If-None-Match beside a matching If-Modified-Since (If-None-Match wins)',
      { 'If-None-Match': '"old"', 'If-Modified-Since': LAST_MODIFIED },
      { status: 'full' },
    ],
    ['Range: bytes=0-3', { Range: 'bytes=0-3' }, { status: 206, start: 0, end: 3, size: 10 }],
    ['Range: bytes=5-', { Range: 'bytes=5-' }, { status: 206, start: 5, end: 9, size: 10 }],
    ['Range: bytes=-3', { Range: 'bytes=-3' }, { status: 206, start: 7, end: 9, size: 10 }],
    [
      'Range: bytes=-30 (longer than the body)',
      { Range: 'bytes=-30' },
      { status: 206, start: 0, end: 9, size: 10 },
    ],
    ['Range: bytes=2-100 (clamped)', { Range: 'bytes=2-100' }, { status: 206, start: 2, end: 9, size: 10 }],
    ['Range: bytes=10-', { Range: 'bytes=10-' }, { status: 416, size: 10 }],
    ['Range: bytes=5-2', { Range: 'bytes=5-2' }, { status: 416, size: 10 }],
    ['Range: bytes=-', { Range: 'bytes=-' }, { status: 'full' }],
    ['several ranges', { Range: 'bytes=0-1,4-5' }, { status: 'full' }],
    ['another unit', { Range: 'items=0-1' }, { status: 'full' }],
    [
      'If-Range with the strong ETag',
      { Range: 'bytes=0-1', 'If-Range': ETAG },
      { status: 206, start: 0, end: 1, size: 10 },
    ],
    ['If-Range with another ETag', { Range: 'bytes=0-1', 'If-Range': '"old"' }, { status: 'full' }],
    ['If-Range with a weak ETag', { Range: 'bytes=0-1', 'If-Range': `W/${ETAG}` }, { status: 'full' }],
    [
      'If-Range with the date',
      { Range: 'bytes=0-1', 'If-Range': LAST_MODIFIED },
      { status: 206, start: 0, end: 1, size: 10 },
    ],
    [
      'If-Range with another date',
      { Range: 'bytes=0-1', 'If-Range': 'Thu, 29 Feb 2024 00:00:00 GMT' },
      { status: 'full' },
    ],
    [
      'a matching If-None-Match beside a Range',
      { Range: 'bytes=0-1', 'If-None-Match': ETAG },
      { status: 304 },
    ],
  ])('answers a GET with %s', (_name, h, expected) => {
    expect(select(h)).toEqual(expected);
  });

  it('answers HEAD conditionals but ignores its Range', () => {
    expect(select({ 'If-None-Match': ETAG }, 'HEAD')).toEqual({ status: 304 });
    expect(select({ Range: 'bytes=0-1' }, 'HEAD')).toEqual({ status: 'full' });
  });

  it.each(['POST', 'DELETE', 'OPTIONS'])('leaves %s alone', (method) => {
    expect(select({ 'If-None-Match': ETAG, Range: 'bytes=0-1' }, method)).toEqual({ status: 'full' });
  });

  it.each([404, 403, 206, 302])('leaves a %i alone', (status) => {
    expect(select({ 'If-None-Match': '*', Range: 'bytes=0-1' }, 'GET', response({ status }))).toEqual({
      status: 'full',
    });
  });

  it('sends a compressed entry whole for a Range, but answers its weak ETag with 304', () => {
    const packed = response({
      headers: headers({ ETag: `W/${ETAG}`, 'Last-Modified': LAST_MODIFIED, 'Content-Encoding': 'gzip' }),
    });
    expect(select({ Range: 'bytes=0-1' }, 'GET', packed)).toEqual({ status: 'full' });
    expect(select({ 'If-None-Match': `W/${ETAG}` }, 'GET', packed)).toEqual({ status: 304 });
  });

  it('answers If-None-Match without an ETag only for *', () => {
    const bare = response({ headers: headers({}) });
    expect(select({ 'If-None-Match': ETAG }, 'GET', bare)).toEqual({ status: 'full' });
    expect(select({ 'If-None-Match': '*' }, 'GET', bare)).toEqual({ status: 304 });
    expect(select({ 'If-Modified-Since': LAST_MODIFIED }, 'GET', bare)).toEqual({ status: 'full' });
  });
});
