/**
 * `npm run experiments` end to end on the local store (a temporary folder stands in for the one beside
 * edge.config.ts): what it prints, its exit codes, the file it writes, and that the function's own reader
 * (`liveState`) sees each change. The deployed store is in remote.test.ts.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { localStorePath, readLocalStore, seedEntries, seedMap } from '../../edge-functions/build/kvs-seed';
import { loadConfig, type LoadedConfig } from '../../edge-functions/config/load';
import { liveState } from '../../edge-functions/shared/live';
import { main } from '../../experiments';
import { LocalStore } from '../../experiments/store';
import { StoreConflict } from '../../experiments/store';
import { configFileOf, FIXTURES } from '../support/fixtures';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fixture's configuration, as if its edge.config.ts lived in a fresh folder. */
function loadedIn(name: string): LoadedConfig {
  const dir = mkdtempSync(path.join(tmpdir(), 'experiments-cli-'));
  dirs.push(dir);
  return { ...loadConfig(configFileOf(name)), file: path.join(dir, 'edge.config.ts') };
}

async function run(argv: string[], loaded: LoadedConfig) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    loaded,
    now: () => 1_800_000_000_000,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe.each(FIXTURES)('npm run experiments on the local store (%s)', (name) => {
  const first = loadConfig(configFileOf(name)).config.experiments.list[0]!;
  const names = first.variants.map((v) => v.name);

  it('reads a store that does not exist yet as the seed: every experiment as configured, phase 0', async () => {
    const loaded = loadedIn(name);
    const { code, stdout } = await run(['status'], loaded);
    expect(code).toBe(0);
    expect(stdout).toContain(`Store: ${localStorePath(loaded.file)}`);
    for (const e of loaded.config.experiments.list) expect(stdout).toMatch(new RegExp(`${e.id} .* 0  same`));
    expect(existsSync(localStorePath(loaded.file))).toBe(false);
  });

  it('stops, re-weights and starts, each a new phase the function reads at once', async () => {
    const loaded = loadedIn(name);
    const file = localStorePath(loaded.file);
    const seen = () => liveState(first, readLocalStore(file)!.get(`xp:${first.id}`));
    const weights = names.map((_, i) => (i === 0 ? 7 : 1));

    expect((await run(['stop', first.id], loaded)).code).toBe(0);
    expect(seen()).toEqual({ enabled: false, weights: first.variants.map((v) => v.weight), phase: 1 });
    const reweighted = await run(['weights', first.id, weights.join(',')], loaded);
    expect(reweighted.stdout).toContain(
      `stopped (weights ${names.map((n, i) => `${n} ${weights[i]}`).join(' · ')}, phase 2)`,
    );
    expect((await run(['start', first.id], loaded)).code).toBe(0);
    expect(seen()).toEqual({ enabled: true, weights, phase: 3 });

    const status = await run(['status', '--json'], loaded);
    const row = JSON.parse(status.stdout).find((r: { id: string }) => r.id === first.id);
    expect(row).toMatchObject({ on: true, phase: 3, problem: null });
    expect(row.differs).toEqual([expect.stringContaining('edge.config.ts has weights')]);
    // The other experiments keep their seed; no temporary file is left beside the store.
    for (const e of loaded.config.experiments.list.slice(1))
      expect(liveState(e, readLocalStore(file)!.get(`xp:${e.id}`)).phase).toBe(0);
    expect(readdirSync(path.dirname(file))).toEqual(['kvs.json']);
  });

  it('writes nothing and starts no phase for a change that changes nothing', async () => {
    const loaded = loadedIn(name);
    await run(['stop', first.id], loaded);
    const again = await run(['stop', first.id], loaded);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringContaining('nothing written') });
    expect(liveState(first, readLocalStore(localStorePath(loaded.file))!.get(`xp:${first.id}`)).phase).toBe(
      1,
    );
  });
});

describe('npm run experiments -- sync on the local store', () => {
  it('brings a store written under an older configuration in line: new phase, live changes of others kept', async () => {
    const loaded = loadedIn('three-locales');
    const [pricing, blog] = loaded.config.experiments.list;
    const file = localStorePath(loaded.file);
    await run(['stop', blog!.id], loaded);
    // edge.config.ts then changes: pricing re-weighted, a locale dropped.
    const changed: LoadedConfig = {
      ...loaded,
      config: {
        ...loaded.config,
        locales: { ...loaded.config.locales, supported: ['en', 'ja'] },
        experiments: {
          ...loaded.config.experiments,
          list: [{ ...pricing!, variants: pricing!.variants.map((v) => ({ ...v, weight: 1 })) }, blog!],
        },
      },
    };
    const { code, stdout } = await run(['sync'], changed);
    expect(code).toBe(0);
    expect(stdout).toContain(`${pricing!.id}: configuration changed since the last sync, now on`);
    const after = readLocalStore(file)!;
    expect(liveState(pricing!, after.get(`xp:${pricing!.id}`))).toEqual({
      enabled: true,
      weights: [1, 1, 1],
      phase: 1,
    });
    expect(liveState(blog!, after.get(`xp:${blog!.id}`))).toMatchObject({ enabled: false, phase: 1 });
    const rows = (m: Map<string, string>) => [...m].filter(([k]) => k.startsWith('lt:')).sort();
    expect(rows(after)).toEqual(rows(seedMap(changed.config)));
    expect((await run(['sync'], changed)).stdout).toContain('nothing written');
  });
});

describe('npm run experiments refuses, naming the value and the fix', () => {
  const loaded = loadedIn('demo');

  it.each([
    [['stop', 'nope'], "no experiment 'nope' in edge.config.ts, got: 'nope'; use one of: home-hero"],
    [['weights', 'home-hero', '70'], "got: '70'; give one whole number per variant (control, bold)"],
    [['weights', 'home-hero', '0,0'], 'must not all be 0'],
  ])('%j', async (argv, message) => {
    const { code, stderr } = await run(argv, loaded);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(existsSync(localStorePath(loaded.file))).toBe(false);
  });

  it.each([
    [['frobnicate'], "unknown command, got: 'frobnicate'"],
    [['stop'], 'stop needs an experiment id'],
    [['weights', 'home-hero'], 'weights needs the weights'],
    [['status', '--local', '--remote'], 'use one of --local, --remote and --kvs'],
    [['status', '--bogus'], "Unknown option '--bogus'"],
  ])('usage %j', async (argv, message) => {
    const { code, stderr } = await run(argv, loaded);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage: npm run experiments');
  });

  it('accepts the weights as separate numbers too', async () => {
    const mine = loadedIn('demo');
    expect((await run(['weights', 'home-hero', '60', '40'], mine)).stdout).toContain('control 60 · bold 40');
  });

  it('refuses the deployed store while the viewer runs on Lambda@Edge, which reads none', async () => {
    const { code, stderr } = await run(['stop', 'home-hero', '--remote'], loaded);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "viewer.runtime in edge.config.ts is not 'cloudfront-functions', got: 'lambda-edge'",
    );
  });

  it('refuses a store file that is not a KeyValueStore import, and leaves it alone', async () => {
    const mine = loadedIn('demo');
    const file = localStorePath(mine.file);
    await run(['stop', 'home-hero'], mine);
    writeFileSync(file, '{"data":[{"key":"xp:home-hero"}]}');
    const { code, stderr } = await run(['start', 'home-hero'], mine);
    expect(code).toBe(1);
    expect(stderr).toContain('data[0] must be {"key":"…","value":"…"}');
    expect(stderr).toContain('delete it');
  });
});

describe('LocalStore', () => {
  it('refuses a write whose read is stale: another writer came first', async () => {
    const loaded = loadedIn('demo');
    const store = new LocalStore(localStorePath(loaded.file), loaded.config);
    const stale = await store.read(['xp:home-hero']);
    await store.write([{ key: 'xp:home-hero', value: '{"on":false,"w":[1,1],"p":1}' }], stale.version);
    await expect(store.write([{ key: 'x', value: 'y' }], stale.version)).rejects.toBeInstanceOf(
      StoreConflict,
    );
    expect(readLocalStore(localStorePath(loaded.file))!.has('x')).toBe(false);
  });

  it('writes the seed as the deploy would import it, plus the change', async () => {
    const loaded = loadedIn('four-locales');
    const store = new LocalStore(localStorePath(loaded.file), loaded.config);
    await store.write([{ key: 'xh:z', value: '[]' }], (await store.read([])).version);
    const all = readLocalStore(localStorePath(loaded.file))!;
    expect([...all.keys()].sort()).toEqual([...seedEntries(loaded.config).map((e) => e.key), 'xh:z'].sort());
  });
});
