/**
 * Conditional and range requests answered at the edge from the stored response: `If-None-Match` (weak
 * comparison) and `If-Modified-Since` → 304 (RFC 9110 §13.1.2, §13.1.3, §13.2.2), `Range: bytes=` with
 * `If-Range` → 206 or 416 (RFC 9110 §14), for GET (HEAD: conditionals only) of a 200.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RangeGETs.html
 */
import type { CloudFrontHeaders } from '../../edge-functions/cloudfront/types';
import { getHeader, joinHeader } from '../../edge-functions/cloudfront/headers';
import { bodySize, type EdgeResponse } from '../types';

export type Selection =
  | { readonly status: 'full' }
  | { readonly status: 304 }
  | { readonly status: 206; readonly start: number; readonly end: number; readonly size: number }
  | { readonly status: 416; readonly size: number };

const FULL: Selection = { status: 'full' };

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/** `If-None-Match`: `*` or a list of entity tags, compared weakly. */
function noneMatch(header: string, etag: string | undefined): boolean {
  if (header.trim() === '*') return true;
  return etag !== undefined && header.split(',').some((t) => opaque(t) === opaque(etag));
}

function notModifiedSince(lastModified: string | undefined, since: string): boolean {
  const lm = Date.parse(lastModified ?? '');
  const ims = Date.parse(since);
  return Number.isFinite(lm) && Number.isFinite(ims) && lm <= ims;
}

/** `If-Range` holds when it is the strong ETag, or exactly the Last-Modified date. */
function ifRangeHolds(ifRange: string | undefined, headers: CloudFrontHeaders): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) {
    const etag = getHeader(headers, 'etag');
    return !value.startsWith('W/') && etag !== undefined && !etag.startsWith('W/') && etag === value;
  }
  return value === getHeader(headers, 'last-modified');
}

/** One `bytes=first-last` or `bytes=-suffix` range; anything else (several ranges, other units) is ignored. */
function byteRange(range: string, size: number): Selection {
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  if (!m || (m[1] === '' && m[2] === '')) return FULL;
  const suffix = m[1] === '';
  const start = suffix ? Math.max(0, size - Number(m[2])) : Number(m[1]);
  const end = suffix || m[2] === '' ? size - 1 : Math.min(size - 1, Number(m[2]));
  if (start >= size || start > end) return { status: 416, size };
  return { status: 206, start, end, size };
}

/** What to send for `request` from `response`: the whole response, a 304, or a byte range. */
export function selectRepresentation(
  request: { readonly method: string; readonly headers: CloudFrontHeaders },
  response: EdgeResponse,
): Selection {
  const { method, headers } = request;
  if (response.status !== 200 || (method !== 'GET' && method !== 'HEAD')) return FULL;
  const inm = headers['if-none-match'] ? joinHeader(headers, 'if-none-match', ',') : undefined;
  if (inm !== undefined) {
    if (noneMatch(inm, getHeader(response.headers, 'etag'))) return { status: 304 };
  } else {
    const ims = getHeader(headers, 'if-modified-since');
    if (ims !== undefined && notModifiedSince(getHeader(response.headers, 'last-modified'), ims))
      return { status: 304 };
  }
  const range = getHeader(headers, 'range');
  // Ranges apply to the identity bytes; a compressed entry is sent whole.
  if (method !== 'GET' || range === undefined || response.headers['content-encoding']) return FULL;
  if (!ifRangeHolds(getHeader(headers, 'if-range'), response.headers)) return FULL;
  return byteRange(range, bodySize(response.body));
}
