/**
 * Build time only: what the KeyValueStore holds when the stack creates it, from the configuration
 * (`cloudfront-functions/contract.ts` names the keys): `xp:<id>` → the experiment's live state as configured
 * (phase 0) and `lt:<key>` → one row of the `Accept-Language` table, which is too big for a 10 KB function.
 * Every entry is checked against the store's limits here, so a configuration that cannot fit fails synth
 * naming the key instead of failing the deploy.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-keyvaluestores
 */
import {
  EXPERIMENT_KEY_PREFIX,
  KVS_MAX_KEY_BYTES,
  KVS_MAX_STORE_BYTES,
  KVS_MAX_VALUE_BYTES,
  LOCALE_KEY_PREFIX,
  type LiveEntry,
} from '../cloudfront-functions/contract';
import type { SiteConfig } from '../config/schema';
import { localeMatch } from './locale-table';

export interface KvsEntry {
  readonly key: string;
  /** JSON text: the function reads every key with `{ format: 'json' }`. */
  readonly value: string;
}

export class KvsSeedError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The KeyValueStore seed does not fit:\n  - ${problems.join('\n  - ')}`);
    this.name = 'KvsSeedError';
  }
}

/** Every key the store starts with, `xp:` first, in the configuration's order; throws `KvsSeedError`. */
export function kvsSeed(config: SiteConfig): KvsEntry[] {
  const entries = [...experimentEntries(config), ...localeEntries(config)];
  const problems = limitProblems(entries);
  if (problems.length > 0) throw new KvsSeedError(problems);
  return entries;
}

/** `xp:<id>` → `{"on":…,"w":[…],"p":0}`: on = `enabled`, weights in the configured variants' order. */
function experimentEntries(config: SiteConfig): KvsEntry[] {
  return config.experiments.list.map((e) => {
    const live: LiveEntry = { on: e.enabled, w: e.variants.map((v) => v.weight), p: 0 };
    return { key: `${EXPERIMENT_KEY_PREFIX}${e.id}`, value: JSON.stringify(live) };
  });
}

/** `lt:<lower-case tag>` → the row `build/locale-table.ts` makes for it (`[index, distance, …]` or an alias). */
function localeEntries(config: SiteConfig): KvsEntry[] {
  return Object.entries(localeMatch(config.locales).table).map(([key, row]) => ({
    key: `${LOCALE_KEY_PREFIX}${key}`,
    value: JSON.stringify(row),
  }));
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** What makes an entry smaller. */
const fixFor = (key: string): string =>
  key.startsWith(EXPERIMENT_KEY_PREFIX) ? 'fewer variants' : 'fewer supported locales';

/** Each key and value within its limit, the keys unique, and the whole store within its size. */
function limitProblems(entries: readonly KvsEntry[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  let total = 0;
  for (const { key, value } of entries) {
    if (seen.has(key)) problems.push(`key '${key}' appears twice`);
    seen.add(key);
    if (bytes(key) > KVS_MAX_KEY_BYTES)
      problems.push(`key '${key}' is ${bytes(key)} bytes, the store allows ${KVS_MAX_KEY_BYTES}`);
    if (bytes(value) > KVS_MAX_VALUE_BYTES)
      problems.push(
        `the value of '${key}' is ${bytes(value)} bytes, the store allows ${KVS_MAX_VALUE_BYTES}: ${fixFor(key)}, got: ${value.slice(0, 60)}…`,
      );
    total += bytes(key) + bytes(value);
  }
  if (total > KVS_MAX_STORE_BYTES)
    problems.push(
      `the store would hold ${total} bytes, it allows ${KVS_MAX_STORE_BYTES}: fewer locales or experiments`,
    );
  return problems;
}
