/**
 * `npm run experiments -- sync`'s plan (`planSync`), on the three-locales fixture's configuration and stores
 * built as a deploy would find them: what a configuration change, a live change, a removed experiment, a
 * changed locale list and a store from before baselines each lead to, and that a synced store is the seed.
 */
import { baselineKey, experimentKey, seedMap, type SeedConfig } from '../../edge-functions/build/kvs-seed';
import { LOCALE_KEY_PREFIX } from '../../edge-functions/cloudfront-functions/contract';
import { liveState } from '../../edge-functions/shared/live';
import { historyKey, readHistory } from '../../experiments/history';
import { plan, readStates } from '../../experiments/plan';
import { planSync } from '../../experiments/sync';
import { fixture } from '../support/fixtures';

const NOW = 1_800_000_000_000;
const config: SeedConfig = fixture('three-locales').config;
const [pricing, blog] = config.experiments.list;
const seeded = () => seedMap(config);

/** `entries` after `planSync` is applied, as the store holds it. */
function synced(cfg: SeedConfig, entries: Map<string, string>): Map<string, string> {
  const p = planSync(cfg, entries, NOW);
  const out = new Map(entries);
  for (const key of p.deletes) out.delete(key);
  for (const { key, value } of p.puts) out.set(key, value);
  return out;
}

/** The configuration with `pricing-layout`'s weights changed. */
const reweighted: SeedConfig = {
  ...config,
  experiments: {
    ...config.experiments,
    list: [
      { ...pricing!, variants: pricing!.variants.map((v, i) => ({ ...v, weight: 10 * (i + 1) })) },
      blog!,
    ],
  },
};

describe('planSync', () => {
  it('writes the whole seed into an empty store, and nothing into a store that holds it', () => {
    expect(synced(config, new Map())).toEqual(seeded());
    const again = planSync(config, seeded(), NOW);
    expect([again.puts, again.deletes, again.notes]).toEqual([[], [], []]);
  });

  it('keeps a live change (stop, re-weight) when the configuration did not change', () => {
    const store = seeded();
    const states = readStates(config, store);
    const stop = plan(states[0]!, { kind: 'stop' }, NOW);
    if (!stop.written) throw new Error('expected a change');
    for (const { key, value } of stop.puts) store.set(key, value);
    expect(planSync(config, store, NOW).puts).toEqual([]);
    expect(liveState(pricing!, synced(config, store).get(experimentKey(pricing!.id))).enabled).toBe(false);
  });

  it('starts a new phase, above every phase seen, with the configured weights when the configuration changed', () => {
    const store = seeded();
    const live = plan(readStates(config, store)[0]!, { kind: 'weights', weights: [1, 1, 1] }, NOW);
    if (!live.written) throw new Error('expected a change');
    for (const { key, value } of live.puts) store.set(key, value);
    const after = synced(reweighted, store);
    const state = liveState(reweighted.experiments.list[0]!, after.get(experimentKey(pricing!.id)));
    expect(state).toEqual({ enabled: true, weights: [10, 20, 30], phase: 2 });
    const history = readHistory(reweighted.experiments.list[0]!, after.get(historyKey(pricing!.id)));
    expect(history.map((r) => [r.p, r.w])).toEqual([
      [0, [50, 25, 25]],
      [1, [1, 1, 1]],
      [2, [10, 20, 30]],
    ]);
    // The other experiment, unchanged, is left as it was.
    expect(after.get(experimentKey(blog!.id))).toBe(store.get(experimentKey(blog!.id)));
    expect(planSync(reweighted, after, NOW).puts).toEqual([]);
  });

  it('starts a new phase when the variants changed, since the stored weights no longer fit them', () => {
    const fewer: SeedConfig = {
      ...config,
      experiments: {
        ...config.experiments,
        list: [{ ...pricing!, variants: pricing!.variants.slice(0, 2) }, blog!],
      },
    };
    const after = synced(fewer, seeded());
    expect(liveState(fewer.experiments.list[0]!, after.get(experimentKey(pricing!.id)))).toEqual({
      enabled: true,
      weights: [50, 25],
      phase: 1,
    });
  });

  it('keeps the live state of a store without baselines, and records the configuration as its baseline', () => {
    const store = seeded();
    store.delete(baselineKey(pricing!.id));
    store.set(experimentKey(pricing!.id), JSON.stringify({ on: true, w: [1, 2, 3], p: 4 }));
    const p = planSync(reweighted, store, NOW);
    expect(p.puts).toEqual([
      { key: baselineKey(pricing!.id), value: JSON.stringify({ on: true, w: [10, 20, 30] }) },
    ]);
    expect(p.notes).toEqual([`${pricing!.id}: live state kept; configuration recorded as its baseline`]);
  });

  it('replaces a malformed live entry with the configured state, as a new phase', () => {
    const store = seeded();
    store.set(experimentKey(blog!.id), '{"on":tru');
    const after = synced(config, store);
    expect(liveState(blog!, after.get(experimentKey(blog!.id)))).toEqual({
      enabled: true,
      weights: [50, 50],
      phase: 1,
    });
    expect(planSync(config, store, NOW).notes).toEqual([
      expect.stringMatching(new RegExp(`^${blog!.id}: stored state malformed, now on .*phase 1\\)$`)),
    ]);
  });

  it('deletes a removed experiment’s live state and baseline, and keeps its history for the report', () => {
    const store = seeded();
    store.set(historyKey(blog!.id), '[]');
    const without: SeedConfig = { ...config, experiments: { ...config.experiments, list: [pricing!] } };
    const p = planSync(without, store, NOW);
    expect([...p.deletes].sort()).toEqual([baselineKey(blog!.id), experimentKey(blog!.id)]);
    expect(synced(without, store).has(historyKey(blog!.id))).toBe(true);
  });

  it('makes the Accept-Language table the configuration’s exactly, and leaves keys it does not own', () => {
    const store = seeded();
    store.set('other:key', 'kept');
    const more: SeedConfig = { ...config, locales: { ...config.locales, supported: ['en', 'ja'] } };
    const after = synced(more, store);
    const rows = (m: Map<string, string>) => [...m].filter(([k]) => k.startsWith(LOCALE_KEY_PREFIX));
    const expected = seedMap(more);
    expect(rows(after)).toEqual(rows(expected));
    expect(after.get('other:key')).toBe('kept');
    expect(planSync(more, store, NOW).notes[0]).toMatch(
      /^Accept-Language table: \d+ rows written, \d+ deleted$/,
    );
  });
});
