/**
 * CloudFront's validation of what a Lambda@Edge function returns. A violation is what CloudFront turns into
 * a 502 `LambdaValidationError`; the local CloudFront runs this same module, and so do the tests.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 */
import {
  GENERATED_RESPONSE_LIMIT,
  generatedResponseBytes,
  isDisallowedHeader,
  READ_ONLY_HEADERS,
  VIEWER_REQUEST_FORBIDDEN_ADDITIONS,
} from './rules';
import type { CloudFrontHeaders, EventType } from './types';
import { FIELD_CONTROL, HEADER_NAME } from '../shared/syntax';
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

export interface Violation {
  readonly code: ViolationCode;
  readonly message: string;
}

/** What the function received: the request (request events) and response (response events) headers. */
export interface ValidationInput {
  readonly eventType: EventType;
  readonly requestHeaders: CloudFrontHeaders;
  readonly responseHeaders?: CloudFrontHeaders;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
// A returned URI or query string may not contain spaces or control characters, nor `#` in the query.
const BAD_URI = /[\u0000-\u0020\u007f]/;
const BAD_QUERY = /[\u0000-\u0020\u007f#]/;

/** Validate header shape; returns the normalised `name → values` view for the diff checks. */
function checkHeaders(headers: unknown, out: Violation[]): Map<string, string[]> | undefined {
  if (headers === undefined) return new Map();
  if (!isObject(headers)) {
    out.push({ code: 'E_HEADER_SHAPE', message: 'headers must be an object' });
    return undefined;
  }
  const view = new Map<string, string[]>();
  for (const [name, list] of Object.entries(headers)) {
    if (name !== name.toLowerCase() || !HEADER_NAME.test(name)) {
      out.push({
        code: 'E_HEADER_SHAPE',
        message: `header map key must be a lower-case token, got: '${name}'`,
      });
      continue;
    }
    if (!Array.isArray(list)) {
      out.push({ code: 'E_HEADER_SHAPE', message: `headers['${name}'] must be an array` });
      continue;
    }
    const values: string[] = [];
    for (const entry of list) {
      if (!isObject(entry) || typeof entry.value !== 'string') {
        out.push({ code: 'E_HEADER_SHAPE', message: `headers['${name}'] entries need a string value` });
        continue;
      }
      if (entry.key !== undefined && (typeof entry.key !== 'string' || entry.key.toLowerCase() !== name))
        out.push({
          code: 'E_HEADER_KEY_MISMATCH',
          message: `headers['${name}'] has key '${String(entry.key)}'`,
        });
      if (FIELD_CONTROL.test(entry.value))
        out.push({
          code: 'E_HEADER_SHAPE',
          message: `headers['${name}'] value contains a control character`,
        });
      values.push(entry.value);
    }
    view.set(name, values);
  }
  return view;
}

/** What the function received, as `name → values`; tolerant, since a malformed event is an input too. */
const toView = (h: CloudFrontHeaders | undefined): Map<string, string[]> =>
  new Map(
    Object.entries(h ?? {}).map(([k, l]) => [k, Array.isArray(l) ? l.map((e) => String(e?.value)) : []]),
  );
const same = (a: string[] | undefined, b: string[] | undefined) =>
  a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((v, i) => v === b[i]));

/** Compare returned headers with what the function received. */
function checkDiff(
  eventType: EventType,
  before: Map<string, string[]>,
  after: Map<string, string[]>,
  out: Violation[],
) {
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

function checkResponse(
  input: ValidationInput,
  res: Record<string, unknown>,
  generated: boolean,
  out: Violation[],
) {
  const status = typeof res.status === 'number' ? res.status : Number(res.status);
  if (
    !(typeof res.status === 'string' || typeof res.status === 'number') ||
    !Number.isInteger(status) ||
    status < 200 ||
    status > 599
  )
    out.push({ code: 'E_STATUS', message: `status must be 200-599, got: '${String(res.status)}'` });
  if (
    res.statusDescription !== undefined &&
    (typeof res.statusDescription !== 'string' || FIELD_CONTROL.test(res.statusDescription))
  )
    out.push({ code: 'E_STATUS', message: 'statusDescription must be a string without control characters' });
  const view = checkHeaders(res.headers, out);
  if (view) {
    if (generated) {
      for (const name of view.keys()) {
        if (isDisallowedHeader(name))
          out.push({
            code: 'E_DISALLOWED_HEADER',
            message: `disallowed header '${name}' in a generated response`,
          });
        else if (['transfer-encoding', 'via'].includes(name))
          out.push({
            code: 'E_READ_ONLY_HEADER',
            message: `read-only header '${name}' in a generated response`,
          });
      }
    } else checkDiff(input.eventType, toView(input.responseHeaders), view, out);
  }
  let bodyBytes = 0;
  if (res.body !== undefined) {
    if (typeof res.body !== 'string') out.push({ code: 'E_BODY', message: 'body must be a string' });
    else bodyBytes = Buffer.byteLength(res.body, 'utf8');
    if (res.bodyEncoding !== undefined && res.bodyEncoding !== 'text' && res.bodyEncoding !== 'base64')
      out.push({
        code: 'E_BODY',
        message: `bodyEncoding must be 'text' or 'base64', got: '${String(res.bodyEncoding)}'`,
      });
    if (status === 204 && input.eventType === 'viewer-request' && bodyBytes > 0)
      out.push({ code: 'E_BODY', message: 'a 204 generated in viewer-request cannot have a body' });
  }
  const size = generatedResponseBytes(view ?? [], bodyBytes);
  const limit = GENERATED_RESPONSE_LIMIT[input.eventType];
  if ((generated || res.body !== undefined) && size > limit)
    out.push({
      code: 'E_TOO_LARGE',
      message: `response is ${size} bytes; the ${input.eventType} limit is ${limit}`,
    });
}

function checkRequest(input: ValidationInput, req: Record<string, unknown>, out: Violation[]) {
  const uri = req.uri;
  if (typeof uri !== 'string' || !uri.startsWith('/') || BAD_URI.test(uri))
    out.push({
      code: 'E_URI',
      message: `uri must start with '/' and contain no spaces or control characters, got: '${String(uri).slice(0, 200)}'`,
    });
  const qs = req.querystring;
  if (typeof qs !== 'string' || BAD_QUERY.test(qs))
    out.push({
      code: 'E_QUERYSTRING',
      message: 'querystring must be a string without spaces, control characters or #',
    });
  if (typeof uri === 'string' && typeof qs === 'string' && uri.length + qs.length + 1 >= MAX_URL_LENGTH)
    out.push({ code: 'E_URI', message: `uri + querystring must be under ${MAX_URL_LENGTH} characters` });
  const view = checkHeaders(req.headers, out);
  if (view) checkDiff(input.eventType, toView(input.requestHeaders), view, out);
}

/**
 * Validate a function's result for the event it received. An empty array means CloudFront accepts it.
 * Request events may return the request or a generated response (anything with a `status`).
 */
export function validateResult(input: ValidationInput, result: unknown): Violation[] {
  const out: Violation[] = [];
  if (!isObject(result)) return [{ code: 'E_NOT_OBJECT', message: 'the function must return an object' }];
  const isRequestEvent = input.eventType === 'viewer-request' || input.eventType === 'origin-request';
  if (isRequestEvent && result.status === undefined) checkRequest(input, result, out);
  else checkResponse(input, result, isRequestEvent, out);
  return out;
}
