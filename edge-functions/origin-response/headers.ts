/**
 * Header policy for origin responses: strip what leaks implementation details, default `Cache-Control`
 * when the origin sent none, and label localized HTML with `Content-Language`.
 */
import type { CloudFrontHeaders } from '../cloudfront/types';
import type { CacheConfig } from '../config/schema';
import { splitLocale } from '../viewer-request/paths';

/**
 * S3's implementation headers: `Server: AmazonS3`, request ids, encryption, version ids, user metadata
 * (`x-amz-meta-*`). `x-amz-cf-*` belongs to CloudFront and may not be touched (lambda-edge.md §3).
 */
export function isLeakingHeader(name: string): boolean {
  return name === 'server' || (name.startsWith('x-amz-') && !name.startsWith('x-amz-cf-'));
}

export function stripLeakingHeaders(headers: CloudFrontHeaders): void {
  for (const name of Object.keys(headers)) if (isLeakingHeader(name)) delete headers[name];
}

/** `site.3f2a9c1b.css`: a content hash of 8+ hex digits before the extension means the bytes never change. */
const FINGERPRINT = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;

export type CacheClass = 'html' | 'immutable' | 'other';

export function cacheClass(uri: string, contentType: string | undefined): CacheClass {
  if (FINGERPRINT.test(uri)) return 'immutable';
  if ((contentType ?? '').toLowerCase().startsWith('text/html') || uri.endsWith('.html')) return 'html';
  return 'other';
}

export function defaultCacheControl(cls: CacheClass, cache: CacheConfig): string {
  if (cls === 'immutable') return cache.immutableCacheControl;
  if (cls === 'html') return cache.htmlCacheControl;
  return cache.defaultCacheControl;
}

/** The locale a URI is served in (`/ja/…` → `ja`), or undefined for neutral paths. */
export const uriLocale = (uri: string, supported: readonly string[]): string | undefined =>
  splitLocale(uri, supported).locale;
