/**
 * What `npm run experiments` validates and writes, pure: weights against the configured variants, the new
 * phase above every phase seen, no phase for a change that changes nothing, the history within the store's
 * value limit. The entries written are read back by `liveState`, the function's own reader.
 */
import { KVS_MAX_VALUE_BYTES, MAX_LIVE_WEIGHT } from '../../edge-functions/cloudfront-functions/contract';
import type { ExperimentConfig } from '../../edge-functions/config/schema';
import { liveState } from '../../edge-functions/shared/live';
import { historyKey, readHistory } from '../../experiments/history';
import {
  CommandError,
  findExperiment,
  parseWeights,
  plan,
  readStates,
  type Change,
  type ExperimentState,
} from '../../experiments/plan';

const experiment = (id: string, weights: number[], enabled = true): ExperimentConfig => ({
  id,
  enabled,
  paths: ['/'],
  variants: weights.map((weight, i) => ({ name: i === 0 ? 'control' : `v${i}`, weight })),
  control: 'control',
  cookieName: `xp-${id}`,
  cookieMaxAgeSeconds: 86400,
  overrideParam: `xp-${id}`,
});

const HERO = experiment('hero', [50, 50]);
const config = (...list: ExperimentConfig[]) => ({
  experiments: { list, goals: [], crawlers: 'hash' as const },
});
const stateOf = (e: ExperimentConfig, entries: Record<string, string> = {}): ExperimentState =>
  readStates(config(e), new Map(Object.entries(entries)))[0]!;

describe('parseWeights', () => {
  it.each([
    ['70,30', [70, 30]],
    [' 70 , 30 ', [70, 30]],
    ['0,1', [0, 1]],
    [`${MAX_LIVE_WEIGHT},0`, [MAX_LIVE_WEIGHT, 0]],
  ])('reads %j', (text, want) => expect(parseWeights(HERO, text)).toEqual(want));

  it.each([
    ['70', 'need 2 numbers'],
    ['70,20,10', 'need 2 numbers'],
    ['', 'need 2 numbers'],
    ['70,', 'whole numbers'],
    ['-1,2', 'whole numbers'],
    ['1.5,2', 'whole numbers'],
    ['1e3,2', 'whole numbers'],
    ['0x10,2', 'whole numbers'],
    ['seventy,30', 'whole numbers'],
    [`${MAX_LIVE_WEIGHT + 1},1`, 'whole numbers from 0 to 1,000,000'],
    ['0,0', 'must not all be 0'],
  ])('refuses %j, naming the experiment, its variants, the value and a fix', (text, why) => {
    const run = () => parseWeights(HERO, text);
    expect(run).toThrow(CommandError);
    expect(run).toThrow(why);
    expect(run).toThrow(`got: '${text}'`);
    expect(run).toThrow('(control, v1)');
    expect(run).toThrow('npm run experiments -- weights hero 50,50');
  });
});

describe('findExperiment', () => {
  it('finds the id, or lists the configured ones', () => {
    expect(findExperiment(config(HERO), 'hero')).toBe(HERO);
    expect(() => findExperiment(config(HERO), 'Hero')).toThrow("got: 'Hero'; use one of: hero");
  });
});

describe('plan', () => {
  const written = (s: ExperimentState, change: Change) => {
    const outcome = plan(s, change, 1000);
    if (!outcome.written) throw new Error(outcome.message);
    return outcome;
  };
  /** The store after the outcome, as the function reads it. */
  const after = (s: ExperimentState, change: Change) =>
    Object.fromEntries(written(s, change).puts.map((p) => [p.key, p.value]));

  it('starts from edge.config.ts at phase 0 when the store has no entry, and writes phase 1', () => {
    const store = after(stateOf(HERO), { kind: 'weights', weights: [70, 30] });
    expect(liveState(HERO, store['xp:hero'])).toEqual({ enabled: true, weights: [70, 30], phase: 1 });
    expect(readHistory(HERO, store[historyKey('hero')])).toEqual([
      { on: true, w: [50, 50], p: 0 },
      { on: true, w: [70, 30], p: 1, t: 1000 },
    ]);
  });

  it('numbers each change above every phase the entry or the history has seen', () => {
    const history = JSON.stringify([{ on: true, w: [1, 1], p: 9 }]);
    const s = stateOf(HERO, { 'xp:hero': '{"on":true,"w":[1,1],"p":4}', 'xh:hero': history });
    expect(written(s, { kind: 'stop' }).entry).toEqual({ on: false, w: [1, 1], p: 10 });
    // A malformed entry: the function uses phase 0, but a phase already used is never used again.
    const broken = stateOf(HERO, { 'xp:hero': '{"on":true', 'xh:hero': history });
    expect(broken.problem).toBe('malformed');
    expect(written(broken, { kind: 'start' }).entry.p).toBe(10);
  });

  it('stops, starts and re-weights, each a new phase, keeping what the change does not touch', () => {
    let entries: Record<string, string> = {};
    const step = (change: Change) => (entries = { ...entries, ...after(stateOf(HERO, entries), change) });
    step({ kind: 'weights', weights: [70, 30] });
    step({ kind: 'stop' });
    expect(liveState(HERO, entries['xp:hero'])).toEqual({ enabled: false, weights: [70, 30], phase: 2 });
    step({ kind: 'weights', weights: [10, 90] });
    expect(liveState(HERO, entries['xp:hero'])).toEqual({ enabled: false, weights: [10, 90], phase: 3 });
    step({ kind: 'start' });
    expect(liveState(HERO, entries['xp:hero'])).toEqual({ enabled: true, weights: [10, 90], phase: 4 });
    expect(readHistory(HERO, entries['xh:hero']).map((r) => r.p)).toEqual([0, 1, 2, 3, 4]);
  });

  it.each<[string, Change]>([
    ['stop a stopped experiment', { kind: 'stop' }],
    ['re-weight to the same weights', { kind: 'weights', weights: [1, 1] }],
  ])('writes nothing (no new phase) to %s', (_, change) => {
    const outcome = plan(stateOf(HERO, { 'xp:hero': '{"on":false,"w":[1,1],"p":2}' }), change, 0);
    expect(outcome).toEqual({ written: false, message: expect.stringContaining('nothing written') });
  });

  it('refuses to start an experiment edge.config.ts disables: the build checked none of its pages', () => {
    const off = experiment('off', [1, 1], false);
    expect(() => plan(stateOf(off), { kind: 'start' }, 0)).toThrow("enabled: false), got: 'start off'");
  });

  it('keeps the history within the store value limit, dropping the oldest phases', () => {
    const wide = experiment(
      'wide',
      Array.from({ length: 8 }, () => MAX_LIVE_WEIGHT),
    );
    let entries: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      const weights = wide.variants.map((_, k) => MAX_LIVE_WEIGHT - ((i + k) % 7));
      entries = { ...entries, ...after(stateOf(wide, entries), { kind: 'weights', weights }) };
    }
    const value = entries['xh:wide']!;
    expect(Buffer.byteLength(value)).toBeLessThanOrEqual(KVS_MAX_VALUE_BYTES);
    const phases = readHistory(wide, value).map((r) => r.p);
    expect(phases[phases.length - 1]).toBe(40);
    expect(phases.length).toBeGreaterThan(3);
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
  });
});

describe('readHistory', () => {
  it('keeps the valid records of a hostile value and drops the rest', () => {
    const value = JSON.stringify([
      { on: true, w: [1, 1], p: 0 },
      { on: true, w: [1], p: 1 },
      null,
      'x',
      { on: true, w: [2, 2], p: 2, t: -5 },
      { on: false, w: [3, 3], p: 3, t: 7 },
    ]);
    expect(readHistory(HERO, value)).toEqual([
      { on: true, w: [1, 1], p: 0 },
      { on: true, w: [2, 2], p: 2 },
      { on: false, w: [3, 3], p: 3, t: 7 },
    ]);
    expect(readHistory(HERO, '{"on":true}')).toEqual([]);
    expect(readHistory(HERO, 'not json')).toEqual([]);
    expect(readHistory(HERO, undefined)).toEqual([]);
  });
});
