/**
 * A bucket file that cannot be read, through the local CloudFront with the shipped fixture bundles: only a
 * missing key is S3's 403 (the localized 404 page); any other error (injected in `fs.promises.open` or the
 * file's read stream: this suite runs as any user, and root reads a `chmod 000` file) is CloudFront's 502 or
 * 503, printed once with the file and errno, and not cached — the next request after the fault is served.
 */
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { startServer, type LocalCloudFront } from '../../emulator';
import { serverOptions } from '../support/fixtures';
import { rawRequest, type RawResponse } from './http';
import { closeStubs, tempSite } from './stubs';

const PAGE = '<!doctype html><title>en</title><p>english</p>\n';
const BIG = Buffer.alloc(10_000_001, 'streamed ');
const realOpen = fsp.open;
let server: LocalCloudFront;
let siteDir: string;
let lines: string[];

beforeAll(async () => {
  siteDir = tempSite({ 'en/index.html': PAGE, 'assets/big.bin': BIG });
  server = await startServer({ ...serverOptions('demo'), port: 0, log: (l) => lines.push(l), siteDir });
});
beforeEach(() => (lines = []));
afterEach(() => jest.restoreAllMocks());
afterAll(async () => {
  await server.close();
  await closeStubs();
});

const errno = (code: string, syscall: string) =>
  Object.assign(new Error(`${code}: injected`), { code, syscall, errno: -5 });
/** `open` fails with `code` for files ending in `name`, as the kernel would. */
function failOpen(name: string, code: string) {
  return jest.spyOn(fsp, 'open').mockImplementation((async (file: string, ...rest: []) => {
    if (String(file).endsWith(name)) throw errno(code, 'open');
    return realOpen(file, ...rest);
  }) as typeof fsp.open);
}
const get = (p: string, headers: [string, string][] = []) => rawRequest(server.port, p, headers);
const warnings = () => lines.filter((l) => !l.startsWith('GET '));

function expectOriginFailure(r: RawResponse, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.headers['x-emulator-error']).toBe(code);
  expect(r.headers['x-cache']).toBe('Error from cloudfront');
  expect(r.body.toString()).toContain(`<h1>${status} ERROR</h1>`);
  expect(r.body.toString()).not.toContain('english');
}

describe('a read error other than a missing key', () => {
  it.each<[string, number, string]>([
    ['EIO', 502, 'E_ORIGIN_READ'],
    ['EACCES', 502, 'E_ORIGIN_READ'],
    ['EMFILE', 503, 'E_ORIGIN_BUSY'],
  ])('%s is a %i %s, printed with the file and errno, and not cached', async (code, status, error) => {
    server.purge();
    const spy = failOpen(path.join('en', 'index.html'), code);
    expectOriginFailure(await get('/en/index.html'), status, error);
    expect(warnings()).toEqual([`  ${error}: ${path.join(siteDir, 'en', 'index.html')}: ${code} (open)`]);
    spy.mockRestore();
    const next = await get('/en/index.html');
    expect(next.status).toBe(200);
    expect(next.headers['x-cache']).toBe('Miss from cloudfront');
    expect(next.body.toString()).toBe(PAGE);
  });

  it('leaves a cached object served: the error is not stored over it', async () => {
    server.purge();
    await get('/en/index.html');
    failOpen('index.html', 'EIO');
    const hit = await get('/en/index.html');
    expect(hit.headers['x-cache']).toBe('Hit from cloudfront');
    expect(hit.body.toString()).toBe(PAGE);
  });

  it('still makes a missing key S3’s 403, which origin-response turns into the 404 page', async () => {
    const r = await get('/en/missing.html');
    expect(r.status).toBe(404);
    expect(r.headers['x-emulator-error']).toBeUndefined();
    expect(warnings()).toEqual([]);
  });
});

describe('a streamed object that fails', () => {
  it('when sent from the cache is a 502 before any byte, and served again once readable', async () => {
    server.purge();
    expect((await get('/assets/big.bin')).status).toBe(200);
    failOpen('big.bin', 'EIO');
    expectOriginFailure(await get('/assets/big.bin'), 502, 'E_ORIGIN_READ');
    expect(warnings()).toEqual([`  E_ORIGIN_READ: ${path.join(siteDir, 'assets', 'big.bin')}: EIO (open)`]);
    jest.restoreAllMocks();
    const r = await get('/assets/big.bin');
    expect(r.headers['x-cache']).toBe('Hit from cloudfront');
    expect(r.body.equals(BIG)).toBe(true);
  });

  it('mid-body cuts the connection and prints the errno', async () => {
    server.purge();
    jest.spyOn(fsp, 'open').mockImplementation((async (file: string, ...rest: []) => {
      const handle: FileHandle = await realOpen(file, ...rest);
      if (!String(file).endsWith('big.bin')) return handle;
      // The origin hashes through `read`; the reply streams through `createReadStream`, which fails.
      handle.createReadStream = (() =>
        Readable.from(
          (async function* () {
            try {
              yield Buffer.alloc(64 * 1024, 'x');
              throw errno('EIO', 'read');
            } finally {
              await handle.close();
            }
          })(),
        )) as unknown as FileHandle['createReadStream'];
      return handle;
    }) as typeof fsp.open);
    await expect(get('/assets/big.bin')).rejects.toThrow();
    expect(warnings()).toEqual([`  E_ORIGIN_READ: ${path.join(siteDir, 'assets', 'big.bin')}: EIO (read)`]);
  });
});
