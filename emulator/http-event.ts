/**
 * Phase 1 — events: turn an HTTP request into the CloudFront event a function receives, and a function's
 * header map back into HTTP header lines.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html
 */
import type { IncomingMessage } from 'node:http';
import { isDisallowedHeader } from '../edge-functions/cloudfront/rules';
import type {
  CloudFrontHeaders,
  CloudFrontRequest,
  CloudFrontRequestEvent,
  CloudFrontResponseEvent,
} from '../edge-functions/cloudfront/types';

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

/** Split the request target exactly as received: the URI keeps its percent-encoding, `?` is dropped. */
export function splitTarget(target: string): { uri: string; querystring: string } {
  const q = target.indexOf('?');
  const rawPath = q === -1 ? target : target.slice(0, q);
  // An absolute-form target (`GET http://host/path`) still names a path.
  const uri = rawPath.startsWith('/') ? rawPath : rawPath.replace(/^[a-z]+:\/\/[^/]*/i, '') || '/';
  return { uri, querystring: q === -1 ? '' : target.slice(q + 1) };
}

export function viewerRequestEvent(req: IncomingMessage, requestId: string): CloudFrontRequestEvent {
  const { uri, querystring } = splitTarget(req.url ?? '/');
  return {
    Records: [
      {
        cf: {
          config: { ...DISTRIBUTION, eventType: 'viewer-request', requestId },
          request: {
            clientIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
            method: req.method ?? 'GET',
            uri,
            querystring,
            headers: toCloudFrontHeaders(req.rawHeaders, true),
          },
        },
      },
    ],
  } as CloudFrontRequestEvent;
}

export function originResponseEvent(
  request: CloudFrontRequest,
  status: number,
  statusDescription: string,
  headers: CloudFrontHeaders,
  requestId: string,
): CloudFrontResponseEvent {
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
