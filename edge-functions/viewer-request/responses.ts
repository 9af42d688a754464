/**
 * Responses viewer-request generates itself: directory 301, locale 302, malformed-URI 400, too-long-URI
 * 414. CloudFront never caches them and never runs origin-response on them, so they carry the security
 * headers themselves.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 */
import type { CloudFrontHeaders, CloudFrontResultResponse } from '../cloudfront/types';
import { MAX_URL_LENGTH } from '../cloudfront/limits';
import type { BakedHeader } from '../config/resolve';
import { applySecurityHeaders } from '../shared/security-headers';
import { mapChars, utf16Length } from '../shared/syntax';

/**
 * `Location` is always a same-site path: one `/`, then a character that is neither `/` nor `\`, and only
 * characters `normaliseUri` can produce. Anything else is a bug, so it throws (and the handler passes the
 * request through) rather than redirecting somewhere unintended.
 */
const SAFE_PATH = /^\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@%][A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)?$/;

/**
 * Keep the query string byte for byte; only what a header line cannot hold is percent-encoded as UTF-8,
 * a code point at a time (so a raw emoji stays one character) and a lone surrogate as U+FFFD, as the
 * WHATWG URL parser does: `encodeURIComponent` would throw on it.
 */
export function safeQuery(querystring: string): string {
  if (VISIBLE.test(querystring)) return querystring;
  // By hand, not a global regex: the same on V8 and njs (`shared/syntax.ts`).
  return mapChars(
    querystring,
    (c) => c >= 0x21 && c <= 0x7e,
    (c) => (c.length === 1 && c >= '\ud800' && c <= '\udfff' ? '%EF%BF%BD' : encodeURIComponent(c)),
  );
}

/** Visible ASCII only: kept as it is. */
const VISIBLE = /^[\u0021-\u007e]*$/;

/** Where a redirect points, or undefined when that URL would be too long for CloudFront to accept. */
export function location(path: string, querystring: string): string | undefined {
  if (!SAFE_PATH.test(path)) throw new Error('unsafe redirect path');
  const url = querystring === '' ? path : `${path}?${safeQuery(querystring)}`;
  return fits(url, '') ? url : undefined;
}

/** CloudFront refuses a URI + query string of `MAX_URL_LENGTH` characters or more. */
export const fits = (uri: string, querystring: string): boolean =>
  utf16Length(uri) + utf16Length(querystring) + 1 < MAX_URL_LENGTH;

/** A generated response with the security headers; `withBody` adds the status line as a text body. */
export function respond(
  status: string,
  statusDescription: string,
  table: readonly BakedHeader[],
  cacheControl: string,
  withBody?: boolean,
): CloudFrontResultResponse {
  const headers: CloudFrontHeaders = {};
  applySecurityHeaders(headers, table);
  headers['cache-control'] = [{ key: 'Cache-Control', value: cacheControl }];
  if (!withBody) return { status, statusDescription, headers };
  headers['content-type'] = [{ key: 'Content-Type', value: 'text/plain; charset=utf-8' }];
  return { status, statusDescription, headers, body: `${statusDescription}\n` };
}

/** 400: a URI no object can have (bad escapes, control characters), or an event outside the contract. */
export const badRequest = (table: readonly BakedHeader[]): CloudFrontResultResponse =>
  respond('400', 'Bad Request', table, 'no-store', true);

/** 414: the URL, once canonical (encoded, localized, `index.html`, variant), is too long for CloudFront. */
export const uriTooLong = (table: readonly BakedHeader[]): CloudFrontResultResponse =>
  respond('414', 'URI Too Long', table, 'no-store', true);

/** 301 for `/x` → `/x/`: permanent, and the same for everyone, so browsers may cache it. */
export function directoryRedirect(
  path: string,
  querystring: string,
  table: readonly BakedHeader[],
): CloudFrontResultResponse {
  const to = location(path, querystring);
  if (to === undefined) return uriTooLong(table);
  const r = respond('301', 'Moved Permanently', table, 'public, max-age=3600');
  r.headers!.location = [{ key: 'Location', value: to }];
  return r;
}

/** 302 to the visitor's locale: depends on their headers, so never stored by anyone. */
export function localeRedirect(
  path: string,
  querystring: string,
  table: readonly BakedHeader[],
): CloudFrontResultResponse {
  const to = location(path, querystring);
  if (to === undefined) return uriTooLong(table);
  const r = respond('302', 'Found', table, 'private, no-store');
  r.headers!.location = [{ key: 'Location', value: to }];
  r.headers!.vary = [{ key: 'Vary', value: 'Accept-Language, Cookie' }];
  return r;
}

/**
 * 302 back to the visitor's page that sets per-browser cookies (a proof of enrollment, a QA override):
 * never stored by anyone, so the cookies never reach another visitor. Undefined when the URL would be too
 * long for CloudFront; the caller serves the page without setting them.
 */
export function cookieRedirect(
  path: string,
  querystring: string,
  table: readonly BakedHeader[],
  cookies: readonly string[],
): CloudFrontResultResponse | undefined {
  const to = location(path, querystring);
  if (to === undefined) return undefined;
  const r = respond('302', 'Found', table, 'private, no-store');
  r.headers!.location = [{ key: 'Location', value: to }];
  r.headers!['set-cookie'] = cookies.map((value) => ({ key: 'Set-Cookie', value }));
  return r;
}
