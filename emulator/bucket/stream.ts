/**
 * Sending a file body: the file is opened again when the reply is written, checked to be the version the
 * bucket read, and only the bytes of the slice are read (a `Range` reads its bytes, never the whole object).
 * A failure before the first byte is CloudFront's 502/503 (`files.ts`); after it, the connection is cut, as
 * CloudFront does when its origin fails mid-body.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { failure, type ErrorOutcome, type FileSlice } from '../types';
import { identityOf, MISSING, readFailure, shownPath } from './files';

/** A stream of exactly the slice's bytes, or the error to answer instead. */
export async function openSlice(slice: FileSlice): Promise<Readable | ErrorOutcome> {
  const { file, identity } = slice.body;
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    if (identityOf(await handle.stat()) !== identity) {
      await handle.close();
      return failure('E_ORIGIN_READ', `${shownPath(file)}: changed while being served`);
    }
    return handle.createReadStream({ start: slice.start, end: slice.end });
  } catch (err) {
    await handle?.close().catch(() => undefined);
    const read = readFailure(err, file);
    return read === MISSING
      ? failure('E_ORIGIN_READ', `${shownPath(file)}: removed while being served`)
      : read;
  }
}

class Shortened extends Error {}

/**
 * The slice's bytes, failing if the file ends early (shortened while sent): the viewer was promised
 * `Content-Length` bytes, and a short body on a kept-alive connection would hang it.
 */
async function* exactly(source: AsyncIterable<Buffer>, slice: FileSlice): AsyncGenerator<Buffer> {
  let sent = 0;
  for await (const chunk of source) {
    sent += chunk.length;
    yield chunk;
  }
  if (sent !== slice.end - slice.start + 1) throw new Shortened('shortened while being served');
}

/**
 * Stream an opened slice into the viewer's response (headers written). Resolves with the failure to print
 * when the file failed mid-body (the connection is then cut), undefined when sent or when the viewer left.
 */
export async function pipeSlice(
  source: Readable,
  slice: FileSlice,
  out: Writable,
): Promise<ErrorOutcome | undefined> {
  let fileError: unknown;
  source.on('error', (err) => (fileError = err));
  try {
    await pipeline(source, (s: AsyncIterable<Buffer>) => exactly(s, slice), out);
    return undefined;
  } catch (err) {
    const cause = fileError ?? (err instanceof Shortened ? err : undefined);
    if (cause === undefined) return undefined; // the viewer closed the connection
    out.destroy();
    const read = readFailure(cause, slice.body.file);
    return read === MISSING ? failure('E_ORIGIN_READ', `${shownPath(slice.body.file)}: removed`) : read;
  }
}
