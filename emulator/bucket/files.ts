/**
 * The bucket's files as S3 objects. Only a missing key is S3's answer (`403 AccessDenied` under Origin Access
 * Control, left to the caller); any other failure to read is CloudFront's own failure to get the object
 * (`errors.ts`): 503 when this machine is out of resources (file handles, memory), 502 otherwise. The failure
 * names the file and its errno, and is never cached: the next request reads again.
 */
import type { Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { failure, type ErrorOutcome } from '../types';

/**
 * What means "no such key": S3 has no folders, and a name too long for this disk cannot have been uploaded from
 * it (a visitor's long URL must stay S3's 403, not a 502).
 */
const MISSING_KEY = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'ENAMETOOLONG']);
/** Out of resources: the origin is over capacity (503), not broken. */
const BUSY = new Set(['EMFILE', 'ENFILE', 'ENOMEM', 'EAGAIN', 'EBUSY']);

export const MISSING = 'missing';

/** The file as printed: relative to the working folder when inside it. */
export function shownPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}

/** `EIO (read)`, `EMFILE (open)`, or the message of an error without an errno. */
function errnoOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string') return err instanceof Error ? err.message : String(err);
  return e.syscall ? `${e.code} (${e.syscall})` : e.code;
}

/** A read error as the origin's answer: a missing key, or CloudFront's 502/503 naming the file and errno. */
export function readFailure(err: unknown, file: string): typeof MISSING | ErrorOutcome {
  const code = (err as NodeJS.ErrnoException)?.code ?? '';
  if (MISSING_KEY.has(code)) return MISSING;
  return failure(BUSY.has(code) ? 'E_ORIGIN_BUSY' : 'E_ORIGIN_READ', `${shownPath(file)}: ${errnoOf(err)}`);
}

/**
 * Device, inode, size and times: another version of the file (replaced, rewritten) has another identity —
 * except a same-size rewrite within one tick of the filesystem's clock, which no stat can tell apart.
 */
export const identityOf = (s: Stats): string => `${s.dev}:${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`;

export interface OpenObject {
  readonly handle: FileHandle;
  /** The real path (links resolved inside the bucket). */
  readonly file: string;
  readonly stats: Stats;
}

/**
 * Open the file of a key under `root`. A link that leads out of the folder, a folder or anything but a regular
 * file is a missing key; the stats are the opened file's own (no race between checking and reading).
 */
export async function openObject(
  root: string,
  file: string,
): Promise<OpenObject | typeof MISSING | ErrorOutcome> {
  let handle: FileHandle | undefined;
  try {
    const real = await realpath(file);
    if (!real.startsWith((await realpath(root)) + path.sep)) return MISSING;
    handle = await open(real, 'r');
    const stats = await handle.stat();
    if (stats.isFile()) return { handle, file: real, stats };
    await handle.close();
    return MISSING;
  } catch (err) {
    await handle?.close().catch(() => undefined);
    return readFailure(err, file);
  }
}

/** Whether the file is still the version the bucket read (a cache entry that refers to it stays valid). */
export async function unchanged(file: string, identity: string): Promise<boolean> {
  try {
    return identityOf(await stat(file)) === identity;
  } catch {
    return false;
  }
}
