/**
 * The CloudFront Functions bundles under njs (`emulator/njs` `runBatch`, one process at a time) over a list of
 * viewer requests, routed as the distribution routes them (`/__edge/*` to `edge-endpoints`, the rest to
 * `viewer-request`): the njs processes' CPU per event, the same for a no-op function through the same
 * harness (its floor: process starts, event parsing, memory reads), memory per call, the lines printed,
 * and, in a second run of an instrumented copy, the KeyValueStore reads each call made.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CLOUDFRONT_FUNCTIONS,
  type CloudFrontFunctionName,
  type KvsData,
} from '../../edge-functions/cloudfront-functions/contract';
import type { FunctionEventData } from '../../edge-functions/cloudfront-functions/types';
import { runBatch, type NjsCallReport } from '../../emulator/njs';
import { cpuSeconds } from './cpu';

export interface NjsStats {
  readonly events: number;
  /** Calls without a valid result (a throw, over memory, invalid output). */
  readonly failed: number;
  /** CPU µs per event of the njs processes, harness included, and of the no-op function (the floor). */
  readonly cpuUsPerEvent: number;
  readonly floorUsPerEvent: number;
  /** Bytes per call (`njs.memoryStats`, in pool blocks). */
  readonly memory: { readonly median: number; readonly p99: number; readonly max: number };
  /** Per event: KeyValueStore `get` and `exists` calls. */
  readonly kvsGets: number;
  readonly kvsExists: number;
  /** Per event: bytes printed (lines with their newline), lines, and whether any line was printed. */
  readonly printedBytes: number;
  readonly lines: number;
  readonly loggedShare: number;
}

/** The banner's import (`build/cloudfront-functions.ts`); the instrumented copy wraps what it binds. */
const IMPORT = "import cf from 'cloudfront';";
const MARK = '__bench_kvs ';
const COUNTING =
  "import __benchCf from 'cloudfront';var cf={kvs:function(){var s=__benchCf.kvs();return{" +
  `get:function(k,o){console.log('${MARK}get');return s.get(k,o)},` +
  `exists:function(k){console.log('${MARK}exists');return s.exists(k)},meta:function(){return s.meta()}}}};`;

/** A copy of `bundle` that logs a marker line for every KeyValueStore read. */
export function countingSource(source: string): string {
  if (source.split(IMPORT).length !== 2)
    throw new Error(`the bundle no longer imports the store as "${IMPORT}": update bench/njs/measure.ts`);
  return source.replace(IMPORT, COUNTING);
}

const NOOP = 'async function handler(event){return event.request}\n';

const pct = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
};

/** Each function's events, in order. */
function routeAll(
  events: readonly FunctionEventData[],
  route: Route,
): Record<CloudFrontFunctionName, FunctionEventData[]> {
  const routed = {} as Record<CloudFrontFunctionName, FunctionEventData[]>;
  for (const name of CLOUDFRONT_FUNCTIONS) routed[name] = [];
  for (const e of events) routed[route(e.request.uri)].push(e);
  return routed;
}

/** The function that decides a path (`functionRouter` in `config/cache-policy.ts`). */
export type Route = (path: string) => CloudFrontFunctionName;

type Files = Readonly<Record<CloudFrontFunctionName, string>>;

/** Every routed event through its function's file; the reports, and the njs CPU seconds they took. */
async function runAll(files: Files, events: readonly FunctionEventData[], store: KvsData, route: Route) {
  const routed = routeAll(events, route);
  const before = cpuSeconds().njs;
  const reports: NjsCallReport[] = [];
  for (const name of Object.keys(routed) as CloudFrontFunctionName[])
    if (routed[name].length > 0)
      reports.push(...(await runBatch(files[name], routed[name], store, { processes: 1 })));
  return { reports, cpu: cpuSeconds().njs - before };
}

function reads(reports: readonly NjsCallReport[], kind: string): number {
  let n = 0;
  for (const r of reports) for (const l of r.logs) if (l === `${MARK}${kind}`) n++;
  return n / Math.max(1, reports.length);
}

export async function measureFunctions(
  files: Files,
  events: readonly FunctionEventData[],
  store: KvsData,
  route: Route,
): Promise<NjsStats> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-runtimes-'));
  try {
    const noop = path.join(dir, 'noop.js');
    writeFileSync(noop, NOOP);
    const noops = { 'viewer-request': noop, 'locale-pages': noop, 'edge-endpoints': noop };
    const floor = await runAll(noops, events, store, route);
    const plain = await runAll(files, events, store, route);
    const counting = {} as Record<CloudFrontFunctionName, string>;
    for (const name of Object.keys(files) as CloudFrontFunctionName[]) {
      counting[name] = path.join(dir, `${name}.js`);
      writeFileSync(counting[name], countingSource(readFileSync(files[name], 'utf8')));
    }
    const counted = (await runAll(counting, events, store, route)).reports;
    const n = Math.max(1, events.length);
    const memory = plain.reports.map((r) => r.memoryBytes);
    const printed = plain.reports.flatMap((r) => r.logs);
    return {
      events: events.length,
      failed: plain.reports.filter((r) => r.outcome.kind !== 'result').length,
      cpuUsPerEvent: (plain.cpu * 1e6) / n,
      floorUsPerEvent: (floor.cpu * 1e6) / n,
      memory: { median: pct(memory, 0.5), p99: pct(memory, 0.99), max: Math.max(0, ...memory) },
      kvsGets: reads(counted, 'get'),
      kvsExists: reads(counted, 'exists'),
      printedBytes: printed.reduce((sum, l) => sum + Buffer.byteLength(l, 'utf8') + 1, 0) / n,
      lines: printed.length / n,
      loggedShare: plain.reports.filter((r) => r.logs.length > 0).length / n,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
