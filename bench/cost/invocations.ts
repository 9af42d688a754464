/**
 * Runs a shipped bundle over an event mix the way the cost model needs it: every invocation timed on its own
 * and rounded up to the billed granularity, every line it prints counted in bytes (the handler's own
 * output; the runtime's prefix is added by the model), and what it answered.
 */
import { format } from 'node:util';
import { ENROLLMENT_FIELD } from '../../edge-functions/shared/log-schema';
import type { AnyHandler } from '../measure';
import { billedMs, type PerInvocation } from './model';

export interface InvocationStats extends PerInvocation {
  readonly invocations: number;
  /** Mean measured wall time per invocation, µs. */
  readonly meanUs: number;
  /** What the handler answered, by kind: `forward` (the request) or a generated response's status. */
  readonly answers: Readonly<Record<string, number>>;
  /**
   * Mean bytes per invocation of the enrollment-identifier field (`"Enrollment":"…",`) in the lines it
   * printed: what a design without per-browser proofs would not have written.
   */
  readonly enrollmentFieldBytes: number;
}

/** The enrollment field as `metricLine` writes it: a base64url identifier, so never an escape. */
const FIELD = new RegExp(`"${ENROLLMENT_FIELD}":"[A-Za-z0-9_-]*",`, 'g');

/** Bytes of the enrollment-identifier fields in one printed line. */
export const enrollmentFieldBytes = (line: string): number =>
  (line.match(FIELD) ?? []).reduce((sum, f) => sum + Buffer.byteLength(f, 'utf8'), 0);

type Console = Pick<typeof console, 'log' | 'info' | 'warn' | 'error'>;

const answerOf = (result: unknown): string => {
  if (typeof result !== 'object' || result === null) return 'invalid';
  const r = result as { status?: unknown; uri?: unknown };
  if (r.status !== undefined) return String(r.status);
  return r.uri !== undefined ? 'forward' : 'response';
};

/**
 * `warmup` events run first, uncounted (a warm Lambda instance has its JIT warmed by earlier requests).
 * The handlers log synchronously before they return, so the sink sees every line of its invocation.
 */
export async function measureInvocations(
  handler: AnyHandler,
  events: readonly unknown[],
  warmup: readonly unknown[] = [],
): Promise<InvocationStats> {
  let lines = 0;
  let bytes = 0;
  let fieldBytes = 0;
  const sink = (...args: unknown[]) => {
    const line = format(...args);
    lines++;
    bytes += Buffer.byteLength(line, 'utf8') + 1;
    fieldBytes += enrollmentFieldBytes(line);
  };
  const saved: Console = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  Object.assign(console, { log: sink, info: sink, warn: sink, error: sink });
  const answers: Record<string, number> = {};
  let billed = 0;
  let totalMs = 0;
  try {
    for (const e of warmup) await handler(e as never);
    lines = 0;
    bytes = 0;
    fieldBytes = 0;
    for (const e of events) {
      const start = process.hrtime.bigint();
      const result = await handler(e as never);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      billed += billedMs(ms);
      totalMs += ms;
      const answer = answerOf(result);
      answers[answer] = (answers[answer] ?? 0) + 1;
    }
  } finally {
    Object.assign(console, saved);
  }
  const n = Math.max(1, events.length);
  return {
    invocations: events.length,
    billedMs: billed / n,
    printedBytes: bytes / n,
    lines: lines / n,
    meanUs: (totalMs * 1000) / n,
    answers,
    enrollmentFieldBytes: fieldBytes / n,
  };
}

/** Whether every answer is a generated 2xx response (a beacon the bundle answers itself). */
export function answersAll2xx(stats: InvocationStats): boolean {
  const kinds = Object.keys(stats.answers);
  return kinds.length > 0 && kinds.every((k) => /^2\d\d$/.test(k));
}
