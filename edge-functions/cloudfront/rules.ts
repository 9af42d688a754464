/**
 * Lambda@Edge's header rules (what a function may not add, change or delete).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html
 */
import type { EventType } from './types';

/** Headers no function may add or change (CloudFront answers 502). Lower-case. */
export const DISALLOWED_HEADERS: readonly string[] = [
  'connection',
  'expect',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'trailer',
  'upgrade',
  'x-accel-buffering',
  'x-accel-charset',
  'x-accel-limit-rate',
  'x-accel-redirect',
  'x-amzn-auth',
  'x-amzn-cf-billing',
  'x-amzn-cf-id',
  'x-amzn-cf-xff',
  'x-amzn-errortype',
  'x-amzn-fle-profile',
  'x-amzn-header-count',
  'x-amzn-header-order',
  'x-amzn-lambda-integration-tag',
  'x-amzn-requestid',
  'x-cache',
  'x-forwarded-proto',
  'x-real-ip',
];

/** Prefixes that are disallowed as a family (`X-Amz-Cf-*`, `X-Edge-*`). */
export const DISALLOWED_PREFIXES: readonly string[] = ['x-amz-cf-', 'x-edge-'];

export function isDisallowedHeader(name: string): boolean {
  const n = name.toLowerCase();
  return DISALLOWED_HEADERS.includes(n) || DISALLOWED_PREFIXES.some((p) => n.startsWith(p));
}

/** Read-only headers per event: a function may not add, change or delete them. */
export const READ_ONLY_HEADERS: Readonly<Record<EventType, readonly string[]>> = {
  'viewer-request': ['cdn-loop', 'content-length', 'host', 'transfer-encoding', 'via'],
  // Host is writable here: an origin-request function may route to another origin and name its host.
  'origin-request': [
    'accept-encoding',
    'cdn-loop',
    'content-length',
    'if-modified-since',
    'if-none-match',
    'if-range',
    'if-unmodified-since',
    'transfer-encoding',
    'via',
  ],
  'origin-response': ['transfer-encoding', 'via'],
  'viewer-response': ['content-encoding', 'content-length', 'transfer-encoding', 'via', 'warning'],
};

/** Generated-response size limits (status line + headers + body), in bytes. */
export const GENERATED_RESPONSE_LIMIT: Readonly<Record<EventType, number>> = {
  'viewer-request': 40 * 1024,
  'viewer-response': 40 * 1024,
  'origin-request': 1024 * 1024,
  'origin-response': 1024 * 1024,
};

/**
 * The size of a generated response as it is held against `GENERATED_RESPONSE_LIMIT`: a status-line
 * allowance, each header line (`name: value` + CRLF) and the body's UTF-8 bytes. One formula for the
 * validator (every response a function returns) and the build (each baked not-found page).
 */
export function generatedResponseBytes(
  headers: Iterable<readonly [name: string, values: readonly string[]]>,
  bodyBytes: number,
): number {
  let size = bodyBytes + 32;
  for (const [name, values] of headers)
    for (const v of values) size += name.length + Buffer.byteLength(v, 'utf8') + 4;
  return size;
}

/** Headers CloudFront adds after viewer-request; adding this one in viewer-request is a 502. */
export const VIEWER_REQUEST_FORBIDDEN_ADDITIONS: readonly string[] = ['cloudfront-viewer-country'];
