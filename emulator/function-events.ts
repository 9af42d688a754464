/**
 * CloudFront Functions events built from the viewer's request as the local CloudFront holds it (Lambda@Edge's
 * shape, `events.ts`), and a function's result read back into that shape, so one pipeline serves both
 * runtimes. Lenient reading (what a viewer sends), the runtime's rules for writing (`values.ts`).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/general-helper-methods.html (rawQueryString)
 */
import { TOKEN } from '../edge-functions/shared/syntax';
// Optional whitespace as viewer-request's own cookie reading trims it (RFC 9110 §5.6.3).
import { trimOws } from '../edge-functions/shared/cookies';
import type {
  CloudFrontHeaders,
  CloudFrontRequest,
  CloudFrontResultResponse,
} from '../edge-functions/cloudfront/types';
import type {
  FunctionEventData,
  FunctionRequest,
  FunctionResponse,
  FunctionResult,
  FunctionValues,
} from '../edge-functions/cloudfront-functions/types';
import {
  cookieHeaderOf,
  entriesOf,
  queryStringOf,
  setCookieLines,
} from '../edge-functions/cloudfront-functions/values';
import { titleCase } from '../edge-functions/shared/syntax';
import { DISTRIBUTION, headerList } from './events';

export interface FunctionEventContext {
  readonly requestId: string;
  /** The request-target ended in a bare `?`: `rawQueryString()` is `''` (without `?` it is undefined). */
  readonly bareQuestionMark?: boolean;
}

/** `name → values` in arrival order as `{ value, multiValue? }` entries (own keys, even `__proto__`). */
function valuesOf(pairs: Iterable<readonly [string, string]>): FunctionValues {
  const lists = new Map<string, string[]>();
  for (const [name, value] of pairs) lists.set(name, [...(lists.get(name) ?? []), value]);
  const out: FunctionValues = {};
  for (const [name, list] of lists) {
    const entry =
      list.length > 1
        ? { value: list[0]!, multiValue: list.map((v) => ({ value: v })) }
        : { value: list[0]! };
    Object.defineProperty(out, name, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** `a=1&b&&a=2` → a: 1, 2; b: ''. Names and values as sent: the runtime does not percent-decode them. */
function* queryPairs(raw: string): Generator<[string, string]> {
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    yield eq === -1 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)];
  }
}

/**
 * Every `Cookie` line's `name=value` pairs (RFC 6265 §5.4), in order; a pair without `=` is no cookie.
 * Assumed, not documented: a pair whose name is not an RFC 6265 token (`=x`, `]=y`) is not delivered (a
 * function returning it would be refused).
 */
function* cookiePairs(lines: readonly { value: string }[]): Generator<[string, string]> {
  for (const line of lines)
    for (const part of line.value.split(';')) {
      const eq = part.indexOf('=');
      const name = eq === -1 ? '' : trimOws(part.slice(0, eq));
      if (TOKEN.test(name)) yield [name, trimOws(part.slice(eq + 1))];
    }
}

/** The viewer-request event a CloudFront Function receives for this request. */
export function toFunctionEvent(
  request: CloudFrontRequest,
  context: FunctionEventContext,
): FunctionEventData {
  const headers: [string, string][] = [];
  for (const [name, list] of Object.entries(request.headers))
    if (name !== 'cookie') for (const h of list) headers.push([name, h.value]);
  const raw = request.querystring !== '' ? request.querystring : context.bareQuestionMark ? '' : undefined;
  return {
    version: '1.0',
    context: { ...DISTRIBUTION, eventType: 'viewer-request', requestId: context.requestId },
    viewer: { ip: request.clientIp },
    request: {
      method: request.method,
      uri: request.uri,
      querystring: valuesOf(queryPairs(request.querystring)),
      headers: valuesOf(headers),
      cookies: valuesOf(cookiePairs(request.headers.cookie ?? [])),
      ...(raw === undefined ? {} : { rawQueryString: raw }),
    },
  };
}

type Entries = [string, unknown[]][];
/** The same names and values, in any order: njs enumerates an object's keys in hash order from 11 keys on. */
const sameEntries = (a: Entries, b: Entries): boolean => {
  const key = (e: Entries) => JSON.stringify([...e].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
  return key(a) === key(b);
};

function responseOf(res: FunctionResponse): CloudFrontResultResponse {
  const headers: CloudFrontHeaders = {};
  for (const [name, values] of entriesOf(res.headers ?? {}))
    for (const v of values) headerList(headers, name).push({ key: titleCase(name), value: String(v) });
  for (const [name, cookie] of Object.entries(res.cookies ?? {}))
    for (const line of setCookieLines(name, cookie))
      headerList(headers, 'set-cookie').push({ key: 'Set-Cookie', value: line });
  const body =
    res.body === undefined
      ? {}
      : typeof res.body === 'string'
        ? { body: res.body, bodyEncoding: 'text' as const }
        : { body: res.body.data, bodyEncoding: res.body.encoding };
  const description = res.statusDescription === undefined ? {} : { statusDescription: res.statusDescription };
  return { status: String(res.statusCode), ...description, headers, ...body };
}

function requestOf(req: FunctionRequest, sent: FunctionEventData['request'], original: CloudFrontRequest) {
  const headers: CloudFrontHeaders = {};
  for (const [name, values] of entriesOf(req.headers ?? {}, sent.headers))
    values.forEach((v, k) =>
      headerList(headers, name).push({
        key: original.headers[name]?.[k]?.key ?? titleCase(name),
        value: String(v),
      }),
    );
  const cookies = entriesOf(req.cookies ?? {}, sent.cookies);
  if (sameEntries(cookies, entriesOf(sent.cookies))) {
    if (original.headers.cookie) headers.cookie = original.headers.cookie;
  } else if (cookies.length > 0)
    headerList(headers, 'cookie').push({ key: 'Cookie', value: cookieHeaderOf(cookies) });
  let querystring: string;
  if (typeof req.querystring === 'string') querystring = req.querystring;
  else {
    const query = entriesOf(req.querystring ?? {}, sent.querystring);
    querystring = sameEntries(query, entriesOf(sent.querystring))
      ? original.querystring
      : queryStringOf(query);
  }
  return { clientIp: original.clientIp, method: original.method, uri: req.uri, querystring, headers };
}

/**
 * A valid result (`validateFunctionResult`) as Lambda@Edge's shapes: a response with a string `status`, its
 * cookies as `Set-Cookie` lines; or the request with what the function changed (an unchanged query string
 * or `Cookie` header goes on as the viewer sent it).
 */
export function fromFunctionResult(
  result: FunctionResult,
  sent: FunctionEventData,
  original: CloudFrontRequest,
): CloudFrontRequest | CloudFrontResultResponse {
  return 'statusCode' in result && result.statusCode !== undefined
    ? responseOf(result)
    : requestOf(result as FunctionRequest, sent.request, original);
}
