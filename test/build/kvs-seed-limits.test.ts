/**
 * The KeyValueStore's seed, on every fixture: one `xp:` entry per experiment as configured (phase 0) and its
 * `xb:` baseline, one `lt:` entry per row of the locale table, each within the store's limits; a configuration that cannot fit
 * fails naming the key.
 */
import {
  BASELINE_KEY_PREFIX,
  EXPERIMENT_KEY_PREFIX,
  KVS_MAX_KEY_BYTES,
  KVS_MAX_VALUE_BYTES,
  LOCALE_KEY_PREFIX,
} from '../../edge-functions/cloudfront-functions/contract';
import { kvsSeed, KvsSeedError } from '../../edge-functions/build/kvs-seed';
import { localeMatch } from '../../edge-functions/build/locale-table';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { ALL_FIXTURES, fixture } from '../support/fixtures';

describe.each(ALL_FIXTURES)('kvsSeed (%s)', (name) => {
  const { config } = fixture(name);
  const seed = kvsSeed(config);
  const byKey = new Map(seed.map((e) => [e.key, JSON.parse(e.value) as unknown]));

  it('holds every experiment as configured: on = enabled, weights in variant order, phase 0', () => {
    for (const e of config.experiments.list)
      expect(byKey.get(`${EXPERIMENT_KEY_PREFIX}${e.id}`)).toEqual({
        on: e.enabled,
        w: e.variants.map((v) => v.weight),
        p: 0,
      });
    expect(seed.filter((e) => e.key.startsWith(EXPERIMENT_KEY_PREFIX))).toHaveLength(
      config.experiments.list.length,
    );
  });

  it('holds each experiment’s baseline: what a later sync compares the configuration with', () => {
    for (const e of config.experiments.list)
      expect(byKey.get(`${BASELINE_KEY_PREFIX}${e.id}`)).toEqual({
        on: e.enabled,
        w: e.variants.map((v) => v.weight),
      });
  });

  it('holds every row of the locale table under its lower-case key, and nothing else', () => {
    const table = localeMatch(config.locales).table;
    const rows = seed.filter((e) => e.key.startsWith(LOCALE_KEY_PREFIX));
    expect(rows.map((e) => e.key.slice(LOCALE_KEY_PREFIX.length)).sort()).toEqual(Object.keys(table).sort());
    for (const [key, row] of Object.entries(table))
      expect(byKey.get(`${LOCALE_KEY_PREFIX}${key}`)).toEqual(row);
    expect(rows.length + 2 * config.experiments.list.length).toBe(seed.length);
    // The default locale is always reachable by its own tag, at distance 0.
    const own = byKey.get(`${LOCALE_KEY_PREFIX}${config.locales.default.toLowerCase()}`) as number[];
    expect(own.slice(0, 2)).toEqual([config.locales.supported.indexOf(config.locales.default), 0]);
  });

  it('keeps each key and value within the store’s limits', () => {
    for (const { key, value } of seed) {
      expect(Buffer.byteLength(key)).toBeLessThanOrEqual(KVS_MAX_KEY_BYTES);
      expect(Buffer.byteLength(value)).toBeLessThanOrEqual(KVS_MAX_VALUE_BYTES);
    }
  });
});

describe('kvsSeed limits', () => {
  const base = fixture('demo').config;
  const withExperiments = (list: SiteConfig['experiments']['list']): SiteConfig => ({
    ...base,
    experiments: { ...base.experiments, list },
  });
  const experiment = base.experiments.list[0]!;
  /** `n` variants of nine-digit weights: about 10 bytes of value each. */
  const variants = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `v${i}`, weight: 123456789 }));
  const problems = (config: SiteConfig): readonly string[] => {
    try {
      kvsSeed(config);
    } catch (err) {
      expect(err).toBeInstanceOf(KvsSeedError);
      return (err as KvsSeedError).problems;
    }
    throw new Error('expected kvsSeed to throw');
  };

  it('names the experiment whose live entry and baseline are over the value limit', () => {
    expect(problems(withExperiments([{ ...experiment, variants: variants(120) }]))).toEqual(
      ['xp', 'xb'].map((prefix) =>
        expect.stringMatching(
          new RegExp(
            `^value of '${prefix}:${experiment.id}' is 1\\d{3} bytes, the store allows ${KVS_MAX_VALUE_BYTES}`,
          ),
        ),
      ),
    );
  });

  it('names a key over the key limit', () => {
    const id = 'x'.repeat(KVS_MAX_KEY_BYTES);
    expect(problems(withExperiments([{ ...experiment, id }]))).toEqual(
      ['xp', 'xb'].map((prefix) =>
        expect.stringMatching(
          new RegExp(
            `^key '${prefix}:x+…' is ${KVS_MAX_KEY_BYTES + 3} bytes, the store allows ${KVS_MAX_KEY_BYTES}$`,
          ),
        ),
      ),
    );
  });

  it('refuses a seed over the store’s size, saying how big it would be', () => {
    const list = Array.from({ length: 2600 }, (_, i) => ({
      ...experiment,
      id: `e${i}`,
      variants: variants(100),
    }));
    expect(problems(withExperiments(list))).toEqual([
      expect.stringMatching(/^the entries take \d{7} bytes, the store allows 5242880/),
    ]);
  });
});
