/**
 * One function invocation as CloudFront runs it: the handler with its time limit, its log lines kept, and
 * its result validated by the project's executable contract (`edge-functions/cloudfront/validator.ts`):
 * a throw or timeout is an error outcome (503), an invalid result one too (502).
 */
import type { EventType } from '../../edge-functions/cloudfront/types';
import { validateResult, type ValidationInput } from '../../edge-functions/cloudfront/validator';
import { invoke, type Handler } from '../lambda';
import type { Logger } from '../logs';
import { failure, type ErrorOutcome, type Trace } from '../types';

export interface FunctionSlot {
  readonly handler: Handler;
  readonly timeoutMs: number;
}

export type FunctionRun =
  | { readonly ok: true; readonly result: Record<string, unknown> }
  | { readonly ok: false; readonly outcome: ErrorOutcome };

export async function runFunction(
  slot: FunctionSlot,
  event: unknown,
  input: ValidationInput & { readonly eventType: EventType },
  logger: Logger,
  trace: Trace,
): Promise<FunctionRun> {
  const out = await invoke(slot.handler, event, slot.timeoutMs);
  logger.functionLines(input.eventType, out, trace);
  if (!out.ok) return { ok: false, outcome: logger.failed(failure(out.code, out.message)) };
  const violations = validateResult(input, out.result);
  if (violations.length > 0) {
    const detail = violations.map((v) => `${v.code} ${v.message}`).join('; ');
    return { ok: false, outcome: logger.failed(failure(violations[0]!.code, detail)) };
  }
  return { ok: true, result: out.result as Record<string, unknown> };
}

/** The body a function returned, as bytes (`bodyEncoding: 'base64'` decoded). */
export function bodyOf(result: Record<string, unknown>): Buffer {
  if (typeof result.body !== 'string') return Buffer.alloc(0);
  return result.bodyEncoding === 'base64'
    ? Buffer.from(result.body, 'base64')
    : Buffer.from(result.body, 'utf8');
}
