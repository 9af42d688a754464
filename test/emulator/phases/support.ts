/** Small pieces for testing one phase alone: a recording logger, a trace, a function slot, behaviours. */
import { cacheBehaviors, type BehaviorFacts } from '../../../edge-functions/config/cache-policy';
import type { Handler } from '../../../emulator/lambda';
import { createLogger, type Logger } from '../../../emulator/logs';
import type { FunctionSlot } from '../../../emulator/phases/function';
import type { Body, EdgeResponse, ErrorOutcome, FileSlice, Trace } from '../../../emulator/types';
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

/** A body that must be bytes in memory (a small object, a compressed one, a replacement). */
export function bytesOf(body: Body | FileSlice): Buffer {
  if (!Buffer.isBuffer(body))
    throw new Error(`expected bytes in memory, got a file: ${JSON.stringify(body)}`);
  return body;
}

/** A response that must not be an error outcome. */
export function responseOf<R extends object>(r: R | ErrorOutcome): R {
  if ('kind' in r && r.kind === 'error') throw new Error(`expected a response, got ${r.code}: ${r.detail}`);
  return r as R;
}
