/** Small pieces for testing one phase alone: a recording logger, a trace, a function slot, behaviours. */
import { cacheBehaviors, type BehaviorFacts } from '../../../edge-functions/config/cache-policy';
import type { Handler } from '../../../emulator/lambda';
import { createLogger, type Logger } from '../../../emulator/logs';
import type { FunctionSlot } from '../../../emulator/phases/function';
import type { EdgeResponse, Trace } from '../../../emulator/types';
import { headers, type HeaderInput } from '../../support/events';
import { fixture, type FixtureName } from '../../support/fixtures';

export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ log: (l) => lines.push(l) }), lines };
}

export const newTrace = (): Trace => ({ requestId: 'test-request-id', notes: [] });

export const slotOf = (handler: (event: any) => unknown, timeoutMs = 200): FunctionSlot => ({
  handler: handler as Handler,
  timeoutMs,
});

/** A fixture's behaviour by path pattern (`*`, `/assets/*`, `/__edge/*`). */
export function behaviorOf(pattern: string, name: FixtureName = 'demo'): BehaviorFacts {
  return cacheBehaviors(fixture(name).config).find((b) => b.pathPattern === pattern)!;
}

export function edgeResponse(status = 200, h: HeaderInput = {}, body = 'body'): EdgeResponse {
  return {
    status,
    statusDescription: status === 200 ? 'OK' : '',
    headers: headers(h),
    body: Buffer.from(body),
  };
}
