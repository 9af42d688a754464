/**
 * The one event factory for tests: builds valid CloudFront Lambda@Edge events the way CloudFront does
 * (lower-case header map of `{ key, value }` arrays, `querystring` without `?`, `status` as a string).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html
 */
import type {
  CloudFrontHeaders,
  CloudFrontRequestEvent,
  CloudFrontResponseEvent,
} from '../../edge-functions/cloudfront/types';

/** Headers as a test writes them: name → value, or several values for repeated lines. */
export type HeaderInput = Record<string, string | readonly string[]>;

export function headers(input: HeaderInput = {}): CloudFrontHeaders {
  const out: CloudFrontHeaders = {};
  for (const [key, value] of Object.entries(input)) {
    const values = typeof value === 'string' ? [value] : value;
    const name = key.toLowerCase();
    out[name] = [...(out[name] ?? []), ...values.map((v) => ({ key, value: v }))];
  }
  return out;
}

export interface RequestInput {
  uri?: string;
  querystring?: string;
  method?: string;
  clientIp?: string;
  headers?: HeaderInput;
}

const config = (eventType: 'viewer-request' | 'origin-response') => ({
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'EDFDVBD6EXAMPLE',
  eventType,
  requestId: '4TyzHTaYWb1GX1qTfsHhEqV6HUDd_BzoBZnwfnvQc_1oF26ClkoUSEQ==',
});

export function viewerRequest(input: RequestInput = {}): CloudFrontRequestEvent {
  return {
    Records: [
      {
        cf: {
          config: config('viewer-request'),
          request: {
            clientIp: input.clientIp ?? '203.0.113.178',
            method: input.method ?? 'GET',
            uri: input.uri ?? '/',
            querystring: input.querystring ?? '',
            headers: headers({
              Host: 'd111111abcdef8.cloudfront.net',
              'User-Agent': 'curl/8.5.0',
              ...input.headers,
            }),
          },
        },
      },
    ],
  } as CloudFrontRequestEvent;
}

export interface ResponseInput extends RequestInput {
  status?: string;
  statusDescription?: string;
  responseHeaders?: HeaderInput;
}

export function originResponse(input: ResponseInput = {}): CloudFrontResponseEvent {
  return {
    Records: [
      {
        cf: {
          config: config('origin-response'),
          request: {
            clientIp: input.clientIp ?? '203.0.113.178',
            method: input.method ?? 'GET',
            uri: input.uri ?? '/en/index.html',
            querystring: input.querystring ?? '',
            headers: headers({ Host: 'example-bucket.s3.us-east-1.amazonaws.com', ...input.headers }),
            origin: {
              s3: {
                authMethod: 'origin-access-identity',
                customHeaders: {},
                domainName: 'example-bucket.s3.us-east-1.amazonaws.com',
                path: '',
                region: 'us-east-1',
              },
            },
          },
          response: {
            status: input.status ?? '200',
            statusDescription: input.statusDescription ?? 'OK',
            headers: headers({
              'Content-Type': 'text/html; charset=utf-8',
              ETag: '"0123456789abcdef0123456789abcdef"',
              Server: 'AmazonS3',
              ...input.responseHeaders,
            }),
          },
        },
      },
    ],
  } as unknown as CloudFrontResponseEvent;
}
