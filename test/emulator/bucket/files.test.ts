/**
 * The bucket's files: which read errors are a missing key (S3's 403, left to the caller) and which are
 * CloudFront's own failure to get the object; S3's ETags; a slice streams only its bytes.
 */
import { createHash } from 'node:crypto';
import { rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { md5ETag, multipartETag } from '../../../emulator/bucket/etag';
import { identityOf, MISSING, readFailure } from '../../../emulator/bucket/files';
import { openSlice, pipeSlice } from '../../../emulator/bucket/stream';
import type { FileSlice } from '../../../emulator/types';
import { closeStubs, tempSite } from '../stubs';

afterAll(closeStubs);

const errno = (code: string, syscall = 'open') =>
  Object.assign(new Error(`${code}: failed`), { code, syscall, errno: -1 });

describe('readFailure', () => {
  it.each(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG'])('reads %s as a missing key', (code) => {
    expect(readFailure(errno(code), '/bucket/a.html')).toBe(MISSING);
  });

  it.each<[string, string]>([
    ['EIO', 'E_ORIGIN_READ'],
    ['EACCES', 'E_ORIGIN_READ'],
    ['EPERM', 'E_ORIGIN_READ'],
    ['ELOOP', 'E_ORIGIN_READ'],
    ['ERR_FS_FILE_TOO_LARGE', 'E_ORIGIN_READ'],
    ['EMFILE', 'E_ORIGIN_BUSY'],
    ['ENFILE', 'E_ORIGIN_BUSY'],
    ['ENOMEM', 'E_ORIGIN_BUSY'],
    ['EAGAIN', 'E_ORIGIN_BUSY'],
  ])('reads %s as %s, naming the file and the errno', (code, expected) => {
    expect(readFailure(errno(code, 'read'), '/bucket/a.html')).toEqual({
      kind: 'error',
      code: expected,
      detail: `/bucket/a.html: ${code} (read)`,
    });
  });

  it.each<[string, unknown]>([
    ['an error without an errno', new Error('odd')],
    ['a thrown string', 'odd'],
    ['undefined', undefined],
  ])('reads %s as a failure to read, never a missing key', (_name, err) => {
    expect(readFailure(err, '/bucket/a.html')).toMatchObject({ kind: 'error', code: 'E_ORIGIN_READ' });
  });
});

describe('ETags', () => {
  it('is the quoted MD5 of the bytes for an object read whole', () => {
    const bytes = Buffer.from('hello');
    expect(md5ETag(bytes)).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
  });

  it.each<[number, number]>([
    [10_000_001, 2],
    [8 * 1024 * 1024, 1],
    [8 * 1024 * 1024 + 1, 2],
    [2.5 * 1024 ** 3, 320],
  ])('is a multipart upload tag for a streamed object of %i bytes, in %i parts of 8 MiB', (size, parts) => {
    expect(multipartETag('1:2:3:4:5', size)).toMatch(new RegExp(`^"[0-9a-f]{32}-${parts}"$`));
  });

  it('changes with the version of the file, not with the reading', () => {
    expect(multipartETag('1:2:3:4:5', 10_000_001)).toBe(multipartETag('1:2:3:4:5', 10_000_001));
    expect(multipartETag('1:2:3:4:6', 10_000_001)).not.toBe(multipartETag('1:2:3:4:5', 10_000_001));
  });
});

describe('openSlice', () => {
  const ALPHABET = Buffer.from('abcdefghijklmnopqrstuvwxyz'.repeat(1000));
  const sliceOf = (file: string, start: number, end: number): FileSlice => ({
    body: { file, size: ALPHABET.length, identity: identityOf(statSync(file)) },
    start,
    end,
  });
  const collect = async (slice: FileSlice): Promise<Buffer> => {
    const source = await openSlice(slice);
    if ('kind' in source) throw new Error(source.detail);
    const chunks: Buffer[] = [];
    for await (const c of source) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };

  it('streams exactly the bytes of the slice', async () => {
    const file = path.join(tempSite({ 'a.txt': ALPHABET }), 'a.txt');
    expect((await collect(sliceOf(file, 0, ALPHABET.length - 1))).equals(ALPHABET)).toBe(true);
    expect((await collect(sliceOf(file, 5, 9))).toString()).toBe('fghij');
    expect((await collect(sliceOf(file, ALPHABET.length - 1, ALPHABET.length - 1))).toString()).toBe('z');
  });

  it('refuses a file that changed or was removed since the bucket read it', async () => {
    const file = path.join(tempSite({ 'a.txt': ALPHABET }), 'a.txt');
    const changed = sliceOf(file, 0, 9);
    writeFileSync(file, Buffer.concat([ALPHABET, ALPHABET]));
    expect(await openSlice(changed)).toMatchObject({
      code: 'E_ORIGIN_READ',
      detail: expect.stringMatching(/changed/),
    });
    const removed = sliceOf(file, 0, 9);
    rmSync(file);
    expect(await openSlice(removed)).toMatchObject({
      code: 'E_ORIGIN_READ',
      detail: expect.stringMatching(/removed/),
    });
  });

  it('reports a file that ends before the slice does, and cuts the response', async () => {
    const file = path.join(tempSite({ 'a.txt': ALPHABET }), 'a.txt');
    const slice = { ...sliceOf(file, 0, ALPHABET.length - 1) };
    const source = await openSlice(slice);
    if ('kind' in source) throw new Error(source.detail);
    const out = new Writable({ write: (_c, _e, done) => done() });
    const failed = await pipeSlice(source, { ...slice, end: ALPHABET.length + 99 }, out);
    expect(failed).toMatchObject({ code: 'E_ORIGIN_READ', detail: expect.stringMatching(/shortened/) });
    expect(out.destroyed).toBe(true);
  });
});
