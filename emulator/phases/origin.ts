/**
 * Phase: origin. The request CloudFront sends an S3 origin with Origin Access Control — only what the cache
 * policy forwards (cookies sorted by name, named headers and query strings) and the headers the origin request
 * policy adds (`BehaviorFacts.originRequestHeaders`), the normalised
 * `Accept-Encoding`, `X-Forwarded-For`, CloudFront's `User-Agent` and `Via`, the bucket as `Host` — and the
 * bucket's answer. Origin-facing events carry this request; CloudFront's `X-Amz-Cf-Id` is not in it.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorS3Origin.html
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html
 */
import type { CloudFrontHeaders, CloudFrontRequest } from '../../edge-functions/cloudfront/types';
import { joinHeader } from '../../edge-functions/cloudfront/headers';
import type { CachePolicyFacts } from '../../edge-functions/config/cache-policy';
import { forwardedCookies, forwardedQuery, viewerEncoding } from '../cache/key';
import { DISTRIBUTION } from '../events';
import type { EdgeResponse, ErrorOutcome } from '../types';
import { getObject } from './s3';

export const BUCKET_DOMAIN = 'site-bucket.s3.us-east-1.amazonaws.com';
export const VIA = `1.1 ${DISTRIBUTION.distributionDomainName} (CloudFront)`;

const one = (key: string, value: string) => [{ key, value }];

function originHeaders(
  request: CloudFrontRequest,
  policy: CachePolicyFacts,
  extra: readonly string[],
): CloudFrontHeaders {
  const viewerXff = joinHeader(request.headers, 'x-forwarded-for', ', ');
  const headers: CloudFrontHeaders = {
    host: one('Host', BUCKET_DOMAIN),
    'user-agent': one('User-Agent', 'Amazon CloudFront'),
    via: one('Via', VIA),
    'x-forwarded-for': one(
      'X-Forwarded-For',
      viewerXff ? `${viewerXff}, ${request.clientIp}` : request.clientIp,
    ),
  };
  const encoding = viewerEncoding(request.headers, policy);
  if (encoding !== '') headers['accept-encoding'] = one('Accept-Encoding', encoding);
  const cookies = forwardedCookies(request.headers, policy.cookies);
  if (cookies.length > 0) headers.cookie = one('Cookie', cookies.map(([n, v]) => `${n}=${v}`).join('; '));
  for (const name of [...policy.headers, ...extra]) {
    const list = request.headers[name.toLowerCase()];
    if (list) headers[name.toLowerCase()] = list.map((x) => ({ ...x }));
  }
  return headers;
}

/** The origin request for the request viewer-request forwarded; `extra`: the origin request policy's headers. */
export function originRequest(
  request: CloudFrontRequest,
  policy: CachePolicyFacts,
  extra: readonly string[] = [],
): CloudFrontRequest {
  return {
    clientIp: request.clientIp,
    method: request.method,
    uri: request.uri,
    querystring: forwardedQuery(request.querystring, policy.queryStrings),
    headers: originHeaders(request, policy, extra),
    origin: {
      s3: {
        // OAC signs the request itself; authMethod names an origin access identity, which OAC is not.
        authMethod: 'none',
        customHeaders: {},
        domainName: BUCKET_DOMAIN,
        path: '',
        region: 'us-east-1',
      },
    },
  } as unknown as CloudFrontRequest;
}

/** The bucket's answer to an origin request, or CloudFront's error when the bucket could not be read. */
export function fetchOrigin(
  siteDir: string,
  request: CloudFrontRequest,
  contentTypes: Readonly<Record<string, string>>,
): Promise<EdgeResponse | ErrorOutcome> {
  return getObject(siteDir, request.uri, contentTypes, request.method);
}
