/**
 * A `Reply` (CloudFront Functions' shape) as Lambda@Edge returns a generated response: the baked security
 * headers first (CloudFront never runs origin-response on it), then the core's own headers under their
 * Title-Case names, the cookies as `Set-Cookie` lines, the status as a string, the body as text.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 */
import type { CloudFrontHeaders, CloudFrontResultResponse } from '../cloudfront/types';
import type { BakedHeader } from '../config/resolve';
import { applySecurityHeaders } from '../shared/security-headers';
import { titleCase } from '../shared/syntax';
import type { Reply } from './responses';

export function lambdaResponse(reply: Reply, table: readonly BakedHeader[]): CloudFrontResultResponse {
  const headers: CloudFrontHeaders = {};
  applySecurityHeaders(headers, table);
  for (const [name, { value }] of Object.entries(reply.headers))
    headers[name] = [{ key: titleCase(name), value }];
  const cookies = Object.entries(reply.cookies);
  if (cookies.length > 0)
    headers['set-cookie'] = cookies.map(([name, { value, attributes }]) => ({
      key: 'Set-Cookie',
      value: `${name}=${value}; ${attributes}`,
    }));
  const response = { status: String(reply.statusCode), statusDescription: reply.statusDescription, headers };
  return reply.body === undefined ? response : { ...response, body: reply.body.data };
}
