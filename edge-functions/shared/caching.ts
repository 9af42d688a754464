/**
 * Caching classes: which `Cache-Control` an object gets when the origin sent none. origin-response applies
 * it to every response; the CDK stack uploads the site with the same value as object metadata.
 */
import type { CacheConfig } from '../config/schema';
import { isPage } from './paths';

/** `site.3f2a9c1b.css`: a content hash of 8+ hex digits before the extension means the bytes never change. */
const FINGERPRINT = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i;

export type CacheClass = 'html' | 'immutable' | 'other';

export function cacheClass(uri: string, contentType: string | undefined): CacheClass {
  if (FINGERPRINT.test(uri)) return 'immutable';
  if ((contentType ?? '').toLowerCase().startsWith('text/html') || isPage(uri)) return 'html';
  return 'other';
}

export function defaultCacheControl(cls: CacheClass, cache: CacheConfig): string {
  if (cls === 'immutable') return cache.immutableCacheControl;
  if (cls === 'html') return cache.htmlCacheControl;
  return cache.defaultCacheControl;
}
