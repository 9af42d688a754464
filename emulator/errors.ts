/**
 * Every error the local CloudFront answers or reports, by stable code, in one table: the status and
 * `X-Cache` CloudFront gives the viewer, and what the code means. The code travels in `X-Emulator-Error`.
 * Function failures: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-lambda-validation-error.html
 * and the 503 pages beside it; request limits: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html
 * An origin that fails: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-502-bad-gateway.html
 * (CloudFront could not get the object: 502, `Error from cloudfront`) and
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-503-service-unavailable.html (the
 * origin is out of capacity: 503). Neither is cached: the next request asks the origin again.
 * CloudFront Functions: "an exception → 503, an invalid result → 502"
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html); the
 * `X-Cache` words follow the runtime's metrics (`FunctionExecutionErrors`, `FunctionValidationErrors`).
 */
import type { ViolationCode } from '../edge-functions/cloudfront/validator';
import {
  MAX_INVALIDATION_BODY_BYTES,
  MAX_INVALIDATION_PATHS,
  MAX_INVALIDATION_WILDCARD_PATHS,
} from './http/limits';

export interface ErrorSpec {
  readonly status: number;
  readonly title: string;
  readonly xCache: string;
  readonly message: string;
}

const ERROR = 'Error from cloudfront';
const validation = (message: string): ErrorSpec => ({
  status: 502,
  title: 'Bad Gateway',
  xCache: 'LambdaValidationError from cloudfront',
  message,
});

/** The validator's codes (`edge-functions/cloudfront/validator.ts`): each is CloudFront's 502. */
const VALIDATION: Readonly<Record<ViolationCode, ErrorSpec>> = {
  E_NOT_OBJECT: validation('The function returned something other than an object.'),
  E_STATUS: validation('The function returned a status outside 200-599.'),
  E_HEADER_SHAPE: validation('The function returned a malformed header map.'),
  E_HEADER_KEY_MISMATCH: validation('A header key does not match its map name.'),
  E_DISALLOWED_HEADER: validation('The function added or changed a disallowed header.'),
  E_READ_ONLY_HEADER: validation('The function added, changed or deleted a read-only header.'),
  E_VIEWER_COUNTRY: validation('viewer-request added CloudFront-Viewer-Country.'),
  E_TOO_LARGE: validation('The generated response is over the size limit for its event.'),
  E_BODY: validation('The function returned an invalid body.'),
  E_URI: validation('The function returned an invalid or too long URI.'),
  E_QUERYSTRING: validation('The function returned an invalid query string.'),
};

export const ERRORS = {
  ...VALIDATION,
  E_LAMBDA_THROW: {
    status: 503,
    title: 'Service Unavailable',
    xCache: 'LambdaExecutionError from cloudfront',
    message: 'The Lambda function associated with the CloudFront distribution threw or rejected.',
  },
  E_LAMBDA_TIMEOUT: {
    status: 503,
    title: 'Service Unavailable',
    xCache: 'LambdaLimitExceeded from cloudfront',
    message: 'The Lambda function associated with the CloudFront distribution did not finish in time.',
  },
  E_LAMBDA_NO_HANDLER: {
    status: 503,
    title: 'Service Unavailable',
    xCache: 'LambdaExecutionError from cloudfront',
    message: 'The bundle does not export a handler function.',
  },
  E_FUNCTION_THROW: {
    status: 503,
    title: 'Service Unavailable',
    xCache: 'FunctionExecutionError from cloudfront',
    message: 'The CloudFront Function threw, rejected, never settled or crashed.',
  },
  E_FUNCTION_LIMIT: {
    status: 503,
    title: 'Service Unavailable',
    xCache: 'FunctionExecutionError from cloudfront',
    message: 'The CloudFront Function went over its memory (2 MB) or compute limit.',
  },
  E_FUNCTION_LOAD: {
    status: 503,
    title: 'Service Unavailable',
    xCache: 'FunctionExecutionError from cloudfront',
    message:
      'The CloudFront Function does not load (a syntax error, an export, a module the runtime lacks, a throw at the top level).',
  },
  E_FUNCTION_VALIDATION: {
    status: 502,
    title: 'Bad Gateway',
    xCache: 'FunctionValidationError from cloudfront',
    message: 'The CloudFront Function returned a result CloudFront refuses.',
  },
  E_KVS_FILE: {
    status: 500,
    title: 'Internal Server Error',
    xCache: ERROR,
    message: "The local KeyValueStore file is not valid (the local CloudFront's store, not the function).",
  },
  E_METHOD_NOT_ALLOWED: {
    status: 403,
    title: 'Forbidden',
    xCache: ERROR,
    message:
      'This distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.',
  },
  E_URI_TOO_LONG: {
    status: 414,
    title: 'Request-URI Too Large',
    xCache: ERROR,
    message: 'The request URL is longer than 8,192 bytes.',
  },
  E_HEADERS_TOO_LARGE: {
    status: 494,
    title: 'Request Header Too Large',
    xCache: ERROR,
    message: 'The request line and headers are larger than 20,480 bytes.',
  },
  E_BAD_REQUEST: {
    status: 400,
    title: 'Bad Request',
    xCache: ERROR,
    message: 'The request could not be parsed.',
  },
  E_ORIGIN_READ: {
    status: 502,
    title: 'Bad Gateway',
    xCache: ERROR,
    message:
      'CloudFront could not get the object from the origin (the local bucket could not read its file).',
  },
  E_ORIGIN_BUSY: {
    status: 503,
    title: 'Service Unavailable',
    xCache: ERROR,
    message: 'The origin is out of resources (the local bucket ran out of file handles or memory).',
  },
  // The local CloudFront's own pages (`/__cloudfront/*`): RFC 9110 §15.5.20 (421), §15.5.14 (413).
  E_FOREIGN_HOST: {
    status: 421,
    title: 'Misdirected Request',
    xCache: ERROR,
    message:
      "The local CloudFront's own pages answer only a loopback Host: localhost, 127.0.0.1 or [::1] with its port.",
  },
  E_FOREIGN_ORIGIN: {
    status: 403,
    title: 'Forbidden',
    xCache: ERROR,
    message:
      "A POST (or any request but GET and HEAD) to the local CloudFront's own pages from another site's page is refused.",
  },
  E_INVALIDATION_TOO_LARGE: {
    status: 413,
    title: 'Payload Too Large',
    xCache: ERROR,
    message: `The invalidation request body is over ${MAX_INVALIDATION_BODY_BYTES / 1024 / 1024} MiB.`,
  },
  E_TOO_MANY_INVALIDATION_PATHS: {
    status: 400,
    title: 'Bad Request',
    xCache: ERROR,
    message: `An invalidation takes at most ${MAX_INVALIDATION_PATHS.toLocaleString('en-US')} paths, of which at most ${MAX_INVALIDATION_WILDCARD_PATHS} with a wildcard.`,
  },
  E_EMULATOR: {
    status: 500,
    title: 'Internal Server Error',
    xCache: ERROR,
    message: 'The local CloudFront failed (a bug in the emulator, not in the functions).',
  },
} as const satisfies Readonly<Record<string, ErrorSpec>>;

export type ErrorCode = keyof typeof ERRORS;

/** Conditions worth a line in the log but not an error response. */
export const WARNINGS = {
  E_SET_COOKIE_NOT_KEYED:
    'a cached Set-Cookie is not a function of the cache key: every viewer of this entry receives it',
  E_CONNECTION_CAP: 'connections over the cap were closed as they arrived (refused, not queued)',
} as const;

export type WarningCode = keyof typeof WARNINGS;

/** CloudFront's own error page for a code. */
export function errorPage(code: ErrorCode): string {
  const { status, message } = ERRORS[code];
  return `<!DOCTYPE html><title>${status} ERROR</title><h1>${status} ERROR</h1><h2>The request could not be satisfied.</h2><p>${message}</p>\n`;
}
