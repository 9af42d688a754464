/**
 * Cold init: a fresh Node process that requires the shipped bundle and answers one event, against a script
 * that only opens stdout; and, inside a fresh process, require + first answer alone.
 */
import { bundlePath, type FunctionName } from '../../edge-functions/build';
import { originResponse, viewerRequest } from '../../test/support/events';
import { pageObject } from '../events';
import { firstEventMs, wallMsInterleaved } from '../measure';
import { experimentPage, plainPage, type BenchSite } from '../site';
import { returningCookies } from '../proofs';
import { seeded } from '../trace';
import { round2, type Row, type Section, type Target } from './section';

/** Cold starts should cost at most this much over an empty Node process. */
export const COLD_TARGET_MS = 3;

export interface ColdCase {
  readonly fn: FunctionName;
  readonly label: string;
  readonly event: unknown;
}

/** A returning and a new visitor on an experiment page (a plain page when none), and that page from S3. */
export function coldCases(site: BenchSite): ColdCase[] {
  const random = seeded(5);
  const locale = site.defaultLocale;
  const experimented = experimentPage(site);
  const page = experimented ?? plainPage(site);
  const uri = `/${locale}${page}`;
  const consent = site.config.experiments.consentCookieName;
  const newVisitorHeaders: Record<string, string> = {
    'Accept-Language': locale,
    'Sec-Fetch-Mode': 'navigate',
  };
  if (consent !== undefined) newVisitorHeaders.Cookie = `${consent}=1`;
  const object = pageObject(site, locale, page, random);
  return [
    {
      fn: 'viewer-request',
      label: 'returning visitor',
      event: viewerRequest({
        uri,
        headers: { Cookie: returningCookies(site, locale, random), 'Sec-Fetch-Mode': 'navigate' },
      }),
    },
    {
      fn: 'viewer-request',
      label: experimented ? 'new visitor (CSPRNG draw)' : 'new visitor (no experiment, no draw)',
      event: viewerRequest({ uri, headers: newVisitorHeaders }),
    },
    {
      fn: 'origin-response',
      label: '200 page',
      event: originResponse({
        uri: object.uri,
        headers: object.cookie === '' ? {} : { Cookie: object.cookie },
      }),
    },
  ];
}

export interface ColdResult {
  readonly label: string;
  readonly fn: FunctionName;
  readonly wallMs: number;
  readonly baselineMs: number;
  readonly inProcessMs: number;
}

export function measureCold(cases: readonly ColdCase[], outDir: string): ColdResult[] {
  // stdout is opened first in every script: Lambda's runtime has it open before the handler logs.
  const open = "process.stdout.write('');";
  const [baseline, ...walls] = wallMsInterleaved([
    open,
    ...cases.map(
      (c) =>
        `${open}require(${JSON.stringify(bundlePath(c.fn, outDir))}).handler(${JSON.stringify(c.event)})`,
    ),
  ]);
  return cases.map((c, i) => ({
    label: c.label,
    fn: c.fn,
    wallMs: walls[i]!,
    baselineMs: baseline!,
    inProcessMs: firstEventMs(bundlePath(c.fn, outDir), JSON.stringify(c.event)),
  }));
}

export const coldRows = (results: readonly ColdResult[]): Row[] =>
  results.map((r) => ({
    function: r.fn,
    'first event': r.label,
    'wall ms': round2(r.wallMs),
    'baseline ms': round2(r.baselineMs),
    'over baseline ms': round2(r.wallMs - r.baselineMs),
    'require + first answer ms (in-process)': round2(r.inProcessMs),
  }));

export const coldTargets = (results: readonly ColdResult[]): Target[] =>
  results.length === 0
    ? []
    : [
        {
          target: `cold init ≤ ${COLD_TARGET_MS} ms over baseline`,
          value: results.map((r) => `${round2(r.wallMs - r.baselineMs)} ms`).join(' / '),
          met: results.every((r) => r.wallMs - r.baselineMs <= COLD_TARGET_MS),
        },
      ];

export const cold: Section<ColdResult[]> = {
  name: 'cold',
  async run(ctx) {
    const results = measureCold(coldCases(ctx.site), ctx.outDir);
    return {
      tables: [
        {
          title:
            'Cold init (fresh Node process, median of 31 interleaved runs; baseline = a script that only opens stdout)',
          rows: coldRows(results),
        },
      ],
      targets: coldTargets(results),
      data: results,
    };
  },
};
