/**
 * A least-recently-used store bounded by the memory its entries hold. Bodies are kept in buffers of their
 * exact size (a zlib result is a view on a 16 KB chunk; a small `Buffer.from` is a view on a shared 8 KB
 * pool): counted bytes are the bytes held. Headers are counted with a per-entry object overhead. An object
 * too large to compress (over 10 MB) is kept as a reference to its file in the bucket (`FileBody`), counted
 * by its path and identity, never its bytes; `phases/cache.ts` drops it when the file has changed.
 */
import type { CloudFrontHeaders } from '../../edge-functions/cloudfront/types';
import { matchesPath } from '../../edge-functions/shared/paths';
import type { Body, EdgeResponse } from '../types';
import { uriOfKey } from './key';

export interface CachedResponse extends EdgeResponse {
  readonly storedAt: number;
  readonly expiresAt: number;
}

/** V8 object, array and Map-slot overheads, rounded up: what a header entry or a cache entry costs beyond its strings. */
const HEADER_ENTRY_OVERHEAD = 96;
const ENTRY_OVERHEAD = 512;

/** A copy of `body` that owns exactly its bytes (no shared pool, no larger backing store). */
export function exactBuffer(body: Buffer): Buffer {
  if (body.byteOffset === 0 && body.buffer.byteLength === body.byteLength) return body;
  const copy = Buffer.allocUnsafeSlow(body.byteLength);
  body.copy(copy);
  return copy;
}

/** What a body holds in memory: its bytes, or a file reference's strings. */
const heldBytes = (body: Body): number =>
  Buffer.isBuffer(body) ? body.byteLength : body.file.length + body.identity.length;

export function headerBytes(headers: CloudFrontHeaders): number {
  let n = 0;
  for (const [name, list] of Object.entries(headers))
    for (const h of list) n += HEADER_ENTRY_OVERHEAD + name.length + (h.key?.length ?? 0) + h.value.length;
  return n;
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse & { readonly size: number }>();
  private used = 0;
  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.used;
  }
  get size(): number {
    return this.entries.size;
  }

  /** Drop entries whose URI matches an invalidation path (`/*`, `/en/*`, `/en/index.html`). */
  invalidate(paths: readonly string[]): number {
    let n = 0;
    for (const key of [...this.entries.keys()])
      if (matchesPath(paths, uriOfKey(key))) {
        this.delete(key);
        n++;
      }
    return n;
  }

  get(key: string, now: number): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry); // most recently used goes last
    return entry;
  }

  set(key: string, value: CachedResponse): void {
    const size = ENTRY_OVERHEAD + key.length + heldBytes(value.body) + headerBytes(value.headers);
    if (size > this.maxBytes) return;
    this.delete(key);
    const body = Buffer.isBuffer(value.body) ? exactBuffer(value.body) : value.body;
    this.entries.set(key, { ...value, body, size });
    this.used += size;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= entry.size;
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.size;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}
