/** The byte-bounded LRU store. */
import { exactBuffer, ResponseCache, type CachedResponse } from '../../../emulator/cache/store';
import { headers } from '../../support/events';
import { bytesOf } from '../phases/support';

describe('ResponseCache', () => {
  const entry = (bodyBytes: number, over: Partial<CachedResponse> = {}): CachedResponse => ({
    status: 200,
    statusDescription: 'OK',
    headers: {},
    body: Buffer.alloc(bodyBytes, 0x61),
    storedAt: 0,
    expiresAt: 1_000_000,
    ...over,
  });
  /** Bytes one entry takes under `key`, measured on a roomy cache. */
  const sizeOf = (key: string, value: CachedResponse) => {
    const c = new ResponseCache(1 << 30);
    c.set(key, value);
    return c.bytes;
  };

  it('returns what was stored, and undefined for an unknown key', () => {
    const c = new ResponseCache(1 << 20);
    const v = entry(10, { headers: headers({ ETag: '"x"' }) });
    c.set('k', v);
    expect(c.get('k', 1)).toMatchObject({ status: 200, body: v.body, headers: v.headers });
    expect(c.get('other', 1)).toBeUndefined();
    expect(c.size).toBe(1);
  });

  it('counts bytes for bodies and headers, and gives them back on delete and clear', () => {
    const c = new ResponseCache(1 << 20);
    c.set('a', entry(100));
    expect(c.bytes).toBeGreaterThanOrEqual(100);
    const withHeaders = sizeOf('a', entry(100, { headers: headers({ 'X-Long': 'v'.repeat(500) }) }));
    expect(withHeaders).toBeGreaterThan(c.bytes + 500);
    c.set('b', entry(50));
    c.delete('a');
    expect(c.size).toBe(1);
    expect(c.bytes).toBe(sizeOf('b', entry(50)));
    c.delete('missing');
    expect(c.bytes).toBe(sizeOf('b', entry(50)));
    c.clear();
    expect(c.size).toBe(0);
    expect(c.bytes).toBe(0);
  });

  it('replaces an entry under the same key without counting it twice', () => {
    const c = new ResponseCache(1 << 20);
    c.set('a', entry(100, { status: 200 }));
    const once = c.bytes;
    c.set('a', entry(100, { status: 404 }));
    expect(c.bytes).toBe(once);
    expect(c.size).toBe(1);
    expect(c.get('a', 1)?.status).toBe(404);
  });

  it.each([
    ['before expiry', 999_999, true],
    ['at expiry', 1_000_000, false],
    ['after expiry', 2_000_000, false],
  ])('serves an entry %s only while fresh', (_name, now, fresh) => {
    const c = new ResponseCache(1 << 20);
    c.set('a', entry(10, { storedAt: 0, expiresAt: 1_000_000 }));
    expect(c.get('a', now) !== undefined).toBe(fresh);
  });

  it('drops an expired entry and its bytes when it is read', () => {
    const c = new ResponseCache(1 << 20);
    c.set('a', entry(10, { expiresAt: 100 }));
    c.set('b', entry(10, { expiresAt: 1_000 }));
    expect(c.get('a', 100)).toBeUndefined();
    expect(c.size).toBe(1);
    expect(c.bytes).toBe(sizeOf('b', entry(10)));
    expect(c.get('b', 100)).toBeDefined();
  });

  it('evicts the least recently used entry when over its byte bound', () => {
    const one = sizeOf('a', entry(100));
    const c = new ResponseCache(3 * one);
    c.set('a', entry(100));
    c.set('b', entry(100));
    c.set('c', entry(100));
    expect(c.size).toBe(3);
    expect(c.get('a', 1)).toBeDefined(); // a is now the most recently used; b the least
    c.set('d', entry(100));
    expect(c.size).toBe(3);
    expect(c.get('b', 1)).toBeUndefined();
    expect(c.get('a', 1)).toBeDefined();
    expect(c.get('c', 1)).toBeDefined();
    expect(c.get('d', 1)).toBeDefined();
    expect(c.bytes).toBeLessThanOrEqual(3 * one);
  });

  it('evicts as many old entries as a large new one needs', () => {
    const small = sizeOf('a', entry(100));
    const c = new ResponseCache(4 * small);
    for (const k of ['a', 'b', 'c', 'd']) c.set(k, entry(100));
    c.set('big', entry(2 * small));
    expect(c.get('big', 1)).toBeDefined();
    expect(c.get('a', 1)).toBeUndefined();
    expect(c.get('b', 1)).toBeUndefined();
    expect(c.get('c', 1)).toBeUndefined();
    expect(c.get('d', 1)).toBeDefined();
    expect(c.bytes).toBeLessThanOrEqual(4 * small);
  });

  it('does not store an entry larger than the whole bound, and keeps the others', () => {
    const c = new ResponseCache(1000);
    c.set('a', entry(10));
    const before = c.bytes;
    c.set('huge', entry(5000));
    expect(c.get('huge', 1)).toBeUndefined();
    expect(c.get('a', 1)).toBeDefined();
    expect(c.bytes).toBe(before);
  });

  it('holds a streamed object as a reference to its file: its path counted, never its size', () => {
    const small = sizeOf('a', entry(100));
    const c = new ResponseCache(2 * small);
    const body = { file: '/bucket/video.mp4', size: 2_500_000_000, identity: '1:2:2500000000:3:4' };
    c.set('video', entry(0, { body }));
    expect(c.get('video', 1)?.body).toEqual(body);
    expect(c.bytes).toBe(sizeOf('video', entry(0)) + body.file.length + body.identity.length);
    expect(c.bytes).toBeLessThan(2 * small);
  });

  it('stores nothing with a bound of 0', () => {
    const c = new ResponseCache(0);
    c.set('a', entry(0));
    expect(c.size).toBe(0);
    expect(c.bytes).toBe(0);
  });
});

describe('exact-size bodies', () => {
  it('keeps a body that is a view on a larger buffer in a buffer of its own size', () => {
    const chunk = Buffer.alloc(16 * 1024, 0x61);
    const view = chunk.subarray(0, 100);
    const c = new ResponseCache(1 << 20);
    c.set('k', { status: 200, statusDescription: 'OK', headers: {}, body: view, storedAt: 0, expiresAt: 10 });
    const stored = bytesOf(c.get('k', 1)!.body);
    expect(stored.equals(view)).toBe(true);
    expect(stored.buffer.byteLength).toBe(100);
  });

  it('counts header entries beyond their characters', () => {
    const c = new ResponseCache(1 << 20);
    const many = headers({ 'X-A': Array.from({ length: 50 }, () => 'v') });
    c.set('k', {
      status: 200,
      statusDescription: '',
      headers: many,
      body: Buffer.alloc(0),
      storedAt: 0,
      expiresAt: 10,
    });
    expect(c.bytes).toBeGreaterThan(50 * 64);
  });
});

describe('exactBuffer', () => {
  it('returns a buffer that owns its bytes as is, and copies a pooled one', () => {
    const own = Buffer.allocUnsafeSlow(10);
    expect(exactBuffer(own)).toBe(own);
    const pooled = Buffer.from('small');
    expect(pooled.buffer.byteLength).toBeGreaterThan(5);
    const copy = exactBuffer(pooled);
    expect(copy.toString()).toBe('small');
    expect(copy.buffer.byteLength).toBe(5);
  });
});
