/**
 * The emulated origin: a private S3 bucket behind Origin Access Control, served from a folder. It is never
 * asked a conditional question: 304 and 206 are answered at the edge (`response/conditional.ts`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { getHeader } from '../../../edge-functions/cloudfront/headers';
import { getObject, objectKey, type OriginResponse } from '../../../emulator/phases/s3';
import { fixture } from '../../support/fixtures';
import { bytesOf, responseOf } from './support';

const config = fixture('demo').resolved;

let root: string;
let bucket: string;
const PAGE = '<!doctype html><p>hello</p>\n';
const MTIME = new Date('2024-03-01T12:34:56.789Z');
const md5 = (s: string | Buffer) => `"${createHash('md5').update(s).digest('hex')}"`;
const get = async (uri: string, method?: string) =>
  responseOf(await getObject(bucket, uri, config.contentTypes, method));

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'emulator-s3-'));
  bucket = path.join(root, 'bucket');
  mkdirSync(path.join(bucket, 'en', 'about'), { recursive: true });
  writeFileSync(path.join(bucket, 'en', 'index.html'), PAGE);
  utimesSync(path.join(bucket, 'en', 'index.html'), MTIME, MTIME);
  writeFileSync(path.join(bucket, 'en', 'about', 'index.html'), 'about');
  writeFileSync(path.join(bucket, 'site.0123abcd.css'), 'body{}');
  writeFileSync(path.join(bucket, 'LOGO.SVG'), '<svg/>');
  writeFileSync(path.join(bucket, 'data.unknownext'), 'x');
  writeFileSync(path.join(bucket, 'no-extension'), 'x');
  writeFileSync(path.join(bucket, 'a b.txt'), 'spaced');
  writeFileSync(path.join(bucket, 'empty.txt'), '');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the bucket');
  mkdirSync(path.join(root, 'bucket-evil'));
  writeFileSync(path.join(root, 'bucket-evil', 'x.txt'), 'sibling folder');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function expectAccessDenied(r: OriginResponse) {
  expect(r.status).toBe(403);
  expect(r.statusDescription).toBe('Forbidden');
  expect(getHeader(r.headers, 'content-type')).toBe('application/xml');
  expect(getHeader(r.headers, 'server')).toBe('AmazonS3');
  expect(getHeader(r.headers, 'etag')).toBeUndefined();
  const xml = r.body.toString();
  expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
  expect(xml).toContain('<Code>AccessDenied</Code>');
  expect(xml).toMatch(/<RequestId>[0-9A-F]{16}<\/RequestId>/);
  expect(xml).not.toContain('outside the bucket');
  expect(xml).not.toContain('sibling folder');
}

describe('getObject', () => {
  it('returns an existing object with 200, its bytes and an MD5 ETag', async () => {
    const r = await get('/en/index.html');
    expect(r.status).toBe(200);
    expect(r.statusDescription).toBe('OK');
    expect(r.body.toString()).toBe(PAGE);
    expect(getHeader(r.headers, 'etag')).toBe(md5(PAGE));
    expect(getHeader(r.headers, 'content-length')).toBe(String(Buffer.byteLength(PAGE)));
    expect(getHeader(r.headers, 'accept-ranges')).toBe('bytes');
  });

  it("carries S3's own headers: Server, request ids and encryption", async () => {
    const r = await get('/en/index.html');
    expect(r.headers.server).toEqual([{ key: 'Server', value: 'AmazonS3' }]);
    expect(getHeader(r.headers, 'x-amz-request-id')).toMatch(/^[0-9A-F]{16}$/);
    expect(getHeader(r.headers, 'x-amz-id-2')).toMatch(/^[A-Za-z0-9+/]{32}$/);
    expect(getHeader(r.headers, 'x-amz-server-side-encryption')).toBe('AES256');
    const again = await get('/en/index.html');
    expect(getHeader(again.headers, 'x-amz-request-id')).not.toBe(getHeader(r.headers, 'x-amz-request-id'));
  });

  it('sends Last-Modified from the file, to the second', async () => {
    const r = await get('/en/index.html');
    expect(getHeader(r.headers, 'last-modified')).toBe('Fri, 01 Mar 2024 12:34:56 GMT');
  });

  it('keeps every header map key lower-case and matching its key', async () => {
    const r = await get('/en/index.html');
    for (const [name, list] of Object.entries(r.headers)) {
      expect(name).toBe(name.toLowerCase());
      for (const h of list) expect(h.key?.toLowerCase()).toBe(name);
    }
  });

  it.each([
    ['/en/index.html', 'text/html; charset=utf-8'],
    ['/site.0123abcd.css', 'text/css; charset=utf-8'],
    ['/LOGO.SVG', 'image/svg+xml'],
    ['/a%20b.txt', 'text/plain; charset=utf-8'],
    ['/data.unknownext', 'binary/octet-stream'],
    ['/no-extension', 'binary/octet-stream'],
  ])('serves %s with the configured Content-Type %s', async (uri, type) => {
    const r = await get(uri);
    expect(r.status).toBe(200);
    expect(getHeader(r.headers, 'content-type')).toBe(type);
  });

  it('decodes a percent-encoded key', async () => {
    const r = await get('/a%20b.txt');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('spaced');
  });

  it('serves an empty object', async () => {
    const r = await get('/empty.txt');
    expect(r.status).toBe(200);
    expect(bytesOf(r.body).length).toBe(0);
    expect(getHeader(r.headers, 'content-length')).toBe('0');
    expect(getHeader(r.headers, 'etag')).toBe(md5(''));
  });

  it.each([
    ['a missing key', '/en/missing.html'],
    ['a missing folder', '/fr/index.html'],
    ['the bucket root', '/'],
    ['an empty uri', ''],
    ['a folder with a slash', '/en/'],
    ['a folder without a slash', '/en'],
    ['a nested folder', '/en/about'],
    ['a key in another case', '/EN/index.html'],
    ['a climb out of the bucket', '/../secret.txt'],
    ['a deeper climb', '/en/../../secret.txt'],
    ['an encoded climb', '/%2e%2e/secret.txt'],
    ['an encoded climb with encoded slashes', '/en%2F..%2F..%2Fsecret.txt'],
    ['a climb into a sibling folder sharing the prefix', '/../bucket-evil/x.txt'],
    ['a bare ..', '/..'],
    ['a malformed escape', '/%ZZ'],
    ['a truncated escape', '/en/index.html%'],
    ['a NUL byte', '/en/index.html%00'],
    ['an absolute path', '//etc/passwd'],
  ])('answers %s with 403 AccessDenied', async (_name, uri) => {
    expectAccessDenied(await get(uri));
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
    'answers %s on an existing key with 403 AccessDenied (only GET and HEAD read objects)',
    async (method) => {
      expectAccessDenied(await get('/en/index.html', method));
    },
  );

  it('answers HEAD like GET (the edge drops the body)', async () => {
    const r = await get('/en/index.html', 'HEAD');
    expect(r.status).toBe(200);
    expect(getHeader(r.headers, 'etag')).toBe(md5(PAGE));
  });

  it('reads an object of up to 10,000,000 bytes whole, and leaves a larger one in its file', async () => {
    writeFileSync(path.join(bucket, 'limit.bin'), Buffer.alloc(10_000_000, 1));
    const big = Buffer.alloc(10_000_001, 2);
    writeFileSync(path.join(bucket, 'big.bin'), big);
    const limit = await get('/limit.bin');
    expect(bytesOf(limit.body).length).toBe(10_000_000);
    const r = await get('/big.bin');
    expect(r.body).toEqual({
      file: await realpath(path.join(bucket, 'big.bin')),
      size: big.length,
      identity: expect.any(String),
    });
    expect(getHeader(r.headers, 'content-length')).toBe(String(big.length));
    expect(getHeader(r.headers, 'etag')).toMatch(/^"[0-9a-f]{32}-2"$/);
  });

  it('answers 403 for every key when the folder does not exist', async () => {
    expectAccessDenied(
      responseOf(await getObject(path.join(root, 'no-such-bucket'), '/en/index.html', config.contentTypes)),
    );
  });
});

describe('objectKey', () => {
  it.each<[string, string | undefined]>([
    ['/en/index.html', 'en/index.html'],
    ['/a%20b.txt', 'a b.txt'],
    ['/a+b.txt', 'a b.txt'],
    ['/a%2Bb.txt', 'a+b.txt'],
    ['/a++b%2B.txt', 'a  b+.txt'],
    ['/%E6%97%A5.html', '日.html'],
    ['/', ''],
    ['/%ZZ', undefined],
  ])('maps %p to %p', (uri, key) => {
    expect(objectKey(uri)).toBe(key);
  });
});
