/**
 * The KeyValueStore's contents as this service writes them: the seed `npm run experiments -- sync` brings a
 * store to (in place, at every deploy: `experiments/sync.ts`) and the local CloudFront starts from, and the
 * local store file (`LOCAL_KVS_FILE`) that `npm run experiments` rewrites and the local CloudFront reads on
 * every request, in the shape of a KeyValueStore import, `{"data":[{"key":…,"value":…}]}`.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/kvs-with-functions-create-s3-kvp.html
 * Limits (key 512 bytes, value 1 KB, store 5 MB):
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-keyvaluestores
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { localeMatch } from './locale-table';
import { localeRows } from './locale-rows';
import * as path from 'node:path';
import {
  BASELINE_KEY_PREFIX,
  EXPERIMENT_KEY_PREFIX,
  KVS_MAX_KEY_BYTES,
  KVS_MAX_STORE_BYTES,
  KVS_MAX_VALUE_BYTES,
  LOCAL_KVS_FILE,
  type LiveEntry,
} from '../cloudfront-functions/contract';
import type { SiteConfig } from '../config/schema';

export interface KvsEntry {
  readonly key: string;
  readonly value: string;
}

/** A KeyValueStore import file. */
export interface KvsImport {
  readonly data: readonly KvsEntry[];
}

/** What the seed is made from. */
export type SeedConfig = Pick<SiteConfig, 'experiments' | 'locales'>;

/** `xp:<id>`. */
export const experimentKey = (id: string): string => `${EXPERIMENT_KEY_PREFIX}${id}`;

/** A `LiveEntry` as stored: compact JSON, keys in the contract's order. */
export const liveEntryValue = (entry: LiveEntry): string =>
  JSON.stringify({ on: entry.on, w: entry.w, p: entry.p });

/** `xb:<id>`. */
export const baselineKey = (id: string): string => `${BASELINE_KEY_PREFIX}${id}`;

/** An experiment's on/off and weights as `edge.config.ts` sets them: its `xb:` value. */
export const baselineValue = (e: SeedConfig['experiments']['list'][number]): string =>
  JSON.stringify({ on: e.enabled, w: e.variants.map((v) => v.weight) });

/** Every experiment as `edge.config.ts` bakes it, phase 0, and the baseline a later sync compares with. */
function experimentEntries(config: SeedConfig): KvsEntry[] {
  return config.experiments.list.flatMap((e) => [
    {
      key: experimentKey(e.id),
      value: liveEntryValue({ on: e.enabled, w: e.variants.map((v) => v.weight), p: 0 }),
    },
    { key: baselineKey(e.id), value: baselineValue(e) },
  ]);
}

/** The `Accept-Language` table's rows (`lt:<key>`), which CloudFront Functions read instead of baking them. */
const localeEntries = (config: SeedConfig): KvsEntry[] => [...localeRows(localeMatch(config.locales).table)];

/** The seed's sources, in order: each returns the entries of one key prefix. */
const SEED_SOURCES: readonly ((config: SeedConfig) => KvsEntry[])[] = [experimentEntries, localeEntries];

/** A seed that does not fit the store's limits: every problem, each naming its key. */
export class KvsSeedError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The KeyValueStore seed does not fit:\n  - ${problems.join('\n  - ')}`);
    this.name = 'KvsSeedError';
  }
}

/** What the store holds at deploy: every source's entries, checked against the store's limits. */
export function seedEntries(config: SeedConfig): KvsEntry[] {
  const entries = SEED_SOURCES.flatMap((source) => source(config));
  const problems = storeProblems(entries);
  if (problems.length > 0) throw new KvsSeedError(problems);
  return entries;
}

/**
 * What a new store holds: the seed `npm run experiments -- sync` writes into an empty one (at the first
 * deploy) and the local CloudFront reads while its store file is missing.
 */
export const kvsSeed = seedEntries;

/** The seed as the store holds it: key → value. */
export const seedMap = (config: SeedConfig): Map<string, string> =>
  new Map(seedEntries(config).map((e): [string, string] => [e.key, e.value]));

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Each key or value over its limit, a key twice, or a store over 5 MB: one message each. */
export function storeProblems(entries: readonly KvsEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const { key, value } of entries) {
    if (bytes(key) > KVS_MAX_KEY_BYTES)
      problems.push(
        `key '${key.slice(0, 40)}…' is ${bytes(key)} bytes, the store allows ${KVS_MAX_KEY_BYTES}`,
      );
    if (bytes(value) > KVS_MAX_VALUE_BYTES)
      problems.push(`value of '${key}' is ${bytes(value)} bytes, the store allows ${KVS_MAX_VALUE_BYTES}`);
    if (seen.has(key)) problems.push(`key '${key}' appears twice`);
    seen.add(key);
    total += bytes(key) + bytes(value);
  }
  if (total > KVS_MAX_STORE_BYTES)
    problems.push(`the entries take ${total} bytes, the store allows ${KVS_MAX_STORE_BYTES}`);
  return problems;
}

/** The import file's text: keys sorted, so a diff of two versions reads well. */
export function storeText(entries: Iterable<KvsEntry>): string {
  const data = [...entries].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return `${JSON.stringify({ data } satisfies KvsImport, null, 1)}\n`;
}

/** The local store of the configuration file `configFile`: `LOCAL_KVS_FILE` beside it. */
export const localStorePath = (configFile: string): string =>
  path.join(path.dirname(configFile), ...LOCAL_KVS_FILE.split('/'));

/**
 * The local store's entries, or null when the file does not exist. A file that is not an import file
 * throws, naming it and the fix.
 */
export function readLocalStore(file: string): Map<string, string> | null {
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: not JSON (${err instanceof Error ? err.message : String(err)}); ${REMEDY}`, {
      cause: err,
    });
  }
  const data = (parsed as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) throw new Error(`${file}: must be {"data":[{"key":…,"value":…}]}; ${REMEDY}`);
  const entries = new Map<string, string>();
  data.forEach((row: { key?: unknown; value?: unknown } | null, i) => {
    if (typeof row?.key !== 'string' || typeof row.value !== 'string')
      throw new Error(
        `${file}: data[${i}] must be {"key":"…","value":"…"}, got: '${JSON.stringify(row)}'; ${REMEDY}`,
      );
    entries.set(row.key, row.value);
  });
  return entries;
}

const REMEDY = 'delete it, and the local store starts again from edge.config.ts (phase 0)';

/**
 * Replaces the local store at once: written to a temporary file beside it, then renamed over it, so a reader
 * (the local CloudFront, on every request) sees the old file or the new one, never half of one.
 */
export function writeLocalStore(file: string, entries: ReadonlyMap<string, string>): void {
  const list = [...entries].map(([key, value]) => ({ key, value }));
  const problems = storeProblems(list);
  if (problems.length > 0) throw new Error(`${file}: not written:\n  - ${problems.join('\n  - ')}`);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    writeFileSync(temp, storeText(list), { flag: 'wx' });
    renameSync(temp, file);
  } finally {
    rmSync(temp, { force: true });
  }
}
