/**
 * Phase: viewer-request. CloudFront refuses a method the behaviour does not allow (403, before any function);
 * otherwise the function sees the viewer's request and returns it (possibly changed: the URI it returns is
 * the object requested and the cache key) or a generated response, which is never cached.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/DownloadDistValuesCacheBehavior.html#DownloadDistValuesAllowedHTTPMethods
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 */
import type {
  CloudFrontHeaders,
  CloudFrontRequest,
  CloudFrontRequestEvent,
} from '../../edge-functions/cloudfront/types';
import type { BehaviorFacts } from '../../edge-functions/config/cache-policy';
import type { Logger } from '../logs';
import { failure, type EdgeResponse, type Outcome, type Trace } from '../types';
import { runCloudFrontFunction, type CloudFrontFunctionSlot } from './cloudfront-function';
import { bodyOf, runFunction, type FunctionSlot } from './function';

/** The methods each `allowedMethods` setting accepts; anything else is CloudFront's 403. */
export const ALLOWED_METHODS: Readonly<Record<BehaviorFacts['allowedMethods'], readonly string[]>> = {
  GET_HEAD: ['GET', 'HEAD'],
  ALL: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
};

export type ViewerRequestResult =
  | { readonly kind: 'forward'; readonly request: CloudFrontRequest }
  | Extract<Outcome, { kind: 'generated' | 'error' }>;

export interface ViewerRequestStep {
  readonly behavior: BehaviorFacts;
  /** A Lambda@Edge handler, or a CloudFront Function (`viewer.runtime: 'cloudfront-functions'`). */
  readonly slot: FunctionSlot | CloudFrontFunctionSlot;
  /** The request-target as the viewer sent it (a CloudFront Function's `rawQueryString()`). */
  readonly target?: string;
  readonly logger: Logger;
  readonly trace: Trace;
}

function generated(result: Record<string, unknown>): EdgeResponse {
  return {
    status: Number(result.status),
    statusDescription: String(result.statusDescription ?? ''),
    headers: (result.headers ?? {}) as CloudFrontHeaders,
    body: bodyOf(result),
  };
}

export async function viewerRequestPhase(
  step: ViewerRequestStep,
  event: CloudFrontRequestEvent,
): Promise<ViewerRequestResult> {
  const request = event.Records[0]!.cf.request;
  if (!ALLOWED_METHODS[step.behavior.allowedMethods].includes(request.method))
    return failure('E_METHOD_NOT_ALLOWED', `${request.method} on ${step.behavior.pathPattern}`);
  if (!step.behavior.viewerRequest) return { kind: 'forward', request };
  const ran =
    'runtime' in step.slot
      ? await runCloudFrontFunction(step.slot, event, step.target ?? '', step.logger, step.trace)
      : await runFunction(
          step.slot,
          event,
          { eventType: 'viewer-request', requestHeaders: structuredClone(request.headers) },
          step.logger,
          step.trace,
        );
  if (!ran.ok) return ran.outcome;
  if ('status' in ran.result) return { kind: 'generated', response: generated(ran.result) };
  return { kind: 'forward', request: ran.result as unknown as CloudFrontRequest };
}
