/**
 * What `npm run experiments` reads and writes, pure: each configured experiment's state in the store, and
 * the entries a change (stop, start, new weights) writes. Every change is a new phase, numbered above every
 * phase the store has seen, so the report never mixes two populations under one number.
 */
import {
  MAX_LIVE_WEIGHT,
  type LiveEntry,
  type PhaseRecord,
} from '../edge-functions/cloudfront-functions/contract';
import type { ExperimentConfig, SiteConfig } from '../edge-functions/config/schema';
import { experimentKey, liveEntryValue, type KvsEntry } from '../edge-functions/build/kvs-seed';
import { liveEntryOf, liveState } from '../edge-functions/shared/live';
import { historyKey, historyValue, readHistory } from './history';

/** A refusal the user can act on: the message names the value and the fix. */
export class CommandError extends Error {}

export interface ExperimentState {
  readonly experiment: ExperimentConfig;
  /** What the store holds, when it holds a valid entry. */
  readonly entry?: LiveEntry;
  /** Why it does not: the function then uses `edge.config.ts`'s values and logs a `W_KVS` line. */
  readonly problem?: 'missing' | 'malformed';
  readonly history: readonly PhaseRecord[];
}

export type Change =
  | { readonly kind: 'stop' }
  | { readonly kind: 'start' }
  | { readonly kind: 'weights'; readonly weights: readonly number[] };

/** The keys `readStates` needs, for a store read one key at a time. */
export const keysOf = (config: Pick<SiteConfig, 'experiments'>): string[] =>
  config.experiments.list.flatMap((e) => [experimentKey(e.id), historyKey(e.id)]);

export function readStates(
  config: Pick<SiteConfig, 'experiments'>,
  entries: ReadonlyMap<string, string>,
): ExperimentState[] {
  return config.experiments.list.map((e) => {
    const raw = entries.get(experimentKey(e.id));
    const live = liveState(e, raw);
    const history = readHistory(e, entries.get(historyKey(e.id)));
    if (live.fallback === 'missing' || live.fallback === 'malformed')
      return { experiment: e, problem: live.fallback, history };
    // Valid, as liveState found: the store's own switch, not yet combined with `enabled`.
    return { experiment: e, entry: liveEntryOf(e, JSON.parse(raw!))!, history };
  });
}

/** The experiment named `id`, or a refusal listing the configured ones. */
export function findExperiment(config: Pick<SiteConfig, 'experiments'>, id: string): ExperimentConfig {
  const found = config.experiments.list.find((e) => e.id === id);
  if (found) return found;
  const ids = config.experiments.list.map((e) => e.id);
  throw new CommandError(
    `no experiment '${id}' in edge.config.ts, got: '${id}'; use one of: ${ids.length ? ids.join(', ') : '(none configured)'}`,
  );
}

/** `70,30` → [70, 30]: one whole number in 0..MAX_LIVE_WEIGHT per variant, in order, summing above 0. */
export function parseWeights(e: ExperimentConfig, text: string): number[] {
  const names = e.variants.map((v) => v.name);
  const example = names.map(() => Math.floor(100 / names.length)).join(',');
  const fail = (why: string): never => {
    throw new CommandError(
      `weights for '${e.id}' ${why}, got: '${text}'; give one whole number per variant (${names.join(', ')}), for example: npm run experiments -- weights ${e.id} ${example}`,
    );
  };
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== names.length) fail(`need ${names.length} numbers, one per variant`);
  const weights = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  if (weights.some((w) => !(w <= MAX_LIVE_WEIGHT)))
    fail(`must be whole numbers from 0 to ${MAX_LIVE_WEIGHT.toLocaleString('en-US')}`);
  if (weights.every((w) => w === 0)) fail('must not all be 0 (stop the experiment instead)');
  return weights;
}

/** The store's entry, or what the function uses without one: `edge.config.ts`'s values, phase 0. */
export const inForce = (s: ExperimentState): LiveEntry =>
  s.entry ?? { on: s.experiment.enabled, w: s.experiment.variants.map((v) => v.weight), p: 0 };

export type Outcome =
  | { readonly written: false; readonly message: string }
  | { readonly written: true; readonly entry: LiveEntry; readonly puts: readonly KvsEntry[] };

/** The entries `change` writes for `s` (its new phase and its history), or why nothing is written. */
export function plan(s: ExperimentState, change: Change, now: number): Outcome {
  const e = s.experiment;
  const current = inForce(s);
  if (change.kind === 'start' && !e.enabled)
    throw new CommandError(
      `'${e.id}' is disabled in edge.config.ts (enabled: false), got: 'start ${e.id}'; the build checked no variant page of it, so set enabled: true there and deploy`,
    );
  const on = change.kind === 'weights' ? current.on : change.kind === 'start';
  const w = change.kind === 'weights' ? [...change.weights] : [...current.w];
  if (s.entry && on === current.on && w.join() === current.w.join())
    return { written: false, message: `${e.id}: already ${describe(current, e)}; nothing written` };
  const p = Math.max(current.p, ...s.history.map((r) => r.p)) + 1;
  const entry: LiveEntry = { on, w, p };
  return {
    written: true,
    entry,
    puts: [
      { key: experimentKey(e.id), value: liveEntryValue(entry) },
      { key: historyKey(e.id), value: historyValue(s.history, current, entry, now) },
    ],
  };
}

/** `on, weights control 50 · bold 50, phase 3` style, for messages. */
export function describe(entry: LiveEntry, e?: ExperimentConfig): string {
  const weights = entry.w
    .map((w, i) => (e ? `${e.variants[i]!.name} ${w}` : String(w)))
    .join(e ? ' · ' : ',');
  return `${entry.on ? 'on' : 'stopped'} (weights ${weights}, phase ${entry.p})`;
}
