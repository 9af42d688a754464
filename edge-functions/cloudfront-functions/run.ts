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
import { errorLine } from '../shared/log';
import { liveOf, type Store, type StoreValue } from '../shared/live';
import { ID_LENGTH } from '../shared/proof';
import type { Decision, ViewerRequestDeps } from '../viewer-request/decide';
import type { LocaleMatch, LocaleTable } from '../viewer-request/locale';
import { badRequest } from '../viewer-request/responses';
import { LOCALE_KEY_PREFIX } from './contract';
import {
  forwardRequest,
  functionResponse,
  lambdaRequest,
  type FunctionEvent,
  type FunctionRequest,
  type FunctionResponse,
} from './event';

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

/** The locale table's rows read so far (`lt:<key>` → the row as JSON; absent or malformed: no row). */
function tableOf(values: Record<string, StoreValue>): LocaleTable {
  const table: Record<string, readonly number[] | string> = {};
  const keys = Object.keys(values);
  for (let i = 0; i < keys.length; i++) {
    const value = values[keys[i]!];
    if (keys[i]!.indexOf(LOCALE_KEY_PREFIX) !== 0 || typeof value !== 'string') continue;
    try {
      table[keys[i]!.slice(LOCALE_KEY_PREFIX.length)] = JSON.parse(value);
    } catch {
      // A malformed row reads as none: that range matches nothing, as an unknown language would.
    }
  }
  return table;
}

/** The locale match with the rows read so far; a row not read yet adds its key to `missing`. */
function matchOf(baked: LocaleMatch, values: Record<string, StoreValue>, missing: string[]): LocaleMatch {
  return {
    table: tableOf(values),
    fallbacks: baked.fallbacks,
    threshold: baked.threshold,
    demotion: baked.demotion,
    missed: (key) => {
      const name = LOCALE_KEY_PREFIX + key;
      if (!(name in values) && missing.indexOf(name) === -1) missing.push(name);
    },
  };
}

/** The store as read so far: a key not read yet is noted, and reads as absent for this pass only. */
const storeOf =
  (run: Run, missing: string[]): Store =>
  (key) => {
    if (key in run.values) return run.values[key]!;
    if (missing.indexOf(key) === -1) missing.push(key);
    return null;
  };

function depsOf(config: ViewerConfig, run: Run, missing: string[]): ViewerRequestDeps {
  const viewer: Record<string, unknown> = {};
  const names = Object.keys(config);
  for (let i = 0; i < names.length; i++)
    viewer[names[i]!] = (config as unknown as Record<string, unknown>)[names[i]!];
  viewer.localeMatch = matchOf(config.localeMatch, run.values, missing);
  return {
    config: viewer as unknown as ViewerConfig,
    random: () => parseInt(hash(run).digest('hex').slice(0, 12), 16) / 281474976710656,
    newId: () => hash(run).digest('base64url').slice(0, ID_LENGTH),
    hmac: (key, data) => fncrypto.createHmac('sha256', key).update(data).digest('base64url'),
    now: () => Date.now(),
    log: () => undefined,
    live: (e) => liveOf(storeOf(run, missing), e),
  };
}

export const start = (event: FunctionEvent): Run => ({
  event,
  request: event && event.request ? lambdaRequest(event.request) : undefined,
  values: {},
  lines: [],
});

/** One pass of the decision: the KeyValueStore keys it lacked (none: the decision is final). */
export function decide(
  config: ViewerConfig,
  run: Run,
  decideRequest: (request: CloudFrontRequest, deps: ViewerRequestDeps, lines: string[]) => Decision,
): string[] {
  const missing: string[] = [];
  if (run.request === undefined) return missing;
  run.lines = [];
  try {
    run.decision = decideRequest(run.request, depsOf(config, run, missing), run.lines);
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
export function finish(config: ViewerConfig, run: Run): FunctionRequest | FunctionResponse {
  const lines = run.failure === undefined ? run.lines : [errorLine('viewer-request', run.failure)];
  if (run.request === undefined) lines.push(errorLine('viewer-request', 'malformed event', 'E_EVENT'));
  for (let i = 0; i < lines.length; i++) console.log(lines[i]);
  if (run.request === undefined) return functionResponse(badRequest(config.securityHeaderList));
  const d = run.decision;
  if (run.failure !== undefined || d === undefined) return run.event.request;
  if (d.kind === 'respond') return functionResponse(d.response);
  return forwardRequest(run.event.request, d.uri, d.cookie, config.experimentCookieNames);
}
