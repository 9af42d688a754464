/**
 * CloudFront's compression (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/ServingCompressedFiles.html):
 * status 200, 403 or 404; a `Content-Type` on its list; 1,000 to 10,000,000 bytes; no `Content-Encoding`
 * yet. Brotli when the viewer takes both. A strong `ETag` becomes weak, an invalid one is removed.
 */
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import type { CloudFrontHeaders } from '../../edge-functions/cloudfront/types';
import { getHeader } from '../../edge-functions/cloudfront/headers';
import type { Encoding } from '../cache/key';
import { exactBuffer } from '../cache/store';
import { bodySize, type EdgeResponse } from '../types';

/** "File types that CloudFront compresses", as listed on the page above. */
export const COMPRESSIBLE_TYPES: ReadonlySet<string> = new Set([
  'application/dash+xml',
  'application/eot',
  'application/font',
  'application/font-sfnt',
  'application/javascript',
  'application/json',
  'application/opentype',
  'application/otf',
  'application/pkcs7-mime',
  'application/protobuf',
  'application/rss+xml',
  'application/truetype',
  'application/ttf',
  'application/vnd.apple.mpegurl',
  'application/vnd.ms-fontobject',
  'application/xhtml+xml',
  'application/xml',
  'application/x-font-opentype',
  'application/x-font-truetype',
  'application/x-font-ttf',
  'application/x-httpd-cgi',
  'application/x-javascript',
  'application/x-mpegurl',
  'application/x-opentype',
  'application/x-otf',
  'application/x-perl',
  'application/x-ttf',
  'font/eot',
  'font/opentype',
  'font/otf',
  'font/ttf',
  'image/svg+xml',
  'text/css',
  'text/csv',
  'text/html',
  'text/javascript',
  'text/js',
  'text/plain',
  'text/richtext',
  'text/tab-separated-values',
  'text/xml',
  'text/x-component',
  'text/x-java-source',
  'text/x-script',
  'vnd.apple.mpegurl',
]);
const COMPRESSIBLE_STATUSES: readonly number[] = [200, 403, 404];
const MIN_BYTES = 1_000;
/** Above this size CloudFront never compresses: such a body can stream from the bucket to the viewer. */
export const COMPRESSIBLE_MAX_BYTES = 10_000_000;

export function compressible(response: EdgeResponse): boolean {
  const { status, headers, body } = response;
  if (!COMPRESSIBLE_STATUSES.includes(status) || headers['content-encoding']) return false;
  const size = bodySize(body);
  if (size < MIN_BYTES || size > COMPRESSIBLE_MAX_BYTES) return false;
  const type = (getHeader(headers, 'content-type') ?? '').split(';', 1)[0]!.trim().toLowerCase();
  return COMPRESSIBLE_TYPES.has(type);
}

/** `"x"` → `W/"x"`; `W/"x"` stays; anything else is not an entity tag and is dropped. */
function weakenETag(headers: CloudFrontHeaders): void {
  const etag = getHeader(headers, 'etag');
  if (etag === undefined || etag.startsWith('W/')) return;
  if (etag.startsWith('"')) headers.etag = [{ key: headers.etag![0]!.key ?? 'ETag', value: `W/${etag}` }];
  else delete headers.etag;
}

/** The response as CloudFront stores and sends it for a viewer whose normalised Accept-Encoding is `encoding`. */
export function compress(response: EdgeResponse, encoding: Encoding): EdgeResponse {
  const { body } = response;
  // A file body is over COMPRESSIBLE_MAX_BYTES (`phases/s3.ts`): it is never compressed.
  if (encoding === '' || !Buffer.isBuffer(body) || !compressible(response)) return response;
  const br = encoding.startsWith('br');
  // Output chunks sized to the body instead of zlib's 16 KB default: a 16 KB transient buffer per miss,
  // freed only when the GC gets to it, is what fragments the heap under the cached bodies.
  const chunkSize = Math.min(16 * 1024, body.length + 64);
  const packed = br
    ? brotliCompressSync(body, { chunkSize, params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } })
    : gzipSync(body, { chunkSize, level: 6 });
  const headers: CloudFrontHeaders = { ...response.headers };
  delete headers['content-length'];
  headers['content-encoding'] = [{ key: 'Content-Encoding', value: br ? 'br' : 'gzip' }];
  weakenETag(headers);
  return { ...response, headers, body: exactBuffer(packed) };
}
