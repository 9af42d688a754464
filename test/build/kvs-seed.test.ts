/**
 * The KeyValueStore seed and the local store file: the seed is what the function reads as `edge.config.ts`'s
 * own values (phase 0, no warning), the store's limits are enforced before anything is written, the file
 * is read strictly, and a reader in another process never sees half a write.
 */
import { spawn } from 'node:child_process';
import { localeMatch } from '../../edge-functions/build/locale-table';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  KVS_MAX_KEY_BYTES,
  KVS_MAX_STORE_BYTES,
  KVS_MAX_VALUE_BYTES,
} from '../../edge-functions/cloudfront-functions/contract';
import {
  localStorePath,
  readLocalStore,
  seedEntries,
  storeProblems,
  storeText,
  writeLocalStore,
} from '../../edge-functions/build/kvs-seed';
import { liveState } from '../../edge-functions/shared/live';
import { fixture, FIXTURES } from '../support/fixtures';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'kvs-seed-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(FIXTURES)('seedEntries (%s)', (name) => {
  const { config } = fixture(name);

  it('holds one xp:<id> per experiment that the function reads as the baked values, phase 0', () => {
    const seed = seedEntries(config).filter((e) => e.key.startsWith('xp:'));
    expect(seed.map((e) => e.key)).toEqual(config.experiments.list.map((e) => `xp:${e.id}`));
    config.experiments.list.forEach((e, i) =>
      expect(liveState(e, seed[i]!.value)).toEqual({
        enabled: e.enabled,
        weights: e.variants.map((v) => v.weight),
        phase: 0,
      }),
    );
  });

  it('holds every row of the locale table Lambda@Edge bakes, as lt:<key>', () => {
    const rows = seedEntries(config).filter((e) => e.key.startsWith('lt:'));
    const table = localeMatch(config.locales).table;
    expect(rows).toHaveLength(Object.keys(table).length);
    for (const r of rows) expect(JSON.parse(r.value)).toEqual(table[r.key.slice(3)]);
  });

  it('is a KeyValueStore import file once written, read back entry for entry', () => {
    const file = localStorePath(path.join(tempDir(), 'edge.config.ts'));
    const seed = new Map(seedEntries(config).map((e): [string, string] => [e.key, e.value]));
    writeLocalStore(file, seed);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      data: [...seed].sort().map(([key, value]) => ({ key, value })),
    });
    expect(readLocalStore(file)).toEqual(seed);
  });
});

describe('storeProblems', () => {
  it.each([
    [
      'a key over the limit',
      [{ key: 'k'.repeat(KVS_MAX_KEY_BYTES + 1), value: '1' }],
      `the store allows ${KVS_MAX_KEY_BYTES}`,
    ],
    [
      'a value over the limit in UTF-8 bytes',
      [{ key: 'k', value: 'é'.repeat(KVS_MAX_VALUE_BYTES / 2 + 1) }],
      `value of 'k' is ${KVS_MAX_VALUE_BYTES + 2} bytes`,
    ],
    [
      'a key twice',
      [
        { key: 'k', value: '1' },
        { key: 'k', value: '2' },
      ],
      "key 'k' appears twice",
    ],
    [
      'a store over 5 MB',
      Array.from({ length: 5300 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(1000) })),
      `the store allows ${KVS_MAX_STORE_BYTES}`,
    ],
  ])('names %s', (_, entries, message) => {
    expect(storeProblems(entries)).toEqual([expect.stringContaining(message)]);
  });

  it('accepts entries exactly at the limits', () => {
    expect(
      storeProblems([{ key: 'k'.repeat(KVS_MAX_KEY_BYTES), value: 'v'.repeat(KVS_MAX_VALUE_BYTES) }]),
    ).toEqual([]);
  });
});

describe('the local store file', () => {
  it('reads as null when it does not exist', () => {
    expect(readLocalStore(path.join(tempDir(), 'kvs.json'))).toBeNull();
  });

  it.each([
    ['not JSON', '{"data":', 'not JSON'],
    ['no data', '{"items":[]}', 'must be {"data":[{"key":…,"value":…}]}'],
    ['a row without a value', '{"data":[{"key":"xp:a"}]}', 'data[0] must be {"key":"…","value":"…"}'],
    ['a value that is not text', '{"data":[{"key":"xp:a","value":{"on":true}}]}', 'data[0] must be'],
    ['a null row', '{"data":[null]}', 'data[0] must be'],
  ])('refuses a file with %s, naming it and the fix', (_, text, message) => {
    const file = path.join(tempDir(), 'kvs.json');
    writeFileSync(file, text);
    expect(() => readLocalStore(file)).toThrow(message);
    expect(() => readLocalStore(file)).toThrow(`${file}:`);
    expect(() => readLocalStore(file)).toThrow('delete it');
  });

  it('is not written at all when an entry breaks a limit: the old file stays', () => {
    const file = path.join(tempDir(), 'kvs.json');
    writeLocalStore(file, new Map([['xp:a', '1']]));
    const before = readFileSync(file, 'utf8');
    expect(() => writeLocalStore(file, new Map([['xp:a', 'v'.repeat(KVS_MAX_VALUE_BYTES + 1)]]))).toThrow(
      'not written',
    );
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readdirSync(path.dirname(file))).toEqual(['kvs.json']);
  });

  it('is replaced whole: a reader in another process never sees a partial file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kvs.json');
    const stop = path.join(dir, 'stop');
    const big = (n: number) =>
      new Map(Array.from({ length: 200 }, (_, i): [string, string] => [`k${i}`, `${n}`.repeat(900)]));
    writeLocalStore(file, big(0));
    // Reads until told to stop, at least once; counts what did not parse as a whole import file.
    const reader = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); let reads = 0, torn = 0; process.stdout.write('ready\\n');
         do { reads++; try { const d = JSON.parse(fs.readFileSync(${JSON.stringify(file)}, 'utf8')).data;
           if (!Array.isArray(d) || d.length !== 200) torn++; } catch { torn++; } }
         while (!fs.existsSync(${JSON.stringify(stop)}));
         process.stdout.write(JSON.stringify({ reads, torn }));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    reader.stdout.on('data', (c: Buffer) => (out += c.toString()));
    await new Promise<void>((resolve) => reader.stdout.once('data', () => resolve()));
    for (let n = 1; n < 80; n++) writeLocalStore(file, big(n % 10));
    writeFileSync(stop, '');
    await new Promise((resolve) => reader.on('close', resolve));
    const { reads, torn } = JSON.parse(out.slice(out.indexOf('{')));
    expect(reads).toBeGreaterThan(0);
    expect(torn).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['kvs.json', 'stop']);
  });
});

describe('storeText', () => {
  it('sorts keys, so two versions of a store diff well', () => {
    expect(
      storeText([
        { key: 'b', value: '2' },
        { key: 'a', value: '1' },
      ]),
    ).toBe(
      '{\n "data": [\n  {\n   "key": "a",\n   "value": "1"\n  },\n  {\n   "key": "b",\n   "value": "2"\n  }\n ]\n}\n',
    );
  });
});
