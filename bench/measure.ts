/** In-process timing of a Lambda@Edge handler over fresh events: batches of 100, median and p99 per event. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/**
 * Code runs from a script file, not `node -e`: Lambda's bootstrap has its module loader warm when it
 * `require`s the handler, and `-e` would charge loader start-up to the bundle.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'edge-bench-'));
let scripts = 0;
function script(code: string): string {
  const file = path.join(dir, `s${scripts++}.js`);
  writeFileSync(file, code);
  return file;
}

export type AnyHandler = (event: never) => unknown;

export interface Timing {
  readonly medianUs: number;
  readonly p99Us: number;
  readonly events: number;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

/**
 * `makeEvents()` builds a fresh pool per round (handlers mutate their event), outside the timed region. Pools
 * are small (2,000 events) so the harness's own heap does not inflate the handlers' garbage-collection time.
 * `console.log` is silenced while timing: the bundle still builds its log line, but stdout I/O is the
 * platform's cost, not the function's.
 */
export async function timeHandler(
  handler: AnyHandler,
  makeEvents: () => unknown[],
  rounds = 80,
  batch = 100,
): Promise<Timing> {
  const samples: number[] = [];
  const log = console.log;
  console.log = () => undefined;
  try {
    for (let round = -1; round < rounds; round++) {
      const events = makeEvents();
      for (let i = 0; i + batch <= events.length; i += batch) {
        const start = process.hrtime.bigint();
        for (let j = i; j < i + batch; j++) await handler(events[j] as never);
        const us = Number(process.hrtime.bigint() - start) / 1000 / batch;
        if (round >= 0) samples.push(us); // round -1 warms the JIT
      }
    }
  } finally {
    console.log = log;
  }
  samples.sort((a, b) => a - b);
  return {
    medianUs: percentile(samples, 50),
    p99Us: percentile(samples, 99),
    events: samples.length * batch,
  };
}

/**
 * Wall times of `node <script>` for several scripts, interleaved run by run so machine drift hits all of
 * them alike; medians of `runs`.
 */
export function wallMsInterleaved(codes: readonly string[], runs = 31): number[] {
  const files = codes.map(script);
  const times = codes.map(() => [] as number[]);
  for (let i = 0; i < runs; i++)
    files.forEach((file, k) => {
      const start = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [file], { stdio: ['ignore', 'ignore', 'pipe'] });
      if (r.status !== 0) throw new Error(`node failed: ${r.stderr.toString()}`);
      times[k]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    });
  return times.map((t) =>
    percentile(
      [...t].sort((a, b) => a - b),
      50,
    ),
  );
}

/** Inside a fresh process: ms from before `require(bundle)` to the first event's answer. */
export function firstEventMs(bundle: string, eventJson: string, runs = 15): number {
  // The handlers finish their work before returning their promise, so the clock stops right after the
  // call: awaiting it would add Node's post-main-script start-up work, which is not the bundle's.
  const code = `const t=process.hrtime.bigint();const h=require(${JSON.stringify(bundle)}).handler;console.log=()=>{};h(${eventJson});const d=Number(process.hrtime.bigint()-t)/1e6;process.stdout.write(String(d))`;
  const file = script(code);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(process.execPath, [file], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`first event failed: ${r.stderr}`);
    times.push(Number(r.stdout));
  }
  times.sort((a, b) => a - b);
  return percentile(times, 50);
}
