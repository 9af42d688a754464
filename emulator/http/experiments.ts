/**
 * `/__cloudfront/experiments`: the `npm run report` analysis of the function logs this local CloudFront has
 * kept (`.cloudfront/logs/`), as a page with tables and an SVG chart, refreshed every few seconds. Served
 * under the same strict CSP as the site: no script, no inline style (the stylesheet has its own URL).
 * Each server keeps its last reading of the logs: a reload reads them again only when a file changed.
 */
import { existsSync } from 'node:fs';
import type { ReportCache } from '../../report';
import type { HttpReply } from '../types';
import type { RouteContext } from './routes';

export const EXPERIMENTS_PATH = '/__cloudfront/experiments';
export const EXPERIMENTS_CSS_PATH = `${EXPERIMENTS_PATH}.css`;

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'";

function reply(type: string, text: string): HttpReply<Buffer> {
  const body = Buffer.from(text);
  return {
    status: 200,
    lines: [
      ['Content-Type', type],
      ['Content-Length', String(body.length)],
      ['Cache-Control', 'no-store'],
      ['Content-Security-Policy', CSP],
      ['X-Content-Type-Options', 'nosniff'],
    ],
    body,
  };
}

/** One reading of the logs per server (its route context), dropped with it. */
const caches = new WeakMap<RouteContext, ReportCache>();

/**
 * The report's code (its statistics library among it) is loaded by the first request for the page, not with
 * the local CloudFront: most servers, and most test suites that start one, never show it.
 */
const reportModules = async () =>
  Promise.all([import('../../report'), import('../../report/cli')]).then(([report, cli]) => ({
    ...report,
    reportConfigOf: cli.reportConfigOf,
  }));

export async function experimentsPage(ctx: RouteContext): Promise<HttpReply<Buffer>> {
  const { ReportCache, renderReportPage, reportConfigOf } = await reportModules();
  const config = reportConfigOf(ctx.distribution().config);
  const dir = ctx.logDir;
  let cache = caches.get(ctx);
  if (!cache) caches.set(ctx, (cache = new ReportCache()));
  const report = await cache.report(dir && existsSync(dir) ? dir : '/dev/null', config);
  return reply('text/html; charset=utf-8', renderReportPage(report, { cssHref: EXPERIMENTS_CSS_PATH }));
}

export const experimentsCss = async (): Promise<HttpReply<Buffer>> =>
  reply('text/css; charset=utf-8', (await reportModules()).REPORT_CSS);
