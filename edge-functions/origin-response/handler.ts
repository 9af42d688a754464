/**
 * origin-response: runs on every cache miss, for every status. Adds the security headers, strips S3's
 * implementation headers, turns S3's 403/404 for a missing key into a localized 404 page, defaults
 * `Cache-Control` and labels localized HTML. It never sets a cookie: its answer is cached and replayed to
 * everyone with the same key, and an experiment's proof is per browser (viewer-request sets it on a
 * generated response instead, `viewer-request/enroll.ts`). For the same reason every header it sets holds
 * for every URL that maps to the key: an object a URL without its locale or variant can be answered with
 * lists what chose it in `Vary` (`shared/caching.ts` `chosenBy`), so a cache after CloudFront (a second CDN,
 * a proxy, a service worker) keys on those headers instead of handing one visitor's answer to the next,
 * while CloudFront itself keeps caching by its own key
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html#ResponseCustomRemovedHeaders:
 * it caches the answer, returns `Vary` to viewers and does not key on it). Works on a copy of the
 * headers and applies it last, so an internal failure returns the origin's response untouched and logs one
 * line. An event outside the contract (no `Records[0].cf` with a request and a response whose headers are
 * lists) has no response to return: it gets a generated, uncacheable 502 and an `E_EVENT` line.
 */
import type {
  CloudFrontHeaders,
  CloudFrontRequest,
  CloudFrontResponse,
  CloudFrontResponseResult,
} from '../cloudfront/types';
import { getHeader } from '../cloudfront/headers';
import type { OriginConfig } from '../config/resolve';
import { cacheClass, chosenBy, defaultCacheControl } from '../shared/caching';
import { cfOf } from '../shared/event';
import { errorLine, type LogSink } from '../shared/log';
import { applySecurityHeaders } from '../shared/security-headers';
import { addVary, notFoundHeaderRows, stripLeakingHeaders, uriLocale } from './headers';

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

/** What the handler does to one well-formed response, on a copy of its headers. */
interface Outcome {
  readonly headers: CloudFrontHeaders;
  /** The localized not-found page that replaces S3's 403/404 body. */
  readonly notFound?: string;
}

/** S3 with Origin Access Control answers 403 for a missing key (404 only with ListBucket): a localized 404. */
function notFound(deps: OriginResponseDeps, headers: CloudFrontHeaders, locale: string | undefined): string {
  const { config, notFoundPages } = deps;
  const lang = locale ?? config.locales.default;
  for (const name of BODY_HEADERS) delete headers[name];
  for (const [name, key, value] of notFoundHeaderRows(config.cache.notFoundCacheControl, lang))
    headers[name] = [{ key, value }];
  return notFoundPages[lang] ?? notFoundPages[config.locales.default] ?? 'Not Found';
}

function process(
  deps: OriginResponseDeps,
  request: CloudFrontRequest,
  response: CloudFrontResponse,
): Outcome {
  const { config } = deps;
  // A new map holding the origin's lists (spread defines own properties, so a header named `__proto__`
  // stays a header): entries are only replaced or deleted, never mutated, so the origin's response stays
  // untouched until the outcome is applied.
  const headers: CloudFrontHeaders = { ...response.headers };
  const status = Number(response.status);
  const locale = uriLocale(request.uri, config.locales);
  stripLeakingHeaders(headers);
  const replaced = status === 403 || status === 404 ? notFound(deps, headers, locale) : undefined;
  if (replaced === undefined) {
    // `Cache-Control` by class when the origin sent none, and `Content-Language` on localized HTML.
    const cls = cacheClass(request.uri, getHeader(headers, 'content-type'));
    if (!headers['cache-control'] && status < 500)
      headers['cache-control'] = [{ key: 'Cache-Control', value: defaultCacheControl(cls, config.cache) }];
    if (cls === 'html' && locale !== undefined && !headers['content-language'])
      headers['content-language'] = [{ key: 'Content-Language', value: locale }];
  }
  const vary = chosenBy(request.uri, config);
  if (vary.length > 0) addVary(headers, vary);
  applySecurityHeaders(headers, config.securityHeaderList);
  return { headers, notFound: replaced };
}

/** The answer to an event outside the contract: a 502 nobody caches, with the security headers. */
function badGateway(config: OriginConfig): CloudFrontResponseResult {
  const headers: CloudFrontHeaders = { 'cache-control': [{ key: 'Cache-Control', value: 'no-store' }] };
  applySecurityHeaders(headers, config.securityHeaderList);
  return { status: '502', statusDescription: 'Bad Gateway', headers };
}

function log(deps: OriginResponseDeps, line: string): void {
  try {
    deps.log(line);
  } catch {
    // Never let logging turn into a 503.
  }
}

export function createHandler(deps: OriginResponseDeps) {
  return async (event: unknown): Promise<CloudFrontResponseResult> => {
    const cf = cfOf(event, true);
    if (!cf) {
      log(deps, errorLine('origin-response', 'malformed event', 'E_EVENT'));
      return badGateway(deps.config);
    }
    const { request, response } = cf;
    let outcome: Outcome;
    try {
      outcome = process(deps, request, response);
    } catch (err) {
      log(deps, errorLine('origin-response', err));
      return response;
    }
    response.headers = outcome.headers;
    if (outcome.notFound === undefined) return response;
    return Object.assign(response, {
      status: '404',
      statusDescription: 'Not Found',
      body: outcome.notFound,
      bodyEncoding: 'text' as const,
    });
  };
}
