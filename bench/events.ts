/**
 * Lambda@Edge event mixes for the in-process benchmarks, built from the trace of the loaded site with the
 * tests' one event factory: viewer-request sees what CloudFront runs it for, origin-response sees what a
 * miss brings back from S3, and a beacon is a site's `navigator.sendBeacon` to a configured goal.
 */
import { GOAL_ENDPOINT_PREFIX } from '../edge-functions/config/cache-policy';
import type { CloudFrontRequestEvent, CloudFrontResponseEvent } from '../edge-functions/cloudfront/types';
import { extensionOf, variantObject } from '../edge-functions/shared/paths';
import { originResponse, viewerRequest } from '../test/support/events';
import { experimentPage, experimentsOn, runsViewerRequest, type BenchSite } from './site';
import { createTrace } from './sessions';
import { returningCookies } from './proofs';
import { ACCEPT_LANGUAGES, drawVariant, localeFor, seeded, weighted, zipf } from './trace';

/** The trace's requests that reach viewer-request (none of a behaviour without it, like fingerprinted assets). */
export function viewerEvents(site: BenchSite, n: number, seed = 1): CloudFrontRequestEvent[] {
  const next = createTrace(site, seeded(seed));
  const out: CloudFrontRequestEvent[] = [];
  while (out.length < n) {
    const t = next();
    if (!runsViewerRequest(site, t.path)) continue;
    out.push(
      viewerRequest({ uri: t.path, querystring: t.querystring, method: t.method, headers: t.headers }),
    );
  }
  return out;
}

/**
 * New visitors' views that the edge answers with an issuing redirect (a proof of kind `e`): what the extra
 * round trip costs in viewer-request. Empty when the trace has none (no enabled experiment covers a page).
 */
export function issuingEvents(site: BenchSite, n: number, seed = 4): CloudFrontRequestEvent[] {
  if (experimentPage(site) === undefined) return [];
  const next = createTrace(site, seeded(seed));
  const out: CloudFrontRequestEvent[] = [];
  // About one request in ten issues on a site with an experiment on a popular page; give up well past that.
  for (let i = 0; i < n * 1_000 && out.length < n; i++) {
    const t = next();
    if (t.issues === 'e')
      out.push(
        viewerRequest({ uri: t.path, querystring: t.querystring, method: t.method, headers: t.headers }),
      );
  }
  return out;
}

const ORIGIN_KINDS = [
  ['page', 60],
  ['neutral', 25],
  ['missing', 10],
  ['revalidate', 5],
] as const;

/** A page object as viewer-request rewrites it, with the experiment cookies it forwards (sorted, as CloudFront does). */
export function pageObject(
  site: BenchSite,
  locale: string,
  page: string,
  random: () => number,
): { uri: string; cookie: string } {
  const file = site.objects.get(locale)?.get(page) ?? `${locale}${page}index.html`;
  let uri = `/${file}`;
  const cookies: string[] = [];
  for (const e of experimentsOn(site, page)) {
    const variant = drawVariant(e, random);
    if (variant !== e.control) uri = variantObject(uri, variant);
    cookies.push(`${e.cookieName}=${variant}`);
  }
  return { uri, cookie: cookies.sort().join('; ') };
}

/** Origin events: HTML pages (and their variants), neutral files, S3's 403 for missing keys, revalidation 304s. */
export function originEvents(site: BenchSite, n: number, seed = 2): CloudFrontResponseEvent[] {
  const random = seeded(seed);
  const out: CloudFrontResponseEvent[] = [];
  for (let i = 0; i < n; i++) {
    let kind: (typeof ORIGIN_KINDS)[number][0] = weighted(random, ORIGIN_KINDS);
    if (kind === 'neutral' && site.neutralFiles.length === 0) kind = 'page';
    const locale = localeFor(weighted(random, ACCEPT_LANGUAGES), site);
    if (kind === 'neutral') {
      const uri = zipf(random, site.neutralFiles);
      const type = site.config.contentTypes[extensionOf(uri) ?? ''] ?? 'application/octet-stream';
      out.push(originResponse({ uri, responseHeaders: { 'Content-Type': type } }));
    } else if (kind === 'missing') {
      out.push(
        originResponse({
          uri: `/${locale}/missing/index.html`,
          status: '403',
          statusDescription: 'Forbidden',
          responseHeaders: {
            'Content-Type': 'application/xml',
            'x-amz-request-id': 'ABC',
            'x-amz-id-2': 'xyz',
          },
        }),
      );
    } else {
      const pages = site.pages.get(locale) ?? ['/'];
      const { uri, cookie } = pageObject(site, locale, zipf(random, pages), random);
      out.push(
        originResponse({
          uri,
          status: kind === 'revalidate' ? '304' : '200',
          headers: cookie === '' ? {} : { Cookie: cookie },
          responseHeaders: { 'x-amz-server-side-encryption': 'AES256', 'x-amz-version-id': 'v1' },
        }),
      );
    }
  }
  return out;
}

/** `navigator.sendBeacon` to each configured goal in turn, from returning visitors; [] when no goal is configured. */
export function beaconEvents(site: BenchSite, n: number, seed = 3): CloudFrontRequestEvent[] {
  if (site.goals.length === 0) return [];
  const random = seeded(seed);
  return Array.from({ length: n }, (_, i) =>
    viewerRequest({
      method: 'POST',
      uri: `${GOAL_ENDPOINT_PREFIX}${site.goals[i % site.goals.length]}`,
      headers: {
        Cookie: returningCookies(site, site.defaultLocale, random),
        'Sec-Fetch-Mode': 'no-cors',
        'Content-Type': 'text/plain;charset=UTF-8',
        Origin: site.config.siteUrl,
      },
    }),
  );
}
