/**
 * One njs process over a run of calls: spawn, read its JSON lines (`runtime/driver.js`), and say how it
 * ended. A watchdog kills a process that prints nothing for too long: a call that runs that long is far
 * over the runtime's compute limit.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** One call's line: index, memory, logged lines, channel lines, and its result, error or unprintable result. */
export interface RawRecord {
  readonly i: number;
  readonly m: number;
  readonly l: string[];
  readonly c?: string[];
  readonly r?: unknown;
  readonly e?: string;
  readonly x?: string;
}

/**
 * `done`: every call; `stop`: the memory budget, after `stopAt`; `load`: the code never loaded; `exit`:
 * njs ended with a call pending (its promise never settled); `crash`: njs died; `stalled`: killed.
 */
export type ProcessEnd = 'done' | 'stop' | 'load' | 'exit' | 'crash' | 'stalled';

export interface ProcessRun {
  readonly records: RawRecord[];
  readonly end: ProcessEnd;
  readonly stopAt?: number;
  /** The VM's heap when it finished every call. */
  readonly heap?: number;
  readonly stderr: string;
}

export interface ProcessOptions {
  readonly njs: string;
  readonly dir: string;
  readonly program: string;
  readonly input: string;
  /** Silence allowed between two lines once the code loaded, and before it did. */
  readonly callTimeoutMs: number;
  readonly loadTimeoutMs: number;
}

export function runProcess(o: ProcessOptions): Promise<ProcessRun> {
  const child = spawn(o.njs, ['-u', '-p', o.dir, o.program, o.input], { stdio: ['ignore', 'pipe', 'pipe'] });
  const records: RawRecord[] = [];
  let stderr = '';
  let ready = false;
  let finished: 'done' | 'stop' | undefined;
  let stopAt: number | undefined;
  let heap: number | undefined;
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        stalled = true;
        child.kill('SIGKILL');
      },
      ready ? o.callTimeoutMs : o.loadTimeoutMs,
    );
  };
  arm();
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr += chunk));
  let pending = '';
  createInterface({ input: child.stdout }).on('line', (piece) => {
    // The preamble prints a record in pieces (`+` more to come, `=` the last): njs cuts long lines.
    if (!piece.startsWith('+') && !piece.startsWith('=')) return void (stderr += `${piece}\n`); // njs's own
    pending += piece.slice(1);
    if (piece.startsWith('+')) return;
    const line = pending;
    pending = '';
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return void (stderr += `${line}\n`); // not the driver's: njs's own output
    }
    if ('ready' in message) ready = true;
    else if ('done' in message) [finished, heap] = ['done', message.heap as number];
    else if ('stop' in message) [finished, stopAt] = ['stop', message.stop as number];
    else records.push(message as unknown as RawRecord);
    arm();
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      const end: ProcessEnd =
        finished ??
        (!ready ? 'load' : stalled ? 'stalled' : code === 0 && signal === null ? 'exit' : 'crash');
      if (!ready && stalled) stderr = `the code did not load within ${o.loadTimeoutMs} ms`;
      else if (end === 'crash') stderr = `njs died (${signal ?? `exit ${code}`}) ${stderr}`;
      resolve({ records, end, stopAt, heap, stderr: stderr.slice(0, 4000) });
    });
  });
}
