/** Realistic Lambda@Edge event mixes for the in-process benchmarks, built with the tests' one event factory. */
import type { CloudFrontRequestEvent, CloudFrontResponseEvent } from '../edge-functions/cloudfront/types';
import { originResponse, viewerRequest } from '../test/support/events';
import { ASSETS, PAGES, seeded, traceRequest, weighted } from './trace';

/** Viewer events: the trace's mix plus 10% neutral URLs (the first visit, answered with a 302). */
export function viewerEvents(n: number, seed = 1): CloudFrontRequestEvent[] {
  const random = seeded(seed);
  const out: CloudFrontRequestEvent[] = [];
  for (let i = 0; i < n; i++) {
    const t = traceRequest(random);
    const neutral = random() < 0.1;
    // CloudFront never runs viewer-request for /assets/* (that behaviour has none): those become pages here.
    const path = t.path.startsWith('/assets/') ? t.path.replace(/^\/assets\/.*/, '/en/') : t.path;
    const uri = neutral ? (random() < 0.7 ? '/' : '/features/') : path;
    const headers: Record<string, string> = { ...t.headers };
    if (random() < 0.15) delete headers['Sec-Fetch-Mode']; // crawlers, curl, monitors
    if (random() < 0.1) delete headers.Cookie;
    out.push(viewerRequest({ uri, headers, querystring: random() < 0.02 ? 'xp-home-hero=bold' : '' }));
  }
  return out;
}

/** Origin events: HTML pages, fingerprinted assets, S3's 403 for missing keys, revalidation 304s. */
export function originEvents(n: number, seed = 2): CloudFrontResponseEvent[] {
  const random = seeded(seed);
  const out: CloudFrontResponseEvent[] = [];
  for (let i = 0; i < n; i++) {
    const kind = weighted(random, [
      ['page', 60],
      ['asset', 25],
      ['missing', 10],
      ['revalidate', 5],
    ] as const);
    const locale = random() < 0.3 ? 'ja' : 'en';
    const variant = random() < 0.5 ? 'bold' : 'control';
    if (kind === 'asset') {
      const uri = ASSETS[Math.floor(random() * ASSETS.length)]!;
      out.push(originResponse({ uri, responseHeaders: { 'Content-Type': 'text/css; charset=utf-8' } }));
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
      const page = PAGES[Math.floor(random() * PAGES.length)]!;
      const home = page === '/';
      out.push(
        originResponse({
          uri: `/${locale}${page}index${home && variant === 'bold' ? '.bold' : ''}.html`,
          status: kind === 'revalidate' ? '304' : '200',
          headers: home ? { Cookie: `xp-home-hero=${variant}` } : {},
          responseHeaders: { 'x-amz-server-side-encryption': 'AES256', 'x-amz-version-id': 'v1' },
        }),
      );
    }
  }
  return out;
}
