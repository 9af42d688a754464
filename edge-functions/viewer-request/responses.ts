/**
 * Responses viewer-request generates itself: directory 301, locale 302, malformed-URI 400, too-long-URI
 * 414, the beacon's answers. The core writes them as a `Reply`, in neither runtime's shape: each adapter
 * turns it into its own (`handler.ts` for Lambda@Edge, `cloudfront-functions/event.ts`) and adds the security
 * headers, since CloudFront never runs origin-response on a generated response.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 */
import { MAX_URL_LENGTH } from '../cloudfront/limits';
import { COOKIE_ATTRIBUTES } from '../shared/cookies';
import { mapChars, utf16Length } from '../shared/syntax';

/** A cookie a reply sets: its value, and its attributes (`Max-Age=…; Path=/; …`). */
export interface SetCookie {
  readonly value: string;
  readonly attributes: string;
}

/**
 * A generated response, in CloudFront Functions' own shape (numeric status, lower-case headers as `{ value }`,
 * cookies by name, a text body), which the Lambda@Edge adapter converts (`lambda-response.ts`). Its headers
 * are the core's own: each adapter adds the security headers under them.
 */
export interface Reply {
  readonly statusCode: number;
  readonly statusDescription: string;
  readonly headers: Record<string, { value: string }>;
  readonly cookies: Record<string, SetCookie>;
  readonly body?: { readonly encoding: 'text'; readonly data: string };
}

/** A cookie to set: name, value, and `Max-Age` when it must outlive the session. */
export type CookieToSet = readonly [name: string, value: string, maxAge?: number];

/** Set `name` with the attributes every cookie of ours has, and a `Max-Age` when it must outlive the session. */
export function setCookie(reply: Reply, name: string, value: string, maxAge?: number): void {
  reply.cookies[name] = {
    value,
    attributes: `${maxAge === undefined ? '' : `Max-Age=${maxAge}; `}${COOKIE_ATTRIBUTES}`,
  };
}

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

/** A generated response; `withBody` adds the status line as a text body. */
export function respond(
  statusCode: number,
  statusDescription: string,
  cacheControl: string,
  withBody?: boolean,
): Reply {
  const headers: Reply['headers'] = { 'cache-control': { value: cacheControl } };
  if (!withBody) return { statusCode, statusDescription, headers, cookies: {} };
  headers['content-type'] = { value: 'text/plain; charset=utf-8' };
  const body = { encoding: 'text' as const, data: `${statusDescription}\n` };
  return { statusCode, statusDescription, headers, cookies: {}, body };
}

/** 400: a URI no object can have (bad escapes, control characters), or an event outside the contract. */
export const badRequest = (): Reply => respond(400, 'Bad Request', 'no-store', true);

/** 414: the URL, once canonical (encoded, localized, `index.html`, variant), is too long for CloudFront. */
export const uriTooLong = (): Reply => respond(414, 'URI Too Long', 'no-store', true);

/** 301 for `/x` → `/x/`: permanent, and the same for everyone, so browsers may cache it. */
export function directoryRedirect(path: string, querystring: string): Reply {
  const to = location(path, querystring);
  if (to === undefined) return uriTooLong();
  const r = respond(301, 'Moved Permanently', 'public, max-age=3600');
  r.headers.location = { value: to };
  return r;
}

/** 302 to the visitor's locale: depends on their headers, so never stored by anyone. */
export function localeRedirect(path: string, querystring: string): Reply {
  const to = location(path, querystring);
  if (to === undefined) return uriTooLong();
  const r = respond(302, 'Found', 'private, no-store');
  r.headers.location = { value: to };
  r.headers.vary = { value: 'Accept-Language, Cookie' };
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
  cookies: readonly CookieToSet[],
): Reply | undefined {
  const to = location(path, querystring);
  if (to === undefined) return undefined;
  const r = respond(302, 'Found', 'private, no-store');
  r.headers.location = { value: to };
  for (let i = 0; i < cookies.length; i++) setCookie(r, cookies[i]![0], cookies[i]![1], cookies[i]![2]);
  return r;
}
