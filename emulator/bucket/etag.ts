/**
 * S3's `ETag` for an object uploaded in one part: the hex MD5 of its bytes, quoted
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html). S3 keeps it with the object; the local
 * bucket hashes a streamed file once per version (identity) and remembers the last few, so a 200 MB file is
 * not read twice per request, and simultaneous requests share one reading.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';

const REMEMBERED = 256;
const CHUNK_BYTES = 1024 * 1024;
const known = new Map<string, Promise<string>>();

export const md5ETag = (bytes: Buffer): string => `"${createHash('md5').update(bytes).digest('hex')}"`;

/** MD5 of `size` bytes read through `handle`, one chunk at a time (constant memory). */
async function hashFile(handle: FileHandle, size: number): Promise<string> {
  const hash = createHash('md5');
  const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size));
  for (let at = 0; at < size;) {
    const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, size - at), at);
    if (bytesRead === 0) throw Object.assign(new Error('file shortened while hashed'), { code: 'ESHORT' });
    hash.update(chunk.subarray(0, bytesRead));
    at += bytesRead;
  }
  return `"${hash.digest('hex')}"`;
}

/** The ETag of the file version `identity`, open as `handle` (kept open by the caller until this settles). */
export function fileETag(handle: FileHandle, size: number, identity: string): Promise<string> {
  let etag = known.get(identity);
  if (etag === undefined) {
    etag = hashFile(handle, size);
    known.set(identity, etag);
    etag.catch(() => known.delete(identity));
    if (known.size > REMEMBERED) known.delete(known.keys().next().value!);
  }
  return etag;
}
