/**
 * Run a CloudFront Functions bundle under njs, many events per process: njs frees nothing within a VM and
 * slows as its heap grows, so events go in batches (default 500) over a few processes side by side, each
 * reading its events from a file and printing one line per call. A crash, a call that never settles or one
 * that stalls costs only that call: the rest of its batch goes on in a new process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { KvsData } from '../../edge-functions/cloudfront-functions/contract';
import type { FunctionEventData } from '../../edge-functions/cloudfront-functions/types';
import { LOCAL_LOG } from '../../edge-functions/shared/log-schema';
import { localOnly } from '../lambda';
import { locateNjs } from './locate';
import { runProcess, type RawRecord } from './process';
import { writeProgram, writeStub, type Program } from './program';
import { reportOf, type NjsCallReport, type NjsFailure } from './report';

export interface NjsRunOptions {
  /** Each call's frozen clock, in ms since the epoch. @default the real clock at the call's start */
  readonly now?: (index: number) => number;
  /** The values `Math.random()` returns in a call, in turn (repeating). @default njs's own */
  readonly random?: (index: number) => readonly number[];
  /** Offer the local log channel, as `loadHandler` does for Lambda@Edge bundles (`emulator/lambda.ts`). */
  readonly localLog?: { readonly debug: boolean };
  /** When the store last changed (its `meta()`). @default now */
  readonly storeUpdated?: Date;
  /** Events per njs process. @default 500 */
  readonly batchSize?: number;
  /** njs processes at once. @default 2 */
  readonly processes?: number;
  /** A call with no result after this long is over the compute limit. @default 2000 */
  readonly callTimeoutMs?: number;
}

interface Run {
  readonly njs: string;
  readonly dir: string;
  readonly program: Program;
  readonly events: readonly FunctionEventData[];
  readonly options: NjsRunOptions;
  readonly reports: NjsCallReport[];
  loadError?: string;
}

/** A VM past this heap starts a new process after the current call. */
const HEAP_BUDGET = 64 * 1024 * 1024;

const failed = (reason: NjsFailure, message: string): NjsCallReport => ({
  outcome: { kind: 'error', reason, message },
  logs: [],
  decisions: [],
  memoryBytes: 0,
});

function writeInput(run: Run, from: number, to: number): string {
  const file = path.join(run.dir, `in-${from}.json`);
  const calls = [];
  for (let i = from; i < to; i++)
    calls.push({ i, e: run.events[i], t: run.options.now?.(i), r: run.options.random?.(i) });
  const channel = run.options.localLog ? LOCAL_LOG : undefined;
  writeFileSync(file, JSON.stringify({ budget: HEAP_BUDGET, channel, calls }));
  return file;
}

function keep(run: Run, records: readonly RawRecord[]) {
  const debug = run.options.localLog?.debug;
  const sort = (line: string) => debug !== undefined && localOnly(line, debug);
  for (const r of records) run.reports[r.i] = reportOf(r, run.events[r.i]!, sort);
}

/** Calls `from` to `to` (excluded) in as many processes as it takes; `alone`: a crash suspect by itself. */
async function runRange(run: Run, from: number, to: number, alone = false): Promise<void> {
  const callTimeoutMs = run.options.callTimeoutMs ?? 2000;
  while (from < to && run.loadError === undefined) {
    const input = writeInput(run, from, to);
    const o = { njs: run.njs, dir: run.dir, program: run.program.file, input, callTimeoutMs };
    const ran = await runProcess({ ...o, loadTimeoutMs: 10_000 });
    rmSync(input, { force: true });
    keep(run, ran.records);
    const next = from + ran.records.length;
    if (ran.end === 'done' || next >= to) return;
    if (ran.end === 'load')
      run.loadError = run.program.explain(ran.stderr) || 'njs ended before the code loaded';
    else if (ran.end === 'exit')
      run.reports[next] = failed('unsettled', "the handler's promise never settled");
    else if (ran.end === 'stalled')
      run.reports[next] = failed('compute', `no result within ${callTimeoutMs} ms (compute limit)`);
    else if (ran.end === 'crash' && !alone && to - next > 1) await runRange(run, next, next + 1, true);
    else if (ran.end === 'crash') run.reports[next] = failed('crash', run.program.explain(ran.stderr));
    from = ran.end === 'stop' ? next : next + 1;
  }
}

/**
 * Run `bundle` (a CloudFront Function as built: a global `handler`) once per event, in order within each
 * batch, with `store` as its KeyValueStore. One report per event, in the events' order.
 */
export async function runBatch(
  bundle: string,
  events: readonly FunctionEventData[],
  store: KvsData,
  options: NjsRunOptions = {},
): Promise<NjsCallReport[]> {
  const njs = locateNjs().path;
  const dir = mkdtempSync(path.join(tmpdir(), 'cff-njs-'));
  try {
    const program = writeProgram(dir, bundle);
    writeStub(dir, store, options.storeUpdated ?? new Date());
    const run: Run = { njs, dir, program, events, options, reports: [], loadError: program.loadError };
    const size = Math.max(1, options.batchSize ?? 500);
    const ranges: [number, number][] = [];
    for (let i = 0; i < events.length; i += size) ranges.push([i, Math.min(events.length, i + size)]);
    const worker = async () => {
      for (let r = ranges.shift(); r; r = ranges.shift()) await runRange(run, r[0], r[1]);
    };
    await Promise.all(Array.from({ length: Math.max(1, options.processes ?? 2) }, worker));
    return events.map((_e, i) => run.reports[i] ?? failed('load', run.loadError ?? 'not run'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One event in its own njs process (a fresh VM, as the runtime gives each request). */
export async function runOne(
  bundle: string,
  event: FunctionEventData,
  store: KvsData,
  options: Omit<NjsRunOptions, 'batchSize' | 'processes'> = {},
): Promise<NjsCallReport> {
  const [report] = await runBatch(bundle, [event], store, { ...options, processes: 1 });
  return report!;
}
