/**
 * What one call did, from its njs line: its result (validated as CloudFront would), or why it failed, with
 * the lines it logged and the memory it used.
 */
import { FUNCTION_MEMORY_LIMIT } from '../../edge-functions/cloudfront-functions/contract';
import type { FunctionEventData, FunctionResult } from '../../edge-functions/cloudfront-functions/types';
import {
  validateFunctionResult,
  type FunctionViolation,
} from '../../edge-functions/cloudfront-functions/validator';
import type { RawRecord } from './process';

/**
 * Why a call has no result: `throw` (threw or rejected), `memory` (over `FUNCTION_MEMORY_LIMIT`),
 * `unsettled` (its promise never settled), `compute` (stalled), `crash` (njs died), `load` (the code did not
 * load: a syntax error, an `export`, a module the runtime lacks, a throw at the top level).
 */
export type NjsFailure = 'throw' | 'memory' | 'unsettled' | 'compute' | 'crash' | 'load';

export type NjsOutcome =
  | { readonly kind: 'result'; readonly result: FunctionResult }
  | { readonly kind: 'invalid'; readonly result: unknown; readonly violations: readonly FunctionViolation[] }
  | { readonly kind: 'error'; readonly reason: NjsFailure; readonly message: string };

export interface NjsCallReport {
  readonly outcome: NjsOutcome;
  /** What the call printed with `console.log` (or sent to the local channel and would print). */
  readonly logs: readonly string[];
  /** Decision lines it sent to the local channel only because the channel was offered. */
  readonly decisions: readonly string[];
  /**
   * `njs.memoryStats.size` after the call settled minus before it: what the VM's pool grew by, in its blocks
   * (coarse: a call that fits in blocks already reserved reads 0, the next one the whole block).
   */
  readonly memoryBytes: number;
}

function outcomeOf(r: RawRecord, event: FunctionEventData): NjsOutcome {
  if (r.m > FUNCTION_MEMORY_LIMIT)
    return {
      kind: 'error',
      reason: 'memory',
      message: `the call used ${r.m} bytes; the limit is ${FUNCTION_MEMORY_LIMIT}`,
    };
  if (r.e !== undefined) return { kind: 'error', reason: 'throw', message: r.e };
  if (r.x !== undefined) {
    const violation: FunctionViolation = { code: 'E_NOT_OBJECT', message: `the result is not data: ${r.x}` };
    return { kind: 'invalid', result: undefined, violations: [violation] };
  }
  const violations = validateFunctionResult(event.request, r.r);
  if (violations.length > 0) return { kind: 'invalid', result: r.r, violations };
  return { kind: 'result', result: r.r as FunctionResult };
}

/** `localOnly(line)`: a channel line made only for the local CloudFront (never printed in production). */
export function reportOf(
  r: RawRecord,
  event: FunctionEventData,
  localOnly: (line: string) => boolean,
): NjsCallReport {
  const channel = r.c ?? [];
  return {
    outcome: outcomeOf(r, event),
    logs: [...r.l, ...channel.filter((l) => !localOnly(l))],
    decisions: channel.filter(localOnly),
    memoryBytes: r.m,
  };
}
