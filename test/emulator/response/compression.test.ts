/** CloudFront's compression rules as a table, and what a compressed response looks like. */
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { getHeader } from '../../../edge-functions/cloudfront/headers';
import { compress, compressible } from '../../../emulator/response/compression';
import type { EdgeResponse } from '../../../emulator/types';
import { headers, type HeaderInput } from '../../support/events';
import { bytesOf } from '../phases/support';

const text = (n: number) => Buffer.from('abcdefghij'.repeat(Math.ceil(n / 10)).slice(0, n));
const response = (h: HeaderInput, body = text(2000), status = 200): EdgeResponse => ({
  status,
  statusDescription: '',
  headers: headers(h),
  body,
});
const HTML = { 'Content-Type': 'text/html; charset=utf-8' };

describe('compressible', () => {
  it.each<[string, EdgeResponse, boolean]>([
    ['text/html with a charset', response(HTML), true],
    ['TEXT/HTML in upper case', response({ 'Content-Type': 'TEXT/HTML' }), true],
    ['text/css', response({ 'Content-Type': 'text/css' }), true],
    ['application/json', response({ 'Content-Type': 'application/json' }), true],
    ['image/svg+xml', response({ 'Content-Type': 'image/svg+xml' }), true],
    ['font/ttf', response({ 'Content-Type': 'font/ttf' }), true],
    [
      'application/manifest+json (not on the list)',
      response({ 'Content-Type': 'application/manifest+json' }),
      false,
    ],
    ['text/markdown (not on the list)', response({ 'Content-Type': 'text/markdown' }), false],
    ['image/png', response({ 'Content-Type': 'image/png' }), false],
    ['font/woff2', response({ 'Content-Type': 'font/woff2' }), false],
    ['no Content-Type', response({}), false],
    ['a Content-Type that only starts like one', response({ 'Content-Type': 'text/htmlx' }), false],
    ['999 bytes', response(HTML, text(999)), false],
    ['1,000 bytes', response(HTML, text(1000)), true],
    ['10,000,000 bytes', response(HTML, Buffer.alloc(10_000_000, 0x61)), true],
    ['10,000,001 bytes', response(HTML, Buffer.alloc(10_000_001, 0x61)), false],
    ['an encoded body', response({ ...HTML, 'Content-Encoding': 'identity' }), false],
    ['a 403', response(HTML, text(2000), 403), true],
    ['a 404', response(HTML, text(2000), 404), true],
    ['a 206', response(HTML, text(2000), 206), false],
    ['a 301', response(HTML, text(2000), 301), false],
    ['a 500', response(HTML, text(2000), 500), false],
  ])('%s → %p', (_name, r, expected) => {
    expect(compressible(r)).toBe(expected);
  });
});

describe('compress', () => {
  const page = () => response({ ...HTML, ETag: '"abc"', 'Content-Length': '2000' });

  it.each([
    ['gzip', 'gzip', gunzipSync],
    ['br', 'br', brotliDecompressSync],
    ['br,gzip', 'br', brotliDecompressSync],
  ] as const)('packs for %s with %s', (encoding, coding, inflate) => {
    const r = compress(page(), encoding);
    expect(getHeader(r.headers, 'content-encoding')).toBe(coding);
    expect(getHeader(r.headers, 'content-length')).toBeUndefined();
    expect(inflate(bytesOf(r.body)).equals(bytesOf(page().body))).toBe(true);
  });

  it('returns the response itself for identity or an incompressible response', () => {
    const r = page();
    expect(compress(r, '')).toBe(r);
    const png = response({ 'Content-Type': 'image/png' });
    expect(compress(png, 'gzip')).toBe(png);
  });

  it.each([
    ['"abc"', 'W/"abc"'],
    ['W/"abc"', 'W/"abc"'],
    ['abc', undefined],
    ['', undefined],
  ])('turns the ETag %p into %p', (etag, expected) => {
    const r = compress(response({ ...HTML, ETag: etag }), 'gzip');
    expect(getHeader(r.headers, 'etag')).toBe(expected);
  });

  it('leaves the origin response untouched and keeps its body in an exact-size buffer', () => {
    const original = page();
    const r = compress(original, 'gzip');
    expect(getHeader(original.headers, 'etag')).toBe('"abc"');
    expect(original.headers['content-encoding']).toBeUndefined();
    expect(bytesOf(r.body).buffer.byteLength).toBe(bytesOf(r.body).length);
  });
});
