/**
 * Live control of one experiment from the KeyValueStore: the raw value of `xp:<id>` (a `LiveEntry`, see
 * `cloudfront-functions/contract.ts`) against the baked experiment gives the on/off switch, the weights and
 * the phase to use. Anything but a valid entry falls back to the baked values, phase 0, and says why, so
 * the caller writes one warning line (`warnLine` in `log.ts`). A live entry can only switch a baked-enabled
 * experiment off, never a baked-disabled one on: the build checked the variant files and page overlaps of
 * enabled experiments only.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/kvs-with-functions.html
 *
 * Pure, and written in the subset `cloudfront-js-2.0` accepts (no destructuring, spread, `for…of`, `?.`,
 * `??`, default parameters, Map/Set or `Number.isInteger`): both runtimes run it, and so does the
 * `experiments` command, which validates what it writes with the same `liveEntryOf`.
 */
import type { ExperimentConfig } from '../config/schema';
import {
  EXPERIMENT_KEY_PREFIX,
  KVS_MAX_VALUE_BYTES,
  MAX_LIVE_WEIGHT,
  type LiveEntry,
} from '../cloudfront-functions/contract';

/** Why the baked values are used: no `xp:<id>` key, the read failed, or its value is not a valid entry. */
export type LiveFallback = 'missing' | 'unreadable' | 'malformed';

export interface LiveState {
  readonly enabled: boolean;
  /** One per configured variant, in the configuration's order. */
  readonly weights: readonly number[];
  readonly phase: number;
  /** Set when the baked values are used: the caller logs one warning line. */
  readonly fallback?: LiveFallback;
}

/** A whole number in [0, max]: `Math.floor` instead of `Number.isInteger`, which the runtime may lack. */
const whole = (n: unknown, max: number): n is number =>
  typeof n === 'number' && Math.floor(n) === n && n >= 0 && n <= max;

/** Non-negative whole weights, one per variant, summing to more than 0; undefined otherwise. */
function weightsOf(e: ExperimentConfig, w: unknown): number[] | undefined {
  if (!Array.isArray(w) || w.length !== e.variants.length) return undefined;
  let sum = 0;
  for (let i = 0; i < w.length; i++) {
    if (!whole(w[i], MAX_LIVE_WEIGHT)) return undefined;
    sum += w[i];
  }
  return sum > 0 ? w : undefined;
}

/**
 * `value` (parsed JSON) as a `LiveEntry` for `e`, or undefined when it is not one: `on` a boolean, `w`
 * whole weights in [0, MAX_LIVE_WEIGHT] for exactly the configured variants with a positive sum, `p` a
 * whole phase. Other keys are ignored (lenient: a later writer may add some).
 */
export function liveEntryOf(e: ExperimentConfig, value: unknown): LiveEntry | undefined {
  // An array or another non-object has no `w` weights: refused below.
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const w = weightsOf(e, v.w);
  if (typeof v.on !== 'boolean' || !w || !whole(v.p, Number.MAX_SAFE_INTEGER)) return undefined;
  return { on: v.on, w: w, p: v.p };
}

/** The baked values as a live state, phase 0: what Lambda@Edge, which has no store, always uses. */
export const bakedState = (e: ExperimentConfig): LiveState => ({
  enabled: e.enabled,
  weights: e.variants.map((v) => v.weight),
  phase: 0,
});

/** The baked values, and why they are used instead of the store's. */
function baked(e: ExperimentConfig, fallback: LiveFallback): LiveState {
  const state = bakedState(e);
  return { enabled: state.enabled, weights: state.weights, phase: state.phase, fallback };
}

/**
 * The state to use for `e`, from the raw value of its `xp:<id>` key: `raw` undefined when the key does not
 * exist, `unreadable` true when the read failed (the value is then ignored).
 */
export function liveState(e: ExperimentConfig, raw: string | undefined, unreadable?: boolean): LiveState {
  if (unreadable) return baked(e, 'unreadable');
  if (raw === undefined) return baked(e, 'missing');
  let parsed: unknown;
  // Before parsing: the store refuses values over its byte limit, so a value of more characters is not its.
  if (raw.length > KVS_MAX_VALUE_BYTES) return baked(e, 'malformed');
  try {
    parsed = JSON.parse(raw);
  } catch {
    return baked(e, 'malformed');
  }
  const entry = liveEntryOf(e, parsed);
  if (!entry) return baked(e, 'malformed');
  return { enabled: e.enabled && entry.on, weights: entry.w, phase: entry.p };
}

/**
 * One KeyValueStore read as the decision sees it: the value, `null` when the key does not exist, `false`
 * when the read failed. Lambda@Edge has no store: its decisions use the baked values, silently.
 */
export type StoreValue = string | null | false;
export type Store = (key: string) => StoreValue;

/** The live state of `e` from the store's `xp:<id>`. */
export function liveOf(store: Store, e: ExperimentConfig): LiveState {
  const raw = store(EXPERIMENT_KEY_PREFIX + e.id);
  return liveState(e, typeof raw === 'string' ? raw : undefined, raw === false);
}

/** `e` as its live state makes it: switched off, or its variants re-weighted. */
export function withLive(e: ExperimentConfig, state: LiveState): ExperimentConfig {
  const out: Record<string, unknown> = {};
  const keys = Object.keys(e);
  for (let i = 0; i < keys.length; i++) out[keys[i]!] = (e as unknown as Record<string, unknown>)[keys[i]!];
  out.enabled = state.enabled;
  out.variants = e.variants.map((v, i) => ({ name: v.name, weight: state.weights[i]! }));
  return out as unknown as ExperimentConfig;
}
