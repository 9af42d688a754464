/**
 * Per-event cost in-process: the shipped bundles over the site's realistic mix, against a no-op handler
 * (the harness's floor) and a naive one (an Accept-Language parser + `cookie.parse`, nothing else).
 */
import { parse as parseAcceptLanguage, pick } from 'accept-language-parser';
import { parseCookie } from 'cookie';
import { bundlePath } from '../../edge-functions/build';
import type { CloudFrontRequestEvent } from '../../edge-functions/cloudfront/types';
import { loadHandler } from '../../emulator/lambda';
import { originEvents, viewerEvents } from '../events';
import { timeHandler, type AnyHandler, type Timing } from '../measure';
import type { BenchSite } from '../site';
import { round2, type Row, type Section, type Target } from './section';

export const VIEWER = 'viewer-request (shipped)';
export const ORIGIN = 'origin-response (shipped)';

/** Median µs per event the shipped handlers should stay under on this kind of machine. */
export const PER_EVENT_TARGET_US = { [VIEWER]: 3, [ORIGIN]: 2 } as const;

const noop = (async (e: CloudFrontRequestEvent) => e.Records[0]!.cf.request) as unknown as AnyHandler;

function naive(locales: readonly string[]): AnyHandler {
  return (async (e: CloudFrontRequestEvent) => {
    const r = e.Records[0]!.cf.request;
    const al = r.headers['accept-language']?.[0]?.value ?? '';
    pick([...locales], al, { loose: true });
    parseAcceptLanguage(al);
    parseCookie(r.headers.cookie?.[0]?.value ?? '');
    return r;
  }) as unknown as AnyHandler;
}

const POOL = 2_000;

export async function measurePerEvent(site: BenchSite, outDir: string): Promise<Record<string, Timing>> {
  const viewer = loadHandler(bundlePath('viewer-request', outDir)) as AnyHandler;
  const origin = loadHandler(bundlePath('origin-response', outDir)) as AnyHandler;
  const views = () => viewerEvents(site, POOL, 11);
  return {
    'no-op handler (floor)': await timeHandler(noop, views),
    'naive (parser + cookie.parse)': await timeHandler(naive(site.locales), views),
    [VIEWER]: await timeHandler(viewer, views),
    [ORIGIN]: await timeHandler(origin, () => originEvents(site, POOL, 12)),
  };
}

export const perEventRows = (timings: Readonly<Record<string, Timing>>): Row[] =>
  Object.entries(timings).map(([handler, t]) => ({
    handler,
    'median µs': round2(t.medianUs),
    'p99 µs': round2(t.p99Us),
    events: t.events,
  }));

export function perEventTargets(timings: Readonly<Record<string, Timing>>): Target[] {
  return Object.entries(PER_EVENT_TARGET_US).flatMap(([name, limit]) => {
    const t = timings[name];
    if (!t) return [];
    return [
      {
        target: `${name} ≤ ${limit} µs/event (median)`,
        value: `${round2(t.medianUs)} µs`,
        met: t.medianUs <= limit,
      },
    ];
  });
}

export const perEvent: Section<Record<string, Timing>> = {
  name: 'perEvent',
  async run(ctx) {
    const timings = await measurePerEvent(ctx.site, ctx.outDir);
    return {
      tables: [
        {
          title: 'Per-event cost, in-process (µs/event over 100-event batches; console.log silenced)',
          rows: perEventRows(timings),
        },
      ],
      targets: perEventTargets(timings),
      data: timings,
    };
  },
};
