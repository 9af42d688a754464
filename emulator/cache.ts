/**
 * Phase 3 — cache: CloudFront's cache key and TTL rules, and a byte-bounded LRU store.
 * Key = URI after viewer-request + the cookies, headers and query strings the cache policy names
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-the-cache-key.html).
 * TTL = the origin's `s-maxage`/`max-age` clamped into [min, max], `default` when it sent neither
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Expiration.html).
 */
import { parseCookie } from 'cookie';
import type { CloudFrontHeaders, CloudFrontRequest } from '../edge-functions/cloudfront/types';
import { joinHeader } from '../edge-functions/cloudfront/headers';
import type { CachePolicyFacts } from '../edge-functions/config/cache-policy';
import { matchesPath } from '../edge-functions/shared/paths';

/** The cookies a policy forwards, sorted by name as CloudFront forwards them; values are case-sensitive. */
export function forwardedCookies(headers: CloudFrontHeaders, allow: readonly string[]): [string, string][] {
  if (allow.length === 0) return [];
  const header = joinHeader(headers, 'cookie', '; ');
  if (header === '') return [];
  // Raw values: CloudFront keys on the bytes the viewer sent, so `a%41` and `aA` are different entries.
  const parsed = parseCookie(header, { decode: (v) => v });
  return [...allow]
    .sort()
    .filter((name) => Object.prototype.hasOwnProperty.call(parsed, name) && parsed[name] !== undefined)
    .map((name) => [name, parsed[name]!]);
}

export function forwardedQuery(querystring: string, allow: readonly string[]): string {
  if (allow.length === 0 || querystring === '') return '';
  const params = new URLSearchParams(querystring);
  const kept = new URLSearchParams();
  for (const name of [...allow].sort()) for (const v of params.getAll(name)) kept.append(name, v);
  return kept.toString();
}

/**
 * CloudFront normalises `Accept-Encoding` to one of `br,gzip`, `br`, `gzip` or nothing when the policy
 * enables compression (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/ServingCompressedFiles.html).
 */
export function normaliseAcceptEncoding(
  value: string | undefined,
  policy: CachePolicyFacts,
): '' | 'br' | 'gzip' | 'br,gzip' {
  if (!value) return '';
  const codings = value
    .toLowerCase()
    .split(',')
    .map((c) => c.trim().split(';'))
    .filter(([, ...params]) => !params.some((p) => /^\s*q\s*=\s*0(?:\.0*)?\s*$/.test(p)))
    .map(([name]) => name!.trim());
  const br = policy.brotli && codings.includes('br');
  const gzip = policy.gzip && codings.includes('gzip');
  return br && gzip ? 'br,gzip' : br ? 'br' : gzip ? 'gzip' : '';
}

export function cacheKey(request: CloudFrontRequest, policy: CachePolicyFacts): string {
  const headers = policy.headers.map((h) => [h, joinHeader(request.headers, h.toLowerCase(), ',')]);
  return JSON.stringify([
    request.method === 'HEAD' ? 'GET' : request.method, // HEAD and GET share an entry
    request.uri,
    forwardedCookies(request.headers, policy.cookies),
    headers,
    forwardedQuery(request.querystring, policy.queryStrings),
    normaliseAcceptEncoding(joinHeader(request.headers, 'accept-encoding', ','), policy),
  ]);
}

/** Seconds to keep a response, or 0 to not store it. */
export function ttlSeconds(
  status: number,
  cacheControl: string | undefined,
  policy: CachePolicyFacts,
): number {
  const { min, max } = policy.ttl;
  const cc = (cacheControl ?? '').toLowerCase();
  // CloudFront honours no-store/no-cache/private when the minimum TTL is 0.
  if (min === 0 && /(^|[\s,])(no-store|no-cache|private)([\s,=]|$)/.test(cc)) return 0;
  const directive = (name: string) => {
    const m = new RegExp(`(?:^|[\\s,])${name}\\s*=\\s*"?(\\d+)`).exec(cc);
    return m ? Number(m[1]) : undefined;
  };
  const sent = directive('s-maxage') ?? directive('max-age');
  // Errors without caching headers are kept for the error-caching minimum TTL (10 s by default).
  if (sent === undefined && status >= 400) return 10;
  const ttl = sent ?? policy.ttl.default;
  return Math.min(max, Math.max(min, ttl));
}

export interface CachedResponse {
  readonly status: number;
  readonly statusDescription: string;
  readonly headers: CloudFrontHeaders;
  readonly body: Buffer;
  readonly storedAt: number;
  readonly expiresAt: number;
}

/** Least-recently-used store bounded by bytes (bodies + a rough header size). */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse & { size: number }>();
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
    for (const key of [...this.entries.keys()]) {
      const uri = (JSON.parse(key) as [string, string])[1];
      if (matchesPath(paths, uri)) {
        this.delete(key);
        n++;
      }
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
    const size = value.body.length + JSON.stringify(value.headers).length + key.length;
    if (size > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, { ...value, size });
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
