/**
 * The security headers a CloudFront Function adds to the responses it generates, read from the store's
 * `sh:<n>` pieces: joined, added under the core's own headers, and degraded to none with one warning line when
 * a piece is missing, unreadable or malformed (never a throw: that would be a 503).
 */
import { addHeaders, needHeaders } from '../../edge-functions/cloudfront-functions/headers';
import type { FunctionResponse } from '../../edge-functions/cloudfront-functions/types';
import type { StoreValue } from '../../edge-functions/shared/live';

const response = (): FunctionResponse => ({
  statusCode: 302,
  headers: { location: { value: '/en/' }, 'cache-control': { value: 'private, no-store' } },
});
const table = JSON.stringify({
  'strict-transport-security': { value: 'max-age=63072000' },
  'cache-control': { value: 'no-transform' },
  'x-frame-options': { value: 'DENY' },
});
const split = (text: string, at: number): Record<string, StoreValue> => ({
  'sh:0': text.slice(0, at),
  'sh:1': text.slice(at),
});

describe('addHeaders', () => {
  it('joins the pieces and adds every header the core did not set itself', () => {
    const lines: string[] = [];
    const out = addHeaders(response(), 2, split(table, 17), lines);
    expect(out.headers).toEqual({
      location: { value: '/en/' },
      'cache-control': { value: 'private, no-store' },
      'strict-transport-security': { value: 'max-age=63072000' },
      'x-frame-options': { value: 'DENY' },
    });
    expect(lines).toEqual([]);
  });

  it.each<[string, Record<string, StoreValue>, string]>([
    ['a missing piece', { 'sh:0': table.slice(0, 10), 'sh:1': null }, 'sh:1 missing'],
    ['an unreadable piece', { 'sh:0': false, 'sh:1': table }, 'sh:0 unreadable'],
    ['pieces that are not JSON', { 'sh:0': '{"x', 'sh:1': '' }, 'sh:0 malformed'],
    ['JSON that is not a table', { 'sh:0': 'nu', 'sh:1': 'll' }, 'sh:0 malformed'],
  ])('answers without them, with one warning line, for %s', (_name, values, message) => {
    const lines: string[] = [];
    const out = addHeaders(response(), 2, values, lines);
    expect(out.headers).toEqual(response().headers);
    expect(lines.map((l) => JSON.parse(l) as Record<string, string>)).toEqual([
      expect.objectContaining({ level: 'warn', code: 'W_KVS', message }),
    ]);
  });

  it('skips an entry that is not a header value, keeping the others', () => {
    const values = { 'sh:0': JSON.stringify({ a: null, b: { value: 7 }, c: 'x', d: { value: 'ok' } }) };
    expect(addHeaders(response(), 1, values, []).headers!.d).toEqual({ value: 'ok' });
    expect(Object.keys(addHeaders(response(), 1, values, []).headers!)).toEqual([
      'location',
      'cache-control',
      'd',
    ]);
  });

  it('adds nothing and warns of nothing when the site has no security headers (no pieces)', () => {
    const lines: string[] = [];
    expect(addHeaders(response(), 0, {}, lines)).toEqual(response());
    expect(lines).toEqual([]);
  });
});

describe('needHeaders', () => {
  it('names the pieces not read yet, once each', () => {
    const missing: string[] = [];
    needHeaders(3, { 'sh:1': 'x' }, missing);
    expect(missing).toEqual(['sh:0', 'sh:2']);
  });
});
