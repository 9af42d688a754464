/**
 * Run a CloudFront Functions bundle under njs, many events per process. njs frees nothing within a VM, and
 * `njs.memoryStats` (read twice per call) takes time in proportion to the heap, so a process stops once
 * its heap passes `HEAP_BUDGET` and the batch size follows what fits: it starts at 100 events, becomes the
 * count that fitted after a stop, and grows by half after a batch that stayed under half the budget, up to
 * `batchSize`. Processes run side by side, each reading its events from a file and printing one line per
 * call. A crash, a call that never settles or one that stalls costs only that call: the rest of its batch
 * goes on in a new process.
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
  /** The most events one njs process runs (fewer when its heap fills). @default MOST_PER_PROCESS */
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
  /** Events for the next process, and the first event no process has taken yet. */
  size: number;
  cursor: number;
}

/**
 * A VM past this heap starts a new process after the current call. Measured (bench/njs-harness.ts): a
 * process start costs ~7 ms of CPU and each `njs.memoryStats` read ~8 µs per MB of heap, so 6-12 MB
 * budgets and at most ~400 events per process cost least, for light and heavy functions alike.
 */
const HEAP_BUDGET = 8 * 1024 * 1024;
const FIRST_BATCH = 100;
const MOST_PER_PROCESS = 400;

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

/** The next batch size: what fitted in the budget after a stop, half as many more after a light batch. */
function adapt(run: Run, fitted: number | undefined, heap: number | undefined) {
  const most = Math.max(1, run.options.batchSize ?? MOST_PER_PROCESS);
  if (fitted !== undefined) run.size = Math.max(10, Math.min(most, fitted));
  else if (heap !== undefined && heap < HEAP_BUDGET / 2) run.size = Math.min(most, Math.ceil(run.size * 1.5));
}

/** The next range of events for a process, or undefined when every event was taken. */
function take(run: Run): [number, number] | undefined {
  if (run.cursor >= run.events.length) return undefined;
  const from = run.cursor;
  run.cursor = Math.min(run.events.length, from + run.size);
  return [from, run.cursor];
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
    adapt(run, ran.end === 'stop' ? ran.records.length : undefined, ran.heap);
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
    const size = Math.min(FIRST_BATCH, Math.max(1, options.batchSize ?? MOST_PER_PROCESS));
    const run: Run = { njs, dir, program, events, options, reports: [], size, cursor: 0 };
    run.loadError = program.loadError;
    const worker = async () => {
      for (let r = take(run); r; r = take(run)) await runRange(run, r[0], r[1]);
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
