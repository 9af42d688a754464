/**
 * The cost model: per 1M CloudFront viewer requests on the site's realistic mix — CloudFront HTTPS requests,
 * Lambda@Edge requests and billed duration (each invocation measured and rounded up to the billed
 * granularity), CloudWatch Logs ingestion for our own lines (measured: what the bundles print) and for
 * Lambda's START/END/REPORT lines (`cost/platform.ts`). Debug logging off and on: both bundles are built
 * from the loaded configuration with `logs.debug` set each way. Prices: `prices.ts`. Data transfer is left
 * out (it depends on page weight, not on this service).
 */
import { rmSync } from 'node:fs';
import { bundlePath } from '../../edge-functions/build';
import { loadHandler } from '../../emulator/lambda';
import { answersAll2xx, measureInvocations } from '../cost/invocations';
import { beaconCostPerMillion, costPerMillion, type CostLine } from '../cost/model';
import { beaconGap, beaconRows, costRows, DEBUG, logRows, ourBytesPerRequest } from '../cost/rows';
import type { DebugLabel, Shares, VariantStats } from '../cost/rows';
import { beaconEvents, issuingEvents, originEvents, viewerEvents } from '../events';
import type { AnyHandler } from '../measure';
import { PRICES } from '../prices';
import { buildBenchBundles } from '../signing';
import { runsViewerRequest, type BenchSite } from '../site';
import { createTrace } from '../sessions';
import { seeded } from '../trace';
import type { CacheData } from './cache';
import { round2, type Section, type Target } from './section';

/** The functions' memory size, as the stack deploys them (infra/site-stack.ts; viewer triggers allow 128 MB). */
export const LAMBDA_MEMORY_MB = 128;

/**
 * Our own log bytes per CloudFront request on the realistic mix, debug off (issue 11): the unit the cost
 * table bills in. The per-invocation figure is shown beside it in the logs table.
 */
export const LOG_BYTES_TARGET = 20;

/** Share of the trace's requests that CloudFront runs viewer-request for (the replay's seed by default). */
export function viewerShare(site: BenchSite, n = 20_000, seed = 7): number {
  const next = createTrace(site, seeded(seed));
  let runs = 0;
  for (let i = 0; i < n; i++) if (runsViewerRequest(site, next().path)) runs++;
  return runs / n;
}

async function measureVariant(site: BenchSite, outDir: string, n: number): Promise<VariantStats> {
  const viewer = loadHandler(bundlePath('viewer-request', outDir)) as AnyHandler;
  const origin = loadHandler(bundlePath('origin-response', outDir)) as AnyHandler;
  const warm = 2_000;
  const stats: VariantStats = {
    viewer: await measureInvocations(viewer, viewerEvents(site, n, 21), viewerEvents(site, warm, 31)),
    origin: await measureInvocations(origin, originEvents(site, n, 22), originEvents(site, warm, 32)),
  };
  const issuing = issuingEvents(site, Math.min(n, 2_000), 24);
  const withIssuing =
    issuing.length === 0
      ? stats
      : { ...stats, issuing: await measureInvocations(viewer, issuing, issuingEvents(site, 200, 34)) };
  const beacons = beaconEvents(site, Math.min(n, 2_000), 23);
  if (beacons.length === 0) return withIssuing;
  const beacon = await measureInvocations(viewer, beacons, beaconEvents(site, 200, 33));
  return { ...withIssuing, beacon: { ...beacon, answered: answersAll2xx(beacon) } };
}

export interface CostData {
  readonly shares: Shares;
  readonly variants: Readonly<Record<DebugLabel, VariantStats>>;
  readonly perMillion: Readonly<Record<DebugLabel, readonly CostLine[]>>;
  readonly beacon?: Readonly<Record<DebugLabel, readonly CostLine[]>>;
  readonly prices: typeof PRICES;
}

export function costTargets(variants: Readonly<Record<DebugLabel, VariantStats>>, shares: Shares): Target[] {
  const bytes = ourBytesPerRequest(variants['debug off'], shares);
  return [
    {
      target: `log bytes (ours) per CloudFront request ≤ ${LOG_BYTES_TARGET}, debug off`,
      value: `${round2(bytes)} B`,
      met: bytes <= LOG_BYTES_TARGET,
    },
  ];
}

export const cost: Section<CostData> = {
  name: 'cost',
  needs: ['cache'],
  async run(ctx) {
    const cache = ctx.results.get('cache')?.data as CacheData | undefined;
    if (!cache) throw new Error('the cost section needs the cache section (origin-response runs on misses)');
    const shares: Shares = {
      viewerPerRequest: viewerShare(ctx.site),
      originPerRequest: cache.missesPerRequest,
    };
    const n = ctx.quick ? 5_000 : 20_000;
    const variants = {} as Record<DebugLabel, VariantStats>;
    for (const label of DEBUG) {
      const dir = await buildBenchBundles(ctx.loaded, ctx.site.signer.keys, label === 'debug on');
      try {
        variants[label] = await measureVariant(ctx.site, dir, n);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const per = (f: (v: VariantStats) => readonly CostLine[]) =>
      Object.fromEntries(DEBUG.map((l) => [l, f(variants[l])])) as Record<DebugLabel, readonly CostLine[]>;
    const perMillion = per((v) =>
      costPerMillion({ ...shares, viewer: v.viewer, origin: v.origin, memoryMb: LAMBDA_MEMORY_MB }),
    );
    const gap = beaconGap(ctx.site.goals, variants['debug off']);
    const beacon =
      gap === undefined ? per((v) => beaconCostPerMillion(v.beacon!, LAMBDA_MEMORY_MB)) : undefined;
    const pct = (x: number) => `${round2(x * 100)}%`;
    return {
      tables: [
        {
          title: `Cost per 1M CloudFront requests (USD; viewer-request on ${pct(shares.viewerPerRequest)} of them, origin-response on ${pct(shares.originPerRequest)} = cache misses; prices of ${PRICES.lambdaEdgeRequest.read} in bench/prices.ts; data transfer excluded)`,
          rows: costRows(perMillion),
        },
        {
          title: 'Logs on the realistic mix (bytes; ours = what the shipped bundles print)',
          rows: logRows(variants, shares),
        },
        {
          title: 'Beacon cost per 1M POST /__edge/goal/<goal> (answered by viewer-request)',
          rows: beaconRows(gap, beacon),
        },
      ],
      targets: costTargets(variants, shares),
      data: { shares, variants, perMillion, beacon, prices: PRICES },
    };
  },
};
