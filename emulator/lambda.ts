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

export type Handler = (event: unknown, context?: unknown) => unknown;

export type Invocation =
  | { readonly ok: true; readonly result: unknown; readonly logs: string[] }
  | {
      readonly ok: false;
      readonly code: 'E_LAMBDA_THROW' | 'E_LAMBDA_TIMEOUT';
      readonly message: string;
      readonly logs: string[];
    };

/**
 * Load a bundle into a new module (as a new Lambda instance would, after a rebuild) and return its `handler`
 * export.
 */
let loads = 0;

export function loadHandler(file: string): Handler {
  // A copy under a new name is a new module for every module cache (Node's, or a test runner's sandbox),
  // so a rebuilt bundle is never served from the previous load; it runs in the caller's context, where
  // `invoke` captures its console.
  const copy = path.join(tmpdir(), `local-cloudfront-${process.pid}-${++loads}-${path.basename(file)}`);
  copyFileSync(path.resolve(file), copy);
  let mod: { handler?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(copy) as { handler?: unknown };
  } finally {
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
  const logs: string[] = [];
  const original = { log: console.log, error: console.error, warn: console.warn, info: console.info };
  const capture = (...args: unknown[]) => void logs.push(format(...args));
  let pending: unknown;
  Object.assign(console, { log: capture, error: capture, warn: capture, info: capture });
  try {
    pending = handler(event, { functionName: 'local', getRemainingTimeInMillis: () => timeoutMs });
  } catch (err) {
    return { ok: false, code: 'E_LAMBDA_THROW', message: describe(err), logs };
  } finally {
    Object.assign(console, original);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([Promise.resolve(pending), timeout]);
    if (result === 'timeout')
      return { ok: false, code: 'E_LAMBDA_TIMEOUT', message: `no result within ${timeoutMs} ms`, logs };
    return { ok: true, result, logs };
  } catch (err) {
    return { ok: false, code: 'E_LAMBDA_THROW', message: describe(err), logs };
  } finally {
    clearTimeout(timer);
  }
}

const describe = (err: unknown): string =>
  err instanceof Error ? `${err.name}: ${err.message}` : String(err);
