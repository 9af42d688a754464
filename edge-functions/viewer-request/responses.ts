/**
 * Responses viewer-request generates itself: directory 301, locale 302, malformed-URI 400. CloudFront never
 * caches them and never runs origin-response on them, so they carry the security headers themselves.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 */
import type { CloudFrontHeaders, CloudFrontResultResponse } from '../cloudfront/types';
import type { BakedHeader } from '../config/resolve';
import { applySecurityHeaders } from '../shared/security-headers';

/**
 * `Location` is always a same-site path: one `/`, then a character that is neither `/` nor `\`, and only
 * characters `normaliseUri` can produce. Anything else is a bug, so it throws (and the handler passes the
 * request through) rather than redirecting somewhere unintended.
 */
const SAFE_PATH = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@%][A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)?$/;

/** Keep the query string byte for byte; only bytes a header line cannot hold are percent-encoded. */
export function safeQuery(querystring: string): string {
  return querystring.replace(/[^\u0021-\u007e]/g, (c) => encodeURIComponent(c));
}

export function location(path: string, querystring: string): string {
  if (!SAFE_PATH.test(path)) throw new Error('unsafe redirect path');
  return querystring === '' ? path : `${path}?${safeQuery(querystring)}`;
}

function base(table: readonly BakedHeader[], cacheControl: string): CloudFrontHeaders {
  const headers: CloudFrontHeaders = {};
  applySecurityHeaders(headers, table);
  headers['cache-control'] = [{ key: 'Cache-Control', value: cacheControl }];
  return headers;
}

/** 301 for `/x` → `/x/`: permanent, and the same for everyone, so browsers may cache it. */
export function directoryRedirect(
  path: string,
  querystring: string,
  table: readonly BakedHeader[],
): CloudFrontResultResponse {
  const headers = base(table, 'public, max-age=3600');
  headers.location = [{ key: 'Location', value: location(path, querystring) }];
  return { status: '301', statusDescription: 'Moved Permanently', headers };
}

/** 302 to the visitor's locale: depends on their headers, so never stored by anyone. */
export function localeRedirect(
  path: string,
  querystring: string,
  table: readonly BakedHeader[],
): CloudFrontResultResponse {
  const headers = base(table, 'private, no-store');
  headers.location = [{ key: 'Location', value: location(path, querystring) }];
  headers.vary = [{ key: 'Vary', value: 'Accept-Language, Cookie' }];
  return { status: '302', statusDescription: 'Found', headers };
}

export function badRequest(table: readonly BakedHeader[]): CloudFrontResultResponse {
  const headers = base(table, 'no-store');
  headers['content-type'] = [{ key: 'Content-Type', value: 'text/plain; charset=utf-8' }];
  return { status: '400', statusDescription: 'Bad Request', headers, body: 'Bad Request: malformed URL\n' };
}
