/**
 * The two viewer runtimes side by side on the configuration being benched (docs/runtimes.md): bundle bytes
 * against each runtime's limits, time and memory per call on the same trace of viewer requests (the
 * Lambda@Edge bundle under Node, the CloudFront Functions bundles under njs), and what 1M viewer requests
 * cost on each, every line item with its price and source (`cost/runtimes.ts`, `prices.ts`). The CloudFront
 * Functions are built into a temporary folder whatever `viewer.runtime` says: their size is the point, and a
 * function over its limit is printed as such, never a failed bench.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundlePath, type BundleReport } from '../../edge-functions/build';
import { buildFunctions, type FunctionBundle } from '../../edge-functions/build/cloudfront-functions';
import { seedEntries } from '../../edge-functions/build/kvs-seed';
import { CODE_BUDGET, PACKAGE_LIMIT_GZIP } from '../../edge-functions/budgets';
import { functionRouter } from '../../edge-functions/config/cache-policy';
import {
  FUNCTION_MEMORY_LIMIT,
  FUNCTION_SIZE_LIMIT,
} from '../../edge-functions/cloudfront-functions/contract';
import { loadHandler } from '../../emulator/lambda';
import { njsAvailable } from '../../emulator/njs';
import { functionEvent } from '../../test/support/parity';
import { measureInvocations, type InvocationStats } from '../cost/invocations';
import { costRows, functionLines, lambdaEdgeLines, type PricedLine } from '../cost/runtimes';
import { viewerEvents } from '../events';
import type { AnyHandler } from '../measure';
import { measureFunctions, type NjsStats } from '../njs/measure';
import { LAMBDA_MEMORY_MB } from './cost';
import { round2, type Row, type Section } from './section';

export interface RuntimesData {
  readonly functions: readonly Omit<FunctionBundle, 'file'>[];
  readonly lambda: InvocationStats;
  /** Undefined when njs is not installed. */
  readonly njs?: NjsStats;
  readonly cost: readonly PricedLine[];
}

/** The njs rows' text without njs. */
export const NO_NJS = 'njs not installed (apt-get install njs)';

const within = (bytes: number, limit: number): string =>
  bytes <= limit ? 'yes' : `NO: over by ${bytes - limit} B`;

export function sizeRows(viewer: BundleReport, functions: readonly Omit<FunctionBundle, 'file'>[]): Row[] {
  const lambda = (what: string, bytes: number, limit: number, of: string): Row => ({
    runtime: 'Lambda@Edge',
    bundle: `viewer-request ${what}`,
    bytes,
    limit,
    'limit is': of,
    within: within(bytes, limit),
  });
  return [
    lambda('package (gzip)', viewer.gzipBytes, PACKAGE_LIMIT_GZIP['viewer-request'], '1 MB compressed quota'),
    lambda('code (minified)', viewer.codeBytes, CODE_BUDGET['viewer-request'], 'our CODE_BUDGET'),
    { ...lambda('configuration', viewer.configBytes, 0, ''), limit: '', within: '' },
    ...functions.map((f) => ({
      runtime: 'CloudFront Functions',
      bundle: f.name,
      bytes: f.bytes,
      limit: FUNCTION_SIZE_LIMIT,
      'limit is': 'function size, not adjustable',
      within: within(f.bytes, FUNCTION_SIZE_LIMIT),
    })),
  ];
}

export function callRows(lambda: InvocationStats, njs: NjsStats | undefined): Row[] {
  const row = (measure: string, node: string | number, f: (s: NjsStats) => string | number): Row => ({
    measure,
    'Lambda@Edge (Node)': node,
    'CloudFront Functions (njs)': njs ? f(njs) : NO_NJS,
  });
  return [
    row('events (same trace)', lambda.invocations, (s) => s.events),
    row('µs per call', round2(lambda.meanUs), (s) => round2(s.cpuUsPerEvent - s.floorUsPerEvent)),
    row(
      '… measured as',
      'mean wall time, in-process, warmed',
      () => 'njs CPU − a no-op function’s (upper bound: heavier calls restart the VM more often)',
    ),
    row('njs CPU µs per event, harness included', '', (s) => round2(s.cpuUsPerEvent)),
    row('njs CPU µs per event, no-op function (floor)', '', (s) => round2(s.floorUsPerEvent)),
    row(
      'memory per call, median / p99 / max (B)',
      `${LAMBDA_MEMORY_MB} MB function`,
      (s) => `${s.memory.median} / ${s.memory.p99} / ${s.memory.max}`,
    ),
    row('memory limit per call (B)', '', () => FUNCTION_MEMORY_LIMIT),
    row('KeyValueStore get / exists per event', '', (s) => `${round2(s.kvsGets)} / ${round2(s.kvsExists)}`),
    row('our log lines per event', round2(lambda.lines), (s) => round2(s.lines)),
    row('bytes per line printed', round2(lambda.printedBytes / Math.max(lambda.lines, 1e-9)), (s) =>
      round2(s.printedBytes / Math.max(s.lines, 1e-9)),
    ),
    row('calls without a valid result', 0, (s) => s.failed),
  ];
}

function costOf(lambda: InvocationStats, njs: NjsStats | undefined): PricedLine[] {
  const edge = lambdaEdgeLines({ ...lambda, memoryMb: LAMBDA_MEMORY_MB });
  if (!njs) return edge;
  return [...edge, ...functionLines({ ...njs, kvsReads: njs.kvsGets + njs.kvsExists })];
}

async function measureNjs(ctx: Parameters<Section['run']>[0], events: ReturnType<typeof viewerEvents>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-cff-'));
  try {
    const built = await buildFunctions({ ...ctx.loaded, signingKeys: ctx.site.signer.keys }, dir);
    const functions = built.bundles.map(({ name, bytes }) => ({ name, bytes }));
    if (!njsAvailable()) return { functions };
    const files = Object.fromEntries(built.bundles.map((b) => [b.name, b.file])) as Record<
      FunctionBundle['name'],
      string
    >;
    const fEvents = events.map((e, i) => functionEvent(e.Records[0]!.cf.request, `bench-${i}`));
    const store = { data: seedEntries(ctx.loaded.config) };
    const route = functionRouter(ctx.loaded.config);
    return { functions, njs: await measureFunctions(files, fEvents, store, route) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const runtimes: Section<RuntimesData> = {
  name: 'runtimes',
  async run(ctx) {
    const viewer = (ctx.results.get('bundles')?.data as BundleReport[] | undefined)?.find(
      (b) => b.name === 'viewer-request',
    );
    if (!viewer) throw new Error('the runtimes section needs the bundles section (it always runs first)');
    const n = ctx.quick ? 2_000 : 10_000;
    // The CloudFront Functions see the requests first: the Lambda@Edge handler may change its event.
    const { functions, njs } = await measureNjs(ctx, viewerEvents(ctx.site, n, 41));
    const handler = loadHandler(bundlePath('viewer-request', ctx.outDir)) as AnyHandler;
    const lambda = await measureInvocations(
      handler,
      viewerEvents(ctx.site, n, 41),
      viewerEvents(ctx.site, 2_000, 42),
    );
    const cost = costOf(lambda, njs);
    return {
      tables: [
        { title: 'Viewer runtimes: bundle bytes against their limits', rows: sizeRows(viewer, functions) },
        {
          title: `Viewer runtimes: per call, the same ${n} viewer requests${njs ? '' : ` (${NO_NJS})`}`,
          rows: callRows(lambda, njs),
        },
        {
          title: `Viewer runtimes: cost per 1M viewer requests (USD; prices in bench/prices.ts)${njs ? '' : ` — CloudFront Functions: ${NO_NJS}`}`,
          rows: njs ? costRows(cost) : [...costRows(cost), { runtime: 'CloudFront Functions', item: NO_NJS }],
        },
      ],
      targets: [],
      data: { functions, lambda, njs, cost },
    };
  },
};
