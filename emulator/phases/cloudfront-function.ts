/**
 * One CloudFront Function invocation as CloudFront runs it (`viewer.runtime: 'cloudfront-functions'`): the
 * built bundle under njs with the runtime's restrictions (`../njs`), its KeyValueStore read afresh, its lines
 * kept, its result validated (`edge-functions/cloudfront-functions/validator.ts`). An exception, a limit or
 * code that does not load is a 503; an invalid result a 502. A valid result is handed on in Lambda@Edge's
 * shape (`../function-events.ts`), so the rest of the viewer-request phase is the same for both runtimes.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html
 */
import { existsSync } from 'node:fs';
import type { KvsData } from '../../edge-functions/cloudfront-functions/contract';
import type { CloudFrontRequestEvent } from '../../edge-functions/cloudfront/types';
import type { ErrorCode } from '../errors';
import { fromFunctionResult, toFunctionEvent } from '../function-events';
import type { Logger } from '../logs';
import { runOne, KvsFileError, type NjsFailure } from '../njs';
import { failure, type Trace } from '../types';
import type { FunctionRun } from './function';

export interface CloudFrontFunctionSlot {
  readonly runtime: 'cloudfront-functions';
  /** The built function (`dist/cloudfront-functions/<name>.js`), read on every call. */
  readonly bundle: string;
  /** The KeyValueStore now (`njs/store.ts` `readKvsFile`); throws `KvsFileError` on a malformed file. */
  readonly store: () => { readonly store: KvsData; readonly updated: Date };
  /** Offer the local log channel, as for Lambda@Edge bundles (`emulator/lambda.ts`). */
  readonly localLog?: { readonly debug: boolean };
}

const CODES: Readonly<Record<NjsFailure, ErrorCode>> = {
  throw: 'E_FUNCTION_THROW',
  unsettled: 'E_FUNCTION_THROW',
  crash: 'E_FUNCTION_THROW',
  memory: 'E_FUNCTION_LIMIT',
  compute: 'E_FUNCTION_LIMIT',
  load: 'E_FUNCTION_LOAD',
};

/** The request-target ends in a bare `?` (a `#fragment` is never part of it): `rawQueryString()` is `''`. */
export const bareQuestionMark = (target: string): boolean => target.split('#')[0]!.endsWith('?');

export async function runCloudFrontFunction(
  slot: CloudFrontFunctionSlot,
  event: CloudFrontRequestEvent,
  target: string,
  logger: Logger,
  trace: Trace,
): Promise<FunctionRun> {
  const request = event.Records[0]!.cf.request;
  if (!existsSync(slot.bundle))
    return {
      ok: false,
      outcome: logger.failed(
        failure('E_FUNCTION_LOAD', `${slot.bundle} does not exist: build it with 'npm run build'`),
      ),
    };
  let kvs: ReturnType<CloudFrontFunctionSlot['store']>;
  try {
    kvs = slot.store();
  } catch (err) {
    if (!(err instanceof KvsFileError)) throw err;
    return { ok: false, outcome: logger.failed(failure('E_KVS_FILE', err.message)) };
  }
  const sent = toFunctionEvent(request, {
    requestId: trace.requestId,
    bareQuestionMark: bareQuestionMark(target),
  });
  const report = await runOne(slot.bundle, sent, kvs.store, {
    storeUpdated: kvs.updated,
    localLog: slot.localLog,
  });
  logger.functionLines('viewer-request', report, trace);
  const { outcome } = report;
  if (outcome.kind === 'error')
    return { ok: false, outcome: logger.failed(failure(CODES[outcome.reason], outcome.message)) };
  if (outcome.kind === 'invalid') {
    const detail = outcome.violations.map((v) => `${v.code} ${v.message}`).join('; ');
    return { ok: false, outcome: logger.failed(failure('E_FUNCTION_VALIDATION', detail)) };
  }
  const result = fromFunctionResult(outcome.result, sent, request);
  return { ok: true, result: result as unknown as Record<string, unknown> };
}
