/**
 * Events: the CloudFront events a function receives, built from the viewer's request, and a header map
 * turned back into HTTP header lines.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html
 */
import { isDisallowedHeader } from '../edge-functions/cloudfront/rules';
import type {
  CloudFrontHeaders,
  CloudFrontRequest,
  CloudFrontRequestEvent,
  CloudFrontResponseEvent,
} from '../edge-functions/cloudfront/types';
import type { EdgeResponse, ViewerRequest } from './types';

export const DISTRIBUTION = {
  distributionDomainName: 'd111111abcdef8.cloudfront.net',
  distributionId: 'ELOCALEMULATOR',
};

/**
 * Lower-case map of `{ key, value }` arrays in arrival order; repeated lines stay separate entries.
 * Headers a function may not see or set (hop-by-hop `Connection`, `X-Amz-Cf-*`, …) never reach it.
 */
export function toCloudFrontHeaders(
  rawHeaders: readonly string[],
  dropDisallowed = false,
): CloudFrontHeaders {
  const headers: CloudFrontHeaders = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = rawHeaders[i]!;
    const name = key.toLowerCase();
    if (dropDisallowed && isDisallowedHeader(name)) continue;
    headerList(headers, name).push({ key, value: rawHeaders[i + 1]! });
  }
  return headers;
}

/**
 * The own list for `name`, created as a data property: a header called `constructor` or `__proto__` is
 * just a header (CloudFront's JSON event has it as an own key), never the prototype's member.
 */
export function headerList(headers: CloudFrontHeaders, name: string): { key?: string; value: string }[] {
  if (Object.prototype.hasOwnProperty.call(headers, name)) return headers[name]!;
  const list: { key?: string; value: string }[] = [];
  Object.defineProperty(headers, name, { value: list, enumerable: true, writable: true, configurable: true });
  return list;
}

/** `[key, value]` pairs for `res.writeHead`, keeping repeated headers (several `Set-Cookie`) as lines. */
export function toHttpHeaders(headers: CloudFrontHeaders): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, list] of Object.entries(headers))
    for (const h of list) out.push([h.key ?? name, h.value]);
  return out;
}

/**
 * Split the request target exactly as received: the URI keeps its percent-encoding, `?` is dropped, and a
 * `#fragment` (never part of a request-target, RFC 9112 §3.2) is not part of either.
 */
export function splitTarget(raw: string): { uri: string; querystring: string } {
  const hash = raw.indexOf('#');
  const target = hash === -1 ? raw : raw.slice(0, hash);
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  // An absolute-form target (`GET http://host/path`) still names a path.
  const uri = rawPath.startsWith('/') ? rawPath : rawPath.replace(/^[a-z]+:\/\/[^/]*/i, '') || '/';
  return { uri, querystring: q === -1 ? '' : target.slice(q + 1) };
}

export function viewerRequestEvent(viewer: ViewerRequest, requestId: string): CloudFrontRequestEvent {
  const { uri, querystring } = splitTarget(viewer.target);
  const request: CloudFrontRequest = {
    clientIp: viewer.clientIp,
    method: viewer.method,
    uri,
    querystring,
    headers: toCloudFrontHeaders(viewer.rawHeaders, true),
  };
  return {
    Records: [{ cf: { config: { ...DISTRIBUTION, eventType: 'viewer-request', requestId }, request } }],
  } as CloudFrontRequestEvent;
}

export function originResponseEvent(
  request: CloudFrontRequest,
  response: EdgeResponse,
  requestId: string,
): CloudFrontResponseEvent {
  const { status, statusDescription, headers } = response;
  return {
    Records: [
      {
        cf: {
          config: { ...DISTRIBUTION, eventType: 'origin-response', requestId },
          request,
          response: { status: String(status), statusDescription, headers },
        },
      },
    ],
  } as unknown as CloudFrontResponseEvent;
}
