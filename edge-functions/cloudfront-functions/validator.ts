/**
 * CloudFront's validation of what a viewer-request CloudFront Function returns: a violation is CloudFront's
 * 502. The rules shared with Lambda@Edge (header restrictions, status, URI and query string) are
 * `../cloudfront/checks.ts`; this file reads the runtime's `{ value, multiValue }` shapes.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
 */
import {
  checkDiff,
  checkGeneratedHeaders,
  checkStatus,
  checkStatusDescription,
  checkUrl,
  isObject,
  type HeaderView,
  type Violation,
  type ViolationCode,
} from '../cloudfront/checks';
import { FIELD_CONTROL, HEADER_NAME, TOKEN } from '../shared/syntax';
import type { FunctionRequest, FunctionValues } from './types';
import { entriesOf, queryStringOf } from './values';

/** Lambda@Edge's codes, and two only a CloudFront Function can break: the method, the cookies map. */
export type FunctionViolationCode = ViolationCode | 'E_METHOD' | 'E_COOKIE';
export type FunctionViolation = Violation<FunctionViolationCode>;

type Field = 'headers' | 'querystring' | 'cookies';
const CODE: Readonly<Record<Field, FunctionViolationCode>> = {
  headers: 'E_HEADER_SHAPE',
  querystring: 'E_QUERYSTRING',
  cookies: 'E_COOKIE',
};
const NAME: Readonly<Record<Field, RegExp | undefined>> = {
  headers: HEADER_NAME,
  cookies: TOKEN,
  querystring: undefined,
};
// RFC 4648 §4 with padding: "If you specify encoding as base64 but the body is not valid base64, CloudFront
// returns an error."
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Check one map; returns `name → values` (the multiValue rules applied), or undefined if not a map. */
function checkValues(
  field: Field,
  values: unknown,
  received: FunctionValues | undefined,
  out: FunctionViolation[],
): HeaderView | undefined {
  if (values === undefined) return new Map();
  if (!isObject(values)) {
    out.push({ code: CODE[field], message: `${field} must be an object` });
    return undefined;
  }
  const view: HeaderView = new Map();
  for (const [name, raw] of entriesOf(values as FunctionValues, received)) {
    if (NAME[field] && !NAME[field].test(name)) {
      const token = field === 'headers' ? 'a lower-case token' : 'a token';
      out.push({ code: CODE[field], message: `${field} name must be ${token}, got: '${name}'` });
      continue;
    }
    if (!isObject(values[name]) || !raw.every((v) => typeof v === 'string')) {
      out.push({ code: CODE[field], message: `${field}['${name}'] needs a string value (and multiValue)` });
      continue;
    }
    const strings = raw as string[];
    if (field !== 'querystring' && strings.some((v) => FIELD_CONTROL.test(v)))
      out.push({ code: CODE[field], message: `${field}['${name}'] value contains a control character` });
    view.set(name, strings);
  }
  return view;
}

/** `{ value, attributes?, multiValue? }` per cookie, every part a string without control characters. */
function checkSetCookies(cookies: unknown, out: FunctionViolation[]) {
  if (cookies === undefined) return;
  if (!isObject(cookies)) return void out.push({ code: 'E_COOKIE', message: 'cookies must be an object' });
  for (const [name, cookie] of Object.entries(cookies)) {
    const list = isObject(cookie) && Array.isArray(cookie.multiValue) ? cookie.multiValue : [cookie];
    const ok = (c: unknown) =>
      isObject(c) &&
      typeof c.value === 'string' &&
      !FIELD_CONTROL.test(c.value) &&
      (c.attributes === undefined || (typeof c.attributes === 'string' && !FIELD_CONTROL.test(c.attributes)));
    if (!TOKEN.test(name) || !list.every(ok))
      out.push({
        code: 'E_COOKIE',
        message: `cookies['${name}'] must be a token with string value/attributes`,
      });
  }
}

function checkBody(body: unknown, out: FunctionViolation[]) {
  if (body === undefined || typeof body === 'string') return;
  const fail = (message: string) => void out.push({ code: 'E_BODY', message });
  if (!isObject(body)) return fail('body must be a string or { encoding, data }');
  if (body.encoding !== 'text' && body.encoding !== 'base64')
    return fail(`body.encoding must be 'text' or 'base64', got: '${String(body.encoding)}'`);
  if (typeof body.data !== 'string') return fail('body.data must be a string');
  if (body.encoding === 'base64' && !BASE64.test(body.data)) fail('body.data is not valid base64');
}

function checkResponse(res: Record<string, unknown>, out: FunctionViolation[]) {
  checkStatus(res.statusCode, true, out);
  checkStatusDescription(res.statusDescription, out);
  const view = checkValues('headers', res.headers, undefined, out);
  if (view) checkGeneratedHeaders(view.keys(), out);
  checkSetCookies(res.cookies, out);
  checkBody(res.body, out);
}

function checkRequest(received: FunctionRequest, req: Record<string, unknown>, out: FunctionViolation[]) {
  if (req.method !== undefined && req.method !== received.method)
    out.push({ code: 'E_METHOD', message: `method is read-only, got: '${String(req.method)}'` });
  const given = typeof received.querystring === 'string' ? undefined : received.querystring;
  let qs: unknown = req.querystring ?? '';
  // Unchanged, the query string goes on as the viewer sent it (its raw form, which re-writing could lengthen).
  const raw = (received as { rawQueryString?: unknown }).rawQueryString;
  // Compared as data (JSON): the result crossed from njs, so no prototype is shared with the event.
  if (isObject(qs) && JSON.stringify(qs) === JSON.stringify(given) && typeof raw === 'string') {
    checkValues('querystring', qs, given, out);
    qs = raw;
  } else if (isObject(qs)) {
    const view = checkValues('querystring', qs, given, out);
    qs = view ? queryStringOf([...view]) : '';
  }
  checkUrl(req.uri, qs, out);
  const before = checkValues('headers', received.headers, undefined, []) ?? new Map();
  const after = checkValues('headers', req.headers, received.headers, out);
  if (after) checkDiff('viewer-request', before, after, out);
  checkValues('cookies', req.cookies, received.cookies, out);
}

/**
 * Validate a viewer-request function's result against the request it received. An empty array means
 * CloudFront accepts it. A result with a `statusCode` is a generated response; anything else a request.
 */
export function validateFunctionResult(received: FunctionRequest, result: unknown): FunctionViolation[] {
  if (!isObject(result)) return [{ code: 'E_NOT_OBJECT', message: 'the function must return an object' }];
  const out: FunctionViolation[] = [];
  if (result.statusCode !== undefined) checkResponse(result, out);
  else checkRequest(received, result, out);
  return out;
}
