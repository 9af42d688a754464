/**
 * Objects larger than CloudFront ever compresses (10,000,000 bytes) through the whole local CloudFront with
 * the shipped fixture bundles: streamed from the file whole and uncompressed, ranges and conditionals as S3
 * and CloudFront answer them, cached as a reference to the file that is dropped when the file changes.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startServer, type LocalCloudFront } from '../../emulator';
import { serverOptions } from '../support/fixtures';
import { rawRequest, type RawResponse } from './http';
import { closeStubs, responseOf, startStub, tempSite } from './stubs';

/** Text (a type CloudFront compresses) of `n` bytes, different for each `seed`. */
const text = (n: number, seed = 'a') => Buffer.alloc(n, `${seed}0123456789abcdefghijklmnopqrstuvwxyz\n`);
const LIMIT = 10_000_000;
const BIG = text(LIMIT + 1);
const md5 = (b: Buffer) => `"${createHash('md5').update(b).digest('hex')}"`;

let server: LocalCloudFront;
let siteDir: string;

beforeAll(async () => {
  siteDir = tempSite({ 'assets/big.txt': BIG, 'assets/limit.txt': text(LIMIT) });
  server = await startServer({ ...serverOptions('demo'), port: 0, log: false, siteDir });
});
afterAll(async () => {
  await server.close();
  await closeStubs();
});

const get = (p: string, headers: [string, string][] = [], method = 'GET') =>
  rawRequest(server.port, p, headers, method);
const header = (r: RawResponse, name: string) => r.headers[name];

describe('an object over 10,000,000 bytes', () => {
  it('is sent whole and uncompressed, with its length and a multipart ETag, and then hit', async () => {
    server.purge();
    for (const xCache of ['Miss from cloudfront', 'Hit from cloudfront']) {
      const r = await get('/assets/big.txt', [['Accept-Encoding', 'gzip, br']]);
      expect(r.status).toBe(200);
      expect(header(r, 'x-cache')).toBe(xCache);
      expect(header(r, 'content-encoding')).toBeUndefined();
      expect(header(r, 'content-length')).toBe(String(BIG.length));
      expect(header(r, 'etag')).toMatch(/^"[0-9a-f]{32}-2"$/); // uploaded in two 8 MiB parts
      expect(r.body.equals(BIG)).toBe(true);
    }
    // Held as a reference to the file, not its bytes.
    expect(server.cache.bytes).toBeLessThan(16 * 1024);
  });

  it('answers HEAD with the length and no body', async () => {
    const r = await get('/assets/big.txt', [], 'HEAD');
    expect(r.status).toBe(200);
    expect(header(r, 'content-length')).toBe(String(BIG.length));
    expect(r.body.length).toBe(0);
  });

  it.each<[string, number, number]>([
    ['bytes=0-9', 0, 9],
    ['bytes=9999990-', 9_999_990, LIMIT],
    ['bytes=-7', LIMIT - 6, LIMIT],
    ['bytes=5000000-5000000', 5_000_000, 5_000_000],
  ])('answers Range: %s with 206 and only those bytes', async (range, start, end) => {
    const r = await get('/assets/big.txt', [['Range', range]]);
    expect(r.status).toBe(206);
    expect(header(r, 'content-range')).toBe(`bytes ${start}-${end}/${BIG.length}`);
    expect(header(r, 'content-length')).toBe(String(end - start + 1));
    expect(r.body.equals(BIG.subarray(start, end + 1))).toBe(true);
  });

  it('answers a range past the end with 416 and the size', async () => {
    const r = await get('/assets/big.txt', [['Range', `bytes=${BIG.length}-`]]);
    expect(r.status).toBe(416);
    expect(header(r, 'content-range')).toBe(`bytes */${BIG.length}`);
    expect(header(r, 'x-cache')).toBe('Error from cloudfront');
    expect(r.body.length).toBe(0);
  });

  it('answers If-None-Match with 304, and If-Range with the range only for its own ETag', async () => {
    const etag = header(await get('/assets/big.txt', [], 'HEAD'), 'etag') as string;
    expect((await get('/assets/big.txt', [['If-None-Match', etag]])).status).toBe(304);
    const ranged = await get('/assets/big.txt', [
      ['Range', 'bytes=0-3'],
      ['If-Range', etag],
    ]);
    expect(ranged.status).toBe(206);
    const stale = await get('/assets/big.txt', [
      ['Range', 'bytes=0-3'],
      ['If-Range', '"0123"'],
    ]);
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(BIG.length);
  });

  it('is fetched again once its file changes, never served from the old reference', async () => {
    const dir = tempSite({ 'assets/big.txt': BIG });
    const own = await startServer({ ...serverOptions('demo'), port: 0, log: false, siteDir: dir });
    try {
      const before = await rawRequest(own.port, '/assets/big.txt');
      const next = text(LIMIT + 2, 'b');
      writeFileSync(path.join(dir, 'assets', 'big.txt'), next);
      const r = await rawRequest(own.port, '/assets/big.txt');
      expect(r.headers['x-cache']).toBe('Miss from cloudfront');
      expect(r.headers.etag).not.toBe(before.headers.etag);
      expect(r.body.equals(next)).toBe(true);
    } finally {
      await own.close();
    }
  });
});

describe('origin-response and a streamed object', () => {
  it('replaces its body when the function returns one: the file is never sent', async () => {
    const s = await startStub('demo', {
      siteDir,
      originResponse: async (e) => ({ ...responseOf(e), body: 'replaced', bodyEncoding: 'text' }),
    });
    const r = await rawRequest(s.port, '/assets/big.txt');
    expect(r.status).toBe(200);
    expect(r.headers['content-length']).toBe('8');
    expect(r.body.toString()).toBe('replaced');
  });
});

describe('an object of exactly 10,000,000 bytes', () => {
  it('is compressed like CloudFront does, with a weak ETag', async () => {
    const r = await get('/assets/limit.txt', [['Accept-Encoding', 'gzip']]);
    expect(r.status).toBe(200);
    expect(header(r, 'content-encoding')).toBe('gzip');
    expect(header(r, 'etag')).toBe(`W/${md5(text(LIMIT))}`);
    expect(r.body.length).toBeLessThan(LIMIT / 100);
  });
});
