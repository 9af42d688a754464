/**
 * Phase: origin-response. On a miss, for every origin status, the function sees the origin request and
 * the origin's status and headers (not its body), and may change them or replace the body; its validated
 * result is what gets cached. Then Set-Cookie follows the behaviour (none at all where no cookie is
 * forwarded), and `Vary` keeps what CloudFront returns (`cache/vary.ts`). A streamed object's body (a file,
 * `FileBody` in `types.ts`) passes through unread unless the function replaces it; a failure to read the
 * bucket never gets here (CloudFront's own 502/503, `pipeline.ts`).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-cloudfront-trigger-events.html
 */
import type { CloudFrontHeaders, CloudFrontRequest } from '../../edge-functions/cloudfront/types';
import { viewerSetCookies } from '../cache/set-cookie';
import { viewerVary } from '../cache/vary';
import { originResponseEvent } from '../events';
import type { Logger } from '../logs';
import type { EdgeResponse, ErrorOutcome, Trace } from '../types';
import { bodyOf, runFunction, type FunctionSlot } from './function';

export interface OriginResponseStep {
  /** The function, or undefined where the behaviour has none. */
  readonly slot: FunctionSlot | undefined;
  readonly forwardsCookies: boolean;
  /** Headers the behaviour forwards to the origin (cache and origin request policies): kept in `Vary`. */
  readonly forwardedHeaders?: readonly string[];
  readonly logger: Logger;
  readonly trace: Trace;
}

async function runOriginResponse(
  step: OriginResponseStep & { readonly slot: FunctionSlot },
  request: CloudFrontRequest,
  origin: EdgeResponse,
): Promise<EdgeResponse | ErrorOutcome> {
  // The function gets copies: what it does to the event must not change what is compared or cached.
  const copy = { ...origin, headers: structuredClone(origin.headers) };
  const event = originResponseEvent(structuredClone(request), copy, step.trace.requestId);
  const ran = await runFunction(
    step.slot,
    event,
    { eventType: 'origin-response', requestHeaders: request.headers, responseHeaders: origin.headers },
    step.logger,
    step.trace,
  );
  if (!ran.ok) return ran.outcome;
  const { result } = ran;
  return {
    status: Number(result.status),
    statusDescription: String(result.statusDescription ?? ''),
    headers: (result.headers ?? {}) as CloudFrontHeaders,
    body: typeof result.body === 'string' ? bodyOf(result) : origin.body,
  };
}

export async function originResponsePhase(
  step: OriginResponseStep,
  request: CloudFrontRequest,
  origin: EdgeResponse,
): Promise<EdgeResponse | ErrorOutcome> {
  const response = step.slot
    ? await runOriginResponse({ ...step, slot: step.slot }, request, origin)
    : origin;
  if ('kind' in response) return response;
  const headers = viewerSetCookies(response.headers, step.forwardsCookies);
  return { ...response, headers: viewerVary(headers, step.forwardedHeaders ?? []) };
}
