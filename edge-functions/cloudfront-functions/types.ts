/**
 * CloudFront Functions' event and result shapes (runtime `cloudfront-js-2.0`, viewer events), declared once.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 * `rawQueryString()`: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/general-helper-methods.html
 */

/** One query parameter, header or cookie: repeats collapse into `value` (the first) and `multiValue` (all). */
export interface FunctionValue {
  value: string;
  multiValue?: { value: string }[];
}

/** Name → value; header names are lower-case. */
export type FunctionValues = Record<string, FunctionValue>;

/** A response cookie (`Set-Cookie`): its attributes after the first `;`, as written. */
export interface FunctionCookie {
  value: string;
  attributes?: string;
  multiValue?: { value: string; attributes?: string }[];
}

export interface FunctionRequest {
  method: string;
  uri: string;
  /** Parsed, names and values as the viewer sent them (never percent-decoded). A function may return a string. */
  querystring: FunctionValues | string;
  /** Every header but `Cookie`. */
  headers: FunctionValues;
  /** The `Cookie` header(s), parsed. */
  cookies: FunctionValues;
}

/** A generated (viewer-request) or modified (viewer-response) response. */
export interface FunctionResponse {
  /** A number, never a string. */
  statusCode: number;
  statusDescription?: string;
  headers?: FunctionValues;
  cookies?: Record<string, FunctionCookie>;
  /** Text, or `{ encoding: 'text' | 'base64', data }`. */
  body?: string | { encoding: 'text' | 'base64'; data: string };
}

export type FunctionEventType = 'viewer-request' | 'viewer-response';

export interface FunctionEvent {
  version: '1.0';
  context: {
    distributionDomainName?: string;
    distributionId?: string;
    eventType: FunctionEventType;
    requestId?: string;
  };
  viewer: { ip: string };
  request: FunctionRequest;
  response?: FunctionResponse;
}

/**
 * An event as data, the form that travels to the runtime: `request.rawQueryString` is the query string as
 * received (without `?`; `''` for a bare `?`; absent without `?`), which the runtime hands the function as
 * the method `rawQueryString()` (a function cannot travel as JSON).
 */
export type FunctionEventData = Omit<FunctionEvent, 'request'> & {
  request: FunctionRequest & { querystring: FunctionValues; rawQueryString?: string };
};

/** What a viewer-request function returns: the request (forwarded) or a response (generated). */
export type FunctionResult = FunctionRequest | FunctionResponse;
