/**
 * origin-response: runs on every cache miss, for every status. Adds the security headers, strips S3's
 * implementation headers, turns S3's 403/404 for a missing key into a localized 404 page, defaults
 * `Cache-Control`, labels localized HTML, and appends experiment cookies. Works on a copy of the headers
 * and applies it last, so an internal failure returns the origin's response untouched and logs one line.
 */
import type {
  CloudFrontHeaders,
  CloudFrontResponseEvent,
  CloudFrontResponseResult,
} from '../cloudfront/types';
import { getHeader, joinHeader } from '../cloudfront/headers';
import type { OriginConfig } from '../config/resolve';
import { errorLine, type LogSink } from '../shared/log';
import { applySecurityHeaders } from '../shared/security-headers';
import { experimentSetCookies } from './cookies';
import { cacheClass, defaultCacheControl, stripLeakingHeaders, uriLocale } from './headers';

export interface OriginResponseDeps {
  readonly config: OriginConfig;
  /** Localized not-found pages by locale, baked in from `site/<locale>/404.html`. */
  readonly notFoundPages: Readonly<Record<string, string>>;
  readonly log: LogSink;
}

/** Headers that describe the origin's body; they are wrong once the body is replaced. */
const BODY_HEADERS = [
  'content-length',
  'content-encoding',
  'etag',
  'last-modified',
  'accept-ranges',
  'content-range',
];

/**
 * A new map holding the origin's lists: the handler only ever replaces or deletes whole entries (and copies
 * `set-cookie` before appending), so the origin's response stays untouched until the result is assigned.
 */
function copyHeaders(headers: CloudFrontHeaders): CloudFrontHeaders {
  const out: CloudFrontHeaders = {};
  for (const name in headers) {
    if (!Object.prototype.hasOwnProperty.call(headers, name)) continue;
    // defineProperty for `__proto__`: an origin header of that name stays a header instead of replacing
    // the map's prototype (and vanishing from the response).
    if (name === '__proto__')
      Object.defineProperty(out, name, {
        value: headers[name],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[name] = headers[name]!;
  }
  return out;
}

export function createHandler(deps: OriginResponseDeps) {
  const { config } = deps;
  return async (event: CloudFrontResponseEvent): Promise<CloudFrontResponseResult> => {
    const { request, response } = event.Records[0]!.cf;
    try {
      const headers = copyHeaders(response.headers);
      const status = Number(response.status);
      const locale = uriLocale(request.uri, config.locales.supported);
      let replaced: { body: string } | undefined;

      stripLeakingHeaders(headers);
      // S3 with Origin Access Control answers 403 for a missing key (404 only with ListBucket).
      if (status === 403 || status === 404) {
        const lang = locale ?? config.locales.default;
        const body = deps.notFoundPages[lang] ?? deps.notFoundPages[config.locales.default] ?? 'Not Found';
        for (const name of BODY_HEADERS) delete headers[name];
        headers['content-type'] = [{ key: 'Content-Type', value: 'text/html; charset=utf-8' }];
        headers['cache-control'] = [{ key: 'Cache-Control', value: config.cache.notFoundCacheControl }];
        headers['content-language'] = [{ key: 'Content-Language', value: lang }];
        replaced = { body };
      } else {
        const contentType = getHeader(headers, 'content-type');
        const cls = cacheClass(request.uri, contentType);
        if (!headers['cache-control'] && status < 500)
          headers['cache-control'] = [
            { key: 'Cache-Control', value: defaultCacheControl(cls, config.cache) },
          ];
        if (cls === 'html' && locale !== undefined && !headers['content-language'])
          headers['content-language'] = [{ key: 'Content-Language', value: locale }];
      }
      applySecurityHeaders(headers, config.securityHeaderList);
      if (status < 500) {
        const lines = experimentSetCookies(
          joinHeader(request.headers, 'cookie', '; '),
          config.experiments.list,
        );
        // Appended to a new list: the origin's own entries stay first, and its response object untouched.
        if (lines.length > 0)
          headers['set-cookie'] = [
            ...(headers['set-cookie'] ?? []),
            ...lines.map((value) => ({ key: 'Set-Cookie', value })),
          ];
      }

      response.headers = headers;
      if (replaced) {
        response.status = '404';
        response.statusDescription = 'Not Found';
        (response as CloudFrontResponseResult & { body?: string; bodyEncoding?: string }).body =
          replaced.body;
        (response as CloudFrontResponseResult & { bodyEncoding?: string }).bodyEncoding = 'text';
      }
      return response;
    } catch (err) {
      try {
        deps.log(errorLine('origin-response', err));
      } catch {
        // Never let logging turn into a 503.
      }
      return response;
    }
  };
}
