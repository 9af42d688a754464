/**
 * What the local CloudFront prints and keeps: one access line per request (like `wrangler dev`), with the
 * functions' decisions summarised (`decision.ts`); errors and warnings by code; and every line a function
 * prints appended to `<logDir>/<function>.log` exactly as printed, one line per console call, like CloudWatch
 * Logs keeps them (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html).
 * Decision lines handed to the local channel are shown, never kept: the files hold what production would.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { EventType } from '../edge-functions/cloudfront/types';
import { readLines, type FunctionOutput } from './decision';
import { WARNINGS, type WarningCode } from './errors';
import type { ErrorOutcome, Trace } from './types';

export interface Logger {
  /** A function's lines: the printed ones kept in its file; all summarised on the request's access line. */
  functionLines(fn: EventType, out: FunctionOutput, trace: Trace): void;
  /** Print a function failure and hand the outcome back. */
  failed(outcome: ErrorOutcome): ErrorOutcome;
  warn(code: WarningCode, detail: string): void;
  access(line: string): void;
  /** Flush and close the log files. */
  close(): Promise<void>;
}

export interface LoggerOptions {
  /** `false`: silent; a function: receives each line; default: console.log. */
  readonly log?: boolean | ((line: string) => void);
  /** Folder for `<function>.log`; undefined: no files. */
  readonly logDir?: string;
}

/** `.cloudfront/logs` next to the configuration file (gitignored): where `npm start` keeps function logs. */
export const defaultLogDir = (configFile: string): string =>
  path.join(path.dirname(configFile), '.cloudfront', 'logs');

function sinkOf(log: LoggerOptions['log']): ((line: string) => void) | undefined {
  if (log === false) return undefined;
  return typeof log === 'function' ? log : (line) => console.log(line);
}

/**
 * Append-only files, one per function, the folder created on first use. Written synchronously: with lean
 * logs only enrollments, conversions and errors are written, and a report read right after a request (the
 * experiments page, a test) must see its lines.
 */
class LogFiles {
  private made = false;
  constructor(
    private readonly dir: string,
    private readonly onError: (message: string) => void,
  ) {}

  append(fn: string, lines: readonly string[]): void {
    if (lines.length === 0) return;
    try {
      if (!this.made) mkdirSync(this.dir, { recursive: true });
      this.made = true;
      appendFileSync(path.join(this.dir, `${fn}.log`), lines.map((l) => `${l}\n`).join(''));
    } catch (err) {
      this.onError(`log file ${fn}.log: ${(err as Error).message}`);
    }
  }

  async close(): Promise<void> {
    // Nothing is buffered.
  }
}

export function createLogger(options: LoggerOptions): Logger {
  const sink = sinkOf(options.log);
  const files = options.logDir ? new LogFiles(options.logDir, (m) => sink?.(`warning: ${m}`)) : undefined;
  return {
    functionLines(fn, out, trace) {
      try {
        files?.append(fn, out.logs);
      } catch (err) {
        sink?.(`warning: log files in ${options.logDir}: ${(err as Error).message}`);
      }
      const read = readLines(fn, out);
      trace.notes.push(...read.notes);
      if (fn === 'viewer-request' && read.decision.length > 0) trace.decision = read.decision;
    },
    failed(outcome) {
      sink?.(`  ${outcome.code}: ${outcome.detail}`);
      return outcome;
    },
    warn: (code, detail) => sink?.(`warning: ${code}: ${WARNINGS[code]}: ${detail}`),
    access: (line) => sink?.(line),
    close: () => files?.close() ?? Promise.resolve(),
  };
}

/** `GET /en/ → 302 Generated 1.2 ms  locale=en(path) home-hero=bold(new)` */
export function accessLine(
  method: string,
  target: string,
  status: number,
  label: string,
  ms: number,
  notes: readonly string[],
): string {
  const shown = target.length > 120 ? `${target.slice(0, 117)}…` : target;
  const decisions = notes.filter(Boolean).join(' ');
  return `${method} ${shown} → ${status} ${label} ${ms.toFixed(1)} ms${decisions ? `  ${decisions}` : ''}`;
}
