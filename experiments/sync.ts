/**
 * `npm run experiments -- sync`, pure: the changes that bring a store in line with `edge.config.ts` in
 * place, so a deploy never replaces the store and loses its live state (a new store would restart every
 * experiment at phase 0, and the report would mix the old phase 0 with the new one).
 *
 * - The `Accept-Language` table (`lt:`) becomes the configuration's exactly: changed rows put, stale deleted.
 * - An experiment new to the store gets its configured state, phase 0.
 * - An experiment whose configuration changed since the last sync (its `xb:` baseline differs) starts a new
 *   phase with the configured on/off and weights, recorded in its history: a configuration change is a change.
 * - Otherwise its live state stands, with every stop, start or re-weight made through the command. A store
 *   without a baseline (seeded before baselines existed) keeps its live state and adopts the baseline.
 * - A removed experiment's live state and baseline are deleted; its history stays for the report.
 * Keys of any other prefix are left alone.
 */
import {
  baselineKey,
  baselineValue,
  experimentKey,
  liveEntryValue,
  seedMap,
  type KvsEntry,
  type SeedConfig,
} from '../edge-functions/build/kvs-seed';
import {
  BASELINE_KEY_PREFIX,
  EXPERIMENT_KEY_PREFIX,
  LOCALE_KEY_PREFIX,
  type LiveEntry,
} from '../edge-functions/cloudfront-functions/contract';
import { historyKey, historyValue } from './history';
import { describe, inForce, readStates, type ExperimentState } from './plan';

export interface SyncPlan {
  readonly puts: readonly KvsEntry[];
  readonly deletes: readonly string[];
  /** One line per experiment whose stored state changed, and one for the table, for the user. */
  readonly notes: readonly string[];
}

/** What `sync` writes into a store holding `entries` (all of them), for `config`, at `now`. */
export function planSync(config: SeedConfig, entries: ReadonlyMap<string, string>, now: number): SyncPlan {
  const seed = seedMap(config);
  const table = tablePlan(seed, entries);
  const states = readStates(config, entries);
  const experiments = states.map((s) => experimentPlan(s, entries, now));
  const removed = removedKeys(config, entries);
  return {
    puts: [...table.puts, ...experiments.flatMap((x) => x.puts)],
    deletes: [...table.deletes, ...removed],
    notes: [
      ...(table.puts.length + table.deletes.length > 0
        ? [`Accept-Language table: ${table.puts.length} rows written, ${table.deletes.length} deleted`]
        : []),
      ...experiments.flatMap((x) => x.notes),
      ...removed
        .filter((k) => k.startsWith(EXPERIMENT_KEY_PREFIX))
        .map((k) => `${k}: no longer configured, deleted`),
    ],
  };
}

/** The `lt:` rows: the seed's, exactly. */
function tablePlan(seed: ReadonlyMap<string, string>, entries: ReadonlyMap<string, string>) {
  const isRow = (k: string) => k.startsWith(LOCALE_KEY_PREFIX);
  const puts = [...seed]
    .filter(([k, v]) => isRow(k) && entries.get(k) !== v)
    .map(([key, value]) => ({ key, value }));
  const deletes = [...entries.keys()].filter((k) => isRow(k) && !seed.has(k));
  return { puts, deletes };
}

function experimentPlan(s: ExperimentState, entries: ReadonlyMap<string, string>, now: number) {
  const e = s.experiment;
  const baseline = { key: baselineKey(e.id), value: baselineValue(e) };
  const stored = entries.get(baseline.key);
  if (stored === baseline.value && s.entry) return { puts: [], notes: [] };
  if (stored === undefined && s.entry)
    return { puts: [baseline], notes: [`${e.id}: live state kept; configuration recorded as its baseline`] };
  // New to the store, unreadable, or configured otherwise since the last sync: the configured state.
  const configured = { on: e.enabled, w: e.variants.map((v) => v.weight) };
  const fresh = !s.entry && s.history.length === 0 && !entries.has(experimentKey(e.id));
  const p = fresh ? 0 : Math.max(inForce(s).p, ...s.history.map((r) => r.p)) + 1;
  const next: LiveEntry = { ...configured, p };
  const puts: KvsEntry[] = [{ key: experimentKey(e.id), value: liveEntryValue(next) }, baseline];
  if (!fresh) puts.push({ key: historyKey(e.id), value: historyValue(s.history, inForce(s), next, now) });
  return { puts, notes: [`${e.id}: ${fresh ? 'added' : why(s)}, now ${describe(next, e)}`] };
}

const why = (s: ExperimentState): string =>
  s.problem ? `stored state ${s.problem}` : 'configuration changed since the last sync';

/** `xp:` and `xb:` keys of experiments no longer configured. */
function removedKeys(config: SeedConfig, entries: ReadonlyMap<string, string>): string[] {
  const ids = new Set(config.experiments.list.map((e) => e.id));
  const prefixes = [EXPERIMENT_KEY_PREFIX, BASELINE_KEY_PREFIX];
  return [...entries.keys()].filter((k) => {
    const prefix = prefixes.find((p) => k.startsWith(p));
    return prefix !== undefined && !ids.has(k.slice(prefix.length));
  });
}
