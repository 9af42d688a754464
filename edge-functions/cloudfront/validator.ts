/**
 * CloudFront's validation of what a Lambda@Edge function returns. A violation is what CloudFront turns into
 * a 502 `LambdaValidationError`; the local CloudFront runs this same module, and so do the tests.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 */
import { GENERATED_RESPONSE_LIMIT, generatedResponseBytes } from './rules';
import type { CloudFrontHeaders, EventType } from './types';
import { FIELD_CONTROL, HEADER_NAME } from '../shared/syntax';
import {
  checkDiff,
  checkGeneratedHeaders,
  checkStatus,
  checkStatusDescription,
  checkUrl,
  isObject,
  type Violation,
} from './checks';

export type { Violation, ViolationCode } from './checks';

/** What the function received: the request (request events) and response (response events) headers. */
export interface ValidationInput {
  readonly eventType: EventType;
  readonly requestHeaders: CloudFrontHeaders;
  readonly responseHeaders?: CloudFrontHeaders;
}

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

function checkResponse(
  input: ValidationInput,
  res: Record<string, unknown>,
  generated: boolean,
  out: Violation[],
) {
  const status = checkStatus(res.status, false, out);
  checkStatusDescription(res.statusDescription, out);
  const view = checkHeaders(res.headers, out);
  if (view) {
    if (generated) checkGeneratedHeaders(view.keys(), out);
    else checkDiff(input.eventType, toView(input.responseHeaders), view, out);
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
  checkUrl(req.uri, req.querystring, out);
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
