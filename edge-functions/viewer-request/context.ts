/**
 * What every viewer decision shares: its dependencies, its result, and the per-request context that collects
 * log lines (decision lines with `logs.debug`; the CloudFront Functions adapter adds its live-state
 * warnings) until the decision is made.
 */
import type { CloudFrontRequest } from '../cloudfront/types';
import type { ViewerConfig } from '../config/resolve';
import type { ExperimentConfig } from '../config/schema';
import { cookieHeader } from '../shared/cookies';
import { DECISION_LINES } from '../shared/debug';
import type { Assignment, RandomSource } from '../shared/experiments';
import { bakedState, type LiveState } from '../shared/live';
import { decisionLine, type LogSink } from '../shared/log';
import { experimentNote, type DecisionFields } from '../shared/log-schema';
import type { Hmac } from '../shared/proof';
import type { LocaleChoice, LocaleMatch } from './locale';
import type { Reply } from './responses';

export interface ViewerRequestDeps {
  readonly config: ViewerConfig;
  readonly random: RandomSource;
  readonly now: () => number;
  readonly log: LogSink;
  /** A fresh enrollment identifier: `ID_LENGTH` base64url characters from the CSPRNG. */
  readonly newId: () => string;
  /** HMAC-SHA-256, base64url: signs and verifies proofs of enrollment. */
  readonly hmac: Hmac;
  /**
   * An experiment's live state from the KeyValueStore (CloudFront Functions, `shared/live.ts`). Absent
   * (Lambda@Edge): the baked values, and none of the store's parsing in the bundle.
   */
  readonly live?: (e: ExperimentConfig) => LiveState;
  /** The locale table as read so far from the KeyValueStore (CloudFront Functions); absent: the baked one. */
  readonly localeMatch?: LocaleMatch;
}

export type Decision =
  | { readonly kind: 'respond'; readonly response: Reply }
  | {
      readonly kind: 'forward';
      readonly uri: string;
      /**
       * When the site has experiments: the request's experiment cookies become exactly these pairs (every
       * other cookie is kept as sent), so no forged or stale experiment cookie reaches the cache key. Each
       * adapter applies it in its runtime's own shape (`handler.ts`, `cloudfront-functions/event.ts`).
       */
      readonly cookies?: readonly (readonly [string, string])[];
    };

/** One request's inputs, read once, and the log lines its decision produces. */
export interface Context {
  readonly deps: ViewerRequestDeps;
  readonly request: CloudFrontRequest;
  readonly rawCookie: string;
  readonly lines: string[];
  /** An experiment's live state; a fallback to the baked values adds one warning line (`liveOf`). */
  readonly live: (e: ExperimentConfig) => LiveState;
}

const notes = (assignments: readonly Assignment[]) =>
  assignments.map((a) => experimentNote(a.experiment.id, a.variant, a.source));

/** A decision line's fields, in the order `DecisionFields` declares them (absent ones are not written). */
const fields = (
  action: DecisionFields['action'],
  choice?: LocaleChoice,
  assignments?: readonly Assignment[],
  response?: Reply,
): DecisionFields => ({
  action,
  status: response && response.statusCode,
  locale: choice && choice.locale,
  source: choice && choice.source,
  experiments: assignments && notes(assignments),
});

/** A generated response; with `logs.debug`, a line saying which and why (and the assignments it sets). */
export function answer(
  ctx: Context,
  response: Reply,
  choice?: LocaleChoice,
  assignments?: readonly Assignment[],
): Decision {
  if (DECISION_LINES && ctx.deps.config.debug)
    ctx.lines.push(decisionLine(fields('respond', choice, assignments, response)));
  return { kind: 'respond', response };
}

/** With `logs.debug`, the decision: locale, and each experiment's variant and where it came from. */
export function logAssignments(ctx: Context, assignments: readonly Assignment[], choice: LocaleChoice): void {
  if (DECISION_LINES && ctx.deps.config.debug)
    ctx.lines.push(decisionLine(fields('forward', choice, assignments)));
}

export function contextOf(request: CloudFrontRequest, deps: ViewerRequestDeps, out?: string[]): Context {
  const lines = out || [];
  return { deps, request, rawCookie: cookieHeader(request.headers), lines, live: deps.live || bakedState };
}
