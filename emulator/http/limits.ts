/**
 * CloudFront's request limits, checked before any function runs
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html): a URL over
 * 8,192 bytes is a 414, a request line plus headers over 20,480 bytes a 494. Node's own parser limits are
 * set above these, and what it still refuses is mapped to the same answers.
 */
import {
  MAX_REQUEST_BYTES as MAX_REQUEST_HEADERS_BYTES,
  MAX_URL_LENGTH,
} from '../../edge-functions/cloudfront/limits';
import type { ErrorCode } from '../errors';
import type { ViewerRequest } from '../types';

/**
 * Node's header-section limit: far above CloudFront's, so CloudFront's rules answer (a 70 KB URL is a 414,
 * not a parser error); only a request past this is refused by the parser itself.
 */
export const NODE_MAX_HEADER_SIZE = 1024 * 1024;

/** The error CloudFront answers for a request over its limits, if any. */
export function requestLimitError(viewer: ViewerRequest): ErrorCode | undefined {
  if (Buffer.byteLength(viewer.target) > MAX_URL_LENGTH) return 'E_URI_TOO_LONG';
  // `METHOD target HTTP/1.1\r\n`, then `name: value\r\n` per line.
  let bytes = viewer.method.length + Buffer.byteLength(viewer.target) + 11;
  for (let i = 0; i + 1 < viewer.rawHeaders.length; i += 2)
    bytes += Buffer.byteLength(viewer.rawHeaders[i]!) + Buffer.byteLength(viewer.rawHeaders[i + 1]!) + 4;
  return bytes > MAX_REQUEST_HEADERS_BYTES ? 'E_HEADERS_TOO_LARGE' : undefined;
}

/**
 * The answer for a request Node's parser refused (`clientError`): past its header-size limit a 494 (the
 * parser reports only the last chunk, so a request line that long cannot be told apart); anything
 * unparseable, a 400.
 */
export function clientErrorCode(err: Error & { code?: string }): ErrorCode {
  return err.code === 'HPE_HEADER_OVERFLOW' ? 'E_HEADERS_TOO_LARGE' : 'E_BAD_REQUEST';
}

/**
 * Open connections the local server keeps at once. One more is closed as it arrives (Node's
 * `server.maxConnections`: refused, not queued) and a warning is printed. Above the bench's 200 load
 * connections and any browser's 6 per host; with one streamed file each, it stays well below a 1,024
 * file-descriptor limit.
 */
export const MAX_CONNECTIONS = 256;

/**
 * Invalidation bounds, CloudFront's own (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/InvalidationLimits.html):
 * up to 3,000 individual paths in progress per distribution, and up to 15 with a `*` wildcard; a local
 * invalidation finishes at once, so these bound one request. Its body is bounded too (CloudFront's API
 * answers `BatchTooLarge`; 1 MiB holds 3,000 paths of 300 characters).
 */
export const MAX_INVALIDATION_PATHS = 3000;
export const MAX_INVALIDATION_WILDCARD_PATHS = 15;
export const MAX_INVALIDATION_BODY_BYTES = 1024 * 1024;
