/**
 * One viewer request on CloudFront Functions, in synchronous steps the global `handler` (written by the
 * build, `build/cloudfront-functions.ts`) drives: `start`, then `decide` until it names no KeyValueStore key
 * it still needs (the handler reads those, one `await` at a time, as AWS advises), then `finish`. The
 * decision is the core's (`viewer-request/decide.ts`), exactly as on Lambda@Edge; only the event shape, the
 * random source and where the locale table's rows come from differ.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/kvs-with-functions.html
 */
import type { CloudFrontRequest } from '../cloudfront/types';
import type { ViewerConfig } from '../config/resolve';
import { errorLine, warnLine } from '../shared/log';
import { liveOf, type Store, type StoreValue } from '../shared/live';
import { ID_LENGTH } from '../shared/proof';
import type { Decision, ViewerRequestDeps } from '../viewer-request/decide';
import type { FunctionValues } from './types';
import { badRequest } from '../viewer-request/responses';
import {
  forwardRequest,
  coreRequest,
  type FunctionEvent,
  type FunctionRequest,
  type FunctionResponse,
} from './event';
import { EXPERIMENT_KEY_PREFIX } from './contract';
import { addHeaders } from './headers';

/**
 * What a CloudFront Function bakes: the viewer configuration's fields it reads (`build/function-config.ts`),
 * and the security headers in its runtime's own shape, which the adapter adds to its responses (`headers.ts`).
 */
export type FunctionConfig = ViewerConfig & Partial<FunctionBaked>;
export interface FunctionBaked {
  /** The security headers, lower-case name → `{ value }` (`build/function-config.ts`). */
  readonly headerTable: FunctionValues;
}

export interface Run {
  readonly event: FunctionEvent;
  readonly request: CloudFrontRequest | undefined;
  /** KeyValueStore key → its value, `null` when absent, `false` when unreadable; set by the handler. */
  readonly values: Record<string, StoreValue>;
  lines: string[];
  decision?: Decision;
  failure?: unknown;
}

let draws = 0;
/**
 * `Math.random` is seeded with the call's timestamp, so two concurrent calls could draw alike: each draw
 * hashes it with the request id and a counter (SHA-256, CloudFront Functions' `crypto`).
 */
function hash(run: Run): FunctionHash {
  const id = run.event.context ? run.event.context.requestId : '';
  return fncrypto.createHash('sha256').update(`${id}:${Math.random()}:${draws++}`);
}

/** The store as read so far: a key not read yet is noted, and reads as absent for this pass only. */
const storeOf =
  (run: Run, missing: string[]): Store =>
  (key) => {
    if (key in run.values) return run.values[key]!;
    if (missing.indexOf(key) === -1) missing.push(key);
    return null;
  };

/** What an entry adds to the decision's inputs from the store: each entry links only what it reads. */
export type Extension = (deps: Deps, run: Run, missing: string[]) => void;
type Deps = { -readonly [K in keyof ViewerRequestDeps]: ViewerRequestDeps[K] };

/**
 * Experiments' live state (weights, on/off, phase) from the store (`shared/live.ts`). A fallback to the baked
 * values writes one line per experiment and request, naming the key and why (never its value).
 */
export const withLive: Extension = (deps, run, missing) => {
  const warned: string[] = [];
  deps.live = (e) => {
    const state = liveOf(storeOf(run, missing), e);
    if (state.fallback === undefined || warned.indexOf(e.id) !== -1) return state;
    warned.push(e.id);
    run.lines.push(warnLine('viewer-request', `${EXPERIMENT_KEY_PREFIX}${e.id} ${state.fallback}`));
    return state;
  };
};

/**
 * Draws and signatures from CloudFront Functions' `crypto`: only the functions that enroll or count link it
 * (the default behaviour's, in `redirect` mode, does neither).
 */
export const withCrypto: Extension = (deps, run) => {
  deps.random = () => parseInt(hash(run).digest('hex').slice(0, 12), 16) / 281474976710656;
  deps.newId = () => hash(run).digest('base64url').slice(0, ID_LENGTH);
  deps.hmac = (key, data) => fncrypto.createHmac('sha256', key).update(data).digest('base64url');
};

function depsOf(
  config: ViewerConfig,
  run: Run,
  missing: string[],
  extensions: Extension[],
): ViewerRequestDeps {
  const deps = { config, now: () => Date.now(), log: () => undefined } as unknown as Deps;
  for (let i = 0; i < extensions.length; i++) extensions[i]!(deps, run, missing);
  return deps;
}

export const start = (event: FunctionEvent): Run => ({
  event,
  request: event && event.request ? coreRequest(event.request) : undefined,
  values: {},
  lines: [],
});

/** One pass of the decision: the KeyValueStore keys it lacked (none: the decision is final). */
export function decide(
  config: FunctionConfig,
  run: Run,
  decideRequest: (request: CloudFrontRequest, deps: ViewerRequestDeps, lines: string[]) => Decision,
  extensions: Extension[],
): string[] {
  const missing: string[] = [];
  if (run.request === undefined) return missing;
  run.lines = [];
  try {
    run.decision = decideRequest(run.request, depsOf(config, run, missing, extensions), run.lines);
  } catch (err) {
    run.failure = err;
    return [];
  }
  return missing;
}

/**
 * Write the lines (one `console.log` argument each, as the runtime requires) and answer: the generated
 * response, or the request to forward. A failure inside the core passes the request through untouched and
 * logs one `E_INTERNAL` line; an event without a request gets a 400, as on Lambda@Edge.
 */
export function finish(config: FunctionConfig, run: Run): FunctionRequest | FunctionResponse {
  const lines = run.failure === undefined ? run.lines : [errorLine('viewer-request', run.failure)];
  if (run.request === undefined) lines.push(errorLine('viewer-request', 'malformed event', 'E_EVENT'));
  for (let i = 0; i < lines.length; i++) console.log(lines[i]);
  return answer(config, run);
}

function answer(config: FunctionConfig, run: Run): FunctionRequest | FunctionResponse {
  const d = run.decision;
  const response =
    run.request === undefined
      ? badRequest()
      : run.failure === undefined && d !== undefined && d.kind === 'respond'
        ? d.response
        : undefined;
  if (response !== undefined) return addHeaders(response, config.headerTable || {});
  if (run.failure !== undefined || d === undefined || d.kind === 'respond') return run.event.request;
  return forwardRequest(run.event.request, d.uri, d.cookies, config.experimentCookieNames);
}
