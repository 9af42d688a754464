/**
 * The checks CloudFront makes on what any edge function returns, whatever its shape: Lambda@Edge's
 * (`validator.ts`) and CloudFront Functions' (`../cloudfront-functions/validator.ts`) validators share them,
 * so a rule has one home. A violation is what CloudFront turns into a 502.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
 */
import { isDisallowedHeader, READ_ONLY_HEADERS, VIEWER_REQUEST_FORBIDDEN_ADDITIONS } from './rules';
import type { EventType } from './types';
import { FIELD_CONTROL } from '../shared/syntax';
import { MAX_URL_LENGTH } from './limits';

export type ViolationCode =
  | 'E_NOT_OBJECT'
  | 'E_STATUS'
  | 'E_HEADER_SHAPE'
  | 'E_HEADER_KEY_MISMATCH'
  | 'E_DISALLOWED_HEADER'
  | 'E_READ_ONLY_HEADER'
  | 'E_VIEWER_COUNTRY'
  | 'E_TOO_LARGE'
  | 'E_BODY'
  | 'E_URI'
  | 'E_QUERYSTRING';

export interface Violation<C extends string = ViolationCode> {
  readonly code: C;
  readonly message: string;
}

/** Where checks report: a list of violations, of these codes or a superset. */
export interface Violations {
  push(v: Violation): unknown;
}

/** Header name → values, the shape both validators compare. */
export type HeaderView = Map<string, string[]>;

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

// A returned URI or query string may not contain spaces or control characters, nor `#` in the query.
const BAD_URI = /[\u0000-\u0020\u007f]/;
const BAD_QUERY = /[\u0000-\u0020\u007f#]/;

const same = (a: string[] | undefined, b: string[] | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((v, i) => v === b[i]));

/** Compare returned headers with what the function received: read-only, disallowed, viewer-country. */
export function checkDiff(eventType: EventType, before: HeaderView, after: HeaderView, out: Violations) {
  const readOnly = READ_ONLY_HEADERS[eventType];
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    if (same(before.get(name), after.get(name))) continue;
    if (readOnly.includes(name))
      out.push({
        code: 'E_READ_ONLY_HEADER',
        message: `read-only header '${name}' was added, changed or deleted`,
      });
    else if (isDisallowedHeader(name) && after.has(name))
      out.push({ code: 'E_DISALLOWED_HEADER', message: `disallowed header '${name}' was added or changed` });
    else if (
      eventType === 'viewer-request' &&
      VIEWER_REQUEST_FORBIDDEN_ADDITIONS.includes(name) &&
      after.has(name)
    )
      out.push({ code: 'E_VIEWER_COUNTRY', message: `'${name}' cannot be added in viewer-request` });
  }
}

/** A generated response may carry neither a disallowed header nor `Transfer-Encoding` or `Via`. */
export function checkGeneratedHeaders(names: Iterable<string>, out: Violations) {
  for (const name of names) {
    if (isDisallowedHeader(name))
      out.push({
        code: 'E_DISALLOWED_HEADER',
        message: `disallowed header '${name}' in a generated response`,
      });
    else if (['transfer-encoding', 'via'].includes(name))
      out.push({ code: 'E_READ_ONLY_HEADER', message: `read-only header '${name}' in a generated response` });
  }
}

/** An integer status in 200-599 (`numeric`: a number only, as CloudFront Functions' `statusCode`). */
export function checkStatus(status: unknown, numeric: boolean, out: Violations): number {
  const n = typeof status === 'number' ? status : Number(status);
  const typed = typeof status === 'number' || (!numeric && typeof status === 'string');
  if (!typed || !Number.isInteger(n) || n < 200 || n > 599)
    out.push({ code: 'E_STATUS', message: `status must be 200-599, got: '${String(status)}'` });
  return n;
}

export function checkStatusDescription(description: unknown, out: Violations) {
  if (description !== undefined && (typeof description !== 'string' || FIELD_CONTROL.test(description)))
    out.push({ code: 'E_STATUS', message: 'statusDescription must be a string without control characters' });
}

/** A returned URI and query string: no spaces or control characters, and together under 8,192. */
export function checkUrl(uri: unknown, qs: unknown, out: Violations) {
  if (typeof uri !== 'string' || !uri.startsWith('/') || BAD_URI.test(uri))
    out.push({
      code: 'E_URI',
      message: `uri must start with '/' and contain no spaces or control characters, got: '${String(uri).slice(0, 200)}'`,
    });
  if (typeof qs !== 'string' || BAD_QUERY.test(qs))
    out.push({
      code: 'E_QUERYSTRING',
      message: 'querystring must be a string without spaces, control characters or #',
    });
  if (typeof uri === 'string' && typeof qs === 'string' && uri.length + qs.length + 1 >= MAX_URL_LENGTH)
    out.push({ code: 'E_URI', message: `uri + querystring must be under ${MAX_URL_LENGTH} characters` });
}
