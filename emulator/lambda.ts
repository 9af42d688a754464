/**
 * Invoke: load a shipped bundle and call its `handler` the way Lambda@Edge does: a warm module (module scope
 * survives between invocations), a time limit, and the outcome CloudFront maps to a status — a throw, a
 * rejection or a timeout is a 503 for the viewer
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-503-lambda-execution-error.html).
 */
import { copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { format } from 'node:util';
import { parseLogLine } from '../edge-functions/shared/log-parse';
import { LOCAL_LOG } from '../edge-functions/shared/log-schema';

export type Handler = (event: unknown, context?: unknown) => unknown;

interface Printed {
  /** What the handler printed, one entry per console call: what CloudWatch Logs would keep. */
  readonly logs: string[];
  /** Decision lines it made only for the local CloudFront (`LOCAL_LOG`): shown, never printed. */
  readonly decisions: string[];
}

export type Invocation =
  | ({ readonly ok: true; readonly result: unknown } & Printed)
  | ({
      readonly ok: false;
      readonly code: 'E_LAMBDA_THROW' | 'E_LAMBDA_TIMEOUT';
      readonly message: string;
    } & Printed);

export interface LoadOptions {
  /**
   * Offer the bundle the local log channel (`LOCAL_LOG`, `edge-functions/shared/log-schema.ts`) while it
   * loads: viewer-request then makes its decision lines whatever its `logs.debug`, and sends every line
   * there. `debug` is the `logs.debug` it was built with: decision lines count as printed only when it is
   * on, so what is printed and kept is exactly what the deployed function prints. Without this option (the
   * benchmarks), a bundle runs exactly as in Lambda.
   */
  readonly localLog?: { readonly debug: boolean };
}

/** The current invocation's lines: set only while a handler's synchronous part runs. */
let current: Printed | undefined;

/** A line sent to the local channel that the deployed function would not print: a decision made for it. */
export const localOnly = (line: string, debug: boolean): boolean =>
  !debug && parseLogLine(String(line)).kind === 'decision';

const localLog =
  ({ debug }: { readonly debug: boolean }) =>
  (line: string): void => {
    const into = current;
    if (!into) return;
    (localOnly(line, debug) ? into.decisions : into.logs).push(String(line));
  };

let loads = 0;

/**
 * Load a bundle into a new module (as a new Lambda instance would, after a rebuild) and return its `handler`
 * export.
 */
export function loadHandler(file: string, options: LoadOptions = {}): Handler {
  // A copy under a new name is a new module for every module cache (Node's, or a test runner's sandbox),
  // so a rebuilt bundle is never served from the previous load; it runs in the caller's context, where
  // `invoke` captures its console.
  const copy = path.join(tmpdir(), `local-cloudfront-${process.pid}-${++loads}-${path.basename(file)}`);
  copyFileSync(path.resolve(file), copy);
  const global = globalThis as Record<symbol, unknown>;
  const key = Symbol.for(LOCAL_LOG);
  if (options.localLog) global[key] = localLog(options.localLog);
  let mod: { handler?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(copy) as { handler?: unknown };
  } finally {
    delete global[key];
    rmSync(copy, { force: true });
    delete require.cache[copy];
  }
  if (typeof mod.handler !== 'function')
    throw Object.assign(new Error(`E_LAMBDA_NO_HANDLER: ${file} does not export a handler function`), {
      code: 'E_LAMBDA_NO_HANDLER',
    });
  return mod.handler as Handler;
}

/**
 * Call the handler, capturing what it prints: `console.log` is swapped only while the handler's
 * synchronous part runs, which is where these handlers log (they never await before logging).
 */
export async function invoke(handler: Handler, event: unknown, timeoutMs: number): Promise<Invocation> {
  const printed: Printed = { logs: [], decisions: [] };
  const original = { log: console.log, error: console.error, warn: console.warn, info: console.info };
  const capture = (...args: unknown[]) => void printed.logs.push(format(...args));
  let pending: unknown;
  Object.assign(console, { log: capture, error: capture, warn: capture, info: capture });
  current = printed;
  try {
    pending = handler(event, { functionName: 'local', getRemainingTimeInMillis: () => timeoutMs });
  } catch (err) {
    return { ok: false, code: 'E_LAMBDA_THROW', message: describe(err), ...printed };
  } finally {
    Object.assign(console, original);
    current = undefined;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve(pending), timeout]);
    if (result === 'timeout')
      return { ok: false, code: 'E_LAMBDA_TIMEOUT', message: `no result within ${timeoutMs} ms`, ...printed };
    return { ok: true, result, ...printed };
  } catch (err) {
    return { ok: false, code: 'E_LAMBDA_THROW', message: describe(err), ...printed };
  } finally {
    clearTimeout(timer);
  }
}

const describe = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}` : String(err);
