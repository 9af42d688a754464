/**
 * CloudFront Functions' event and result shapes, and the two steps between them and the decision core: the
 * request it reads (the runtime's own headers, the cookies joined back into one line) and the forwarded
 * request it decides (URI, experiment cookies). Its responses need no step: a `Reply` is already this
 * runtime's shape (`viewer-request/responses.ts`). Written in the subset both runtimes accept.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 */
import type { CloudFrontRequest } from '../cloudfront/types';
import { COOKIE } from '../shared/inputs';
import type { FunctionRequest, FunctionResponse, FunctionValue, FunctionValues } from './types';

export type { FunctionRequest, FunctionResponse };

/** The request as the runtime hands it over: `rawQueryString` is a method there (`types.ts` has its data form). */
export type RuntimeRequest = FunctionRequest & { rawQueryString?: () => string | undefined };

export interface FunctionEvent {
  readonly context?: { readonly requestId?: string };
  readonly request: RuntimeRequest;
}

/** Every value of an entry, in order (`multiValue` holds them all, the first included, when present). */
const valuesOf = (v: FunctionValue): string[] =>
  v.multiValue && v.multiValue.length > 0 ? v.multiValue.map((m) => m.value) : [v.value];

/**
 * The request the core reads: its headers in the runtime's own shape (the build links readers of that shape,
 * `headers-read.ts`), with the cookies joined back into the one `Cookie` line CloudFront took apart, and the
 * raw query string.
 */
export function coreRequest(request: RuntimeRequest): CloudFrontRequest {
  const headers: FunctionValues = {};
  const names = Object.keys(request.headers || {});
  for (let i = 0; i < names.length; i++) headers[names[i]!] = request.headers[names[i]!]!;
  const pairs: string[] = [];
  const cookies = Object.keys(request.cookies || {});
  for (let i = 0; i < cookies.length; i++) {
    const values = valuesOf(request.cookies[cookies[i]!]!);
    for (let j = 0; j < values.length; j++) pairs.push(`${cookies[i]}=${values[j]}`);
  }
  if (pairs.length > 0) headers[COOKIE] = { value: pairs.join('; ') };
  const raw = typeof request.rawQueryString === 'function' ? request.rawQueryString() : undefined;
  const core = {
    method: request.method,
    uri: request.uri,
    querystring: typeof raw === 'string' ? raw : '',
    headers,
  };
  return core as unknown as CloudFrontRequest;
}

/**
 * Forward: the core's URI, and its experiment cookies (`Decision`'s `cookies`) applied to the `cookies`
 * object, from which CloudFront rebuilds the line; every other cookie is left as the viewer sent it.
 */
export function forwardRequest(
  request: RuntimeRequest,
  uri: string,
  cookies: readonly (readonly [string, string])[] | undefined,
  experimentCookies: readonly string[],
): FunctionRequest {
  request.uri = uri;
  if (cookies === undefined) return request;
  if (!request.cookies) request.cookies = {};
  for (let i = 0; i < experimentCookies.length; i++) delete request.cookies[experimentCookies[i]!];
  for (let i = 0; i < cookies.length; i++) request.cookies[cookies[i]![0]] = { value: cookies[i]![1] };
  return request;
}
