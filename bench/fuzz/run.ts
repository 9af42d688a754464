/**
 * The fuzz loop's plumbing: capture what a handler prints per event, run a property over generated events,
 * mix in malformed ones, and count outcomes.
 */
import fc from 'fast-check';
import { validateResult } from '../../edge-functions/cloudfront/validator';

export type Handler = (e: unknown) => Promise<unknown>;
export type Counts = Record<string, number>;

/** `outcomes`: one per event (status, `forwarded`, `malformed`); `cases`: what the checks looked at. */
export interface Tally {
  readonly outcomes: Counts;
  readonly cases: Counts;
}

export const newTally = (): Tally => ({ outcomes: {}, cases: {} });
export const count = (c: Counts, key: string, n = 1): void => void (c[key] = (c[key] ?? 0) + n);

/** Capture what the handler prints, per event. */
export function captureLog(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const original = console.log;
  console.log = (line: unknown) => void lines.push(String(line));
  return { lines, restore: () => (console.log = original) };
}

/** The handler's answer to one event, and the lines it printed for it alone. */
export async function call(handler: Handler, e: unknown): Promise<{ result: unknown; lines: string[] }> {
  const log = captureLog();
  try {
    const result = await handler(e);
    return { result, lines: log.lines };
  } finally {
    log.restore();
  }
}

/** Valid events, and 1 in 100 made malformed (missing or wrongly typed parts). */
export const withMalformed = (valid: fc.Arbitrary<unknown>, broken: fc.Arbitrary<unknown>) =>
  fc.oneof({ arbitrary: valid, weight: 99 }, { arbitrary: broken, weight: 1 });

/** `check` on each generated event, given the lines the handler printed for that event alone. */
export async function forEachEvent(
  event: fc.Arbitrary<unknown>,
  runs: number,
  seed: number,
  check: (e: unknown, lines: readonly string[]) => Promise<void>,
): Promise<void> {
  const log = captureLog();
  try {
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        log.lines.length = 0;
        await check(e, log.lines);
      }),
      { numRuns: runs, seed },
    );
  } finally {
    log.restore();
  }
}

/** Throws with the first way `result` breaks the Lambda@Edge contract. */
export function assertValid(input: Parameters<typeof validateResult>[0], result: unknown): void {
  const violations = validateResult(input, result as never);
  if (violations.length > 0) throw new Error(`${violations[0]!.code}: ${violations[0]!.message}`);
}

export const outcome = (lines: readonly string[], status: string): string =>
  lines.some((l) => l.includes('E_EVENT')) ? 'malformed' : status;
