/**
 * The distribution: a viewer's request through CloudFront's phases in order — request limits, behaviour
 * match (on the viewer's path), viewer-request, cache, origin, origin-response — to a typed outcome that
 * `phases/to-viewer.ts` turns into the HTTP answer. No `node:http` here: each phase is testable alone.
 */
import type { CloudFrontRequestEvent } from '../edge-functions/cloudfront/types';
import type { SiteConfig } from '../edge-functions/config';
import type { CloudFrontFunctionName } from '../edge-functions/cloudfront-functions/contract';
import { behaviorFor, type BehaviorFacts } from '../edge-functions/config/cache-policy';
import type { ResponseCache } from './cache/store';
import type { Logger } from './logs';
import { requestLimitError } from './http/limits';
import { cachePhase, type Fetch } from './phases/cache';
import type { CloudFrontFunctionSlot } from './phases/cloudfront-function';
import type { FunctionSlot } from './phases/function';
import { fetchOrigin, originRequest } from './phases/origin';
import { originResponsePhase } from './phases/origin-response';
import { viewerRequestPhase } from './phases/viewer-request';
import { withDecision } from './decision';
import { viewerRequestEvent } from './events';
import { failure, type Outcome, type Trace, type ViewerRequest } from './types';

/** What a reload swaps: configuration, bucket folder, behaviours and handlers. */
export interface Distribution {
  readonly config: SiteConfig;
  readonly siteDir: string;
  readonly behaviors: readonly BehaviorFacts[];
  /**
   * Who answers viewer requests (`viewer.runtime`): the Lambda@Edge handler, or CloudFront Functions, each
   * behaviour's `viewerFunction` (`config/cache-policy.ts`).
   */
  readonly viewer:
    | { readonly runtime: 'lambda-edge'; readonly slot: FunctionSlot }
    | {
        readonly runtime: 'cloudfront-functions';
        readonly slots: Readonly<Record<CloudFrontFunctionName, CloudFrontFunctionSlot>>;
      };
  readonly originResponse: FunctionSlot;
}

/** The viewer-request function of a behaviour: the Lambda@Edge handler, or the behaviour's CloudFront Function. */
function viewerSlot(dist: Distribution, behavior: BehaviorFacts): FunctionSlot | CloudFrontFunctionSlot {
  if (dist.viewer.runtime === 'lambda-edge') return dist.viewer.slot;
  return dist.viewer.slots[behavior.viewerFunction ?? 'viewer-request'];
}

export interface PipelineContext {
  readonly distribution: () => Distribution;
  readonly cache: ResponseCache;
  readonly inflight: Map<string, Promise<void>>;
  readonly logger: Logger;
}

/** Origin and origin-response for the request viewer-request forwarded. */
function originFetch(ctx: PipelineContext, dist: Distribution, behavior: BehaviorFacts, trace: Trace) {
  return (request: CloudFrontRequestEvent['Records'][0]['cf']['request']): Fetch =>
    async () => {
      const toOrigin = originRequest(request, behavior.cachePolicy, behavior.originRequestHeaders);
      const origin = await fetchOrigin(dist.siteDir, toOrigin, dist.config.contentTypes);
      // CloudFront could not get the object: its own 502/503, without origin-response, never cached.
      if ('kind' in origin) return ctx.logger.failed(origin);
      const step = {
        slot: behavior.originResponse ? dist.originResponse : undefined,
        forwardsCookies: behavior.cachePolicy.cookies.length > 0,
        forwardedHeaders: [...behavior.cachePolicy.headers, ...behavior.originRequestHeaders],
        logger: ctx.logger,
        trace,
      };
      return originResponsePhase(step, toOrigin, origin);
    };
}

export async function distribute(
  ctx: PipelineContext,
  viewer: ViewerRequest,
  trace: Trace,
): Promise<Outcome> {
  const limit = requestLimitError(viewer);
  if (limit) return failure(limit, viewer.target.slice(0, 200));
  const event = viewerRequestEvent(viewer, trace.requestId);
  const dist = ctx.distribution();
  const behavior = behaviorFor(dist.behaviors, event.Records[0]!.cf.request.uri);
  const slot = viewerSlot(dist, behavior);
  const step = { behavior, slot, target: viewer.target, logger: ctx.logger, trace };
  const forwarded = await viewerRequestPhase(step, event);
  if (forwarded.kind !== 'forward') return withDecision(forwarded, trace);
  const fetch = originFetch(ctx, dist, behavior, trace)(forwarded.request);
  const cacheStep = { behavior, cache: ctx.cache, inflight: ctx.inflight, logger: ctx.logger, now: Date.now };
  return withDecision(await cachePhase(cacheStep, forwarded.request, fetch), trace);
}
