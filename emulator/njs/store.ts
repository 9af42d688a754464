/**
 * The local KeyValueStore file (`LOCAL_KVS_FILE`, the import format `{"data":[{"key","value"}]}`), read
 * afresh for every request so a change shows on the next one, with no restart. A missing file is the seed;
 * a malformed one is an error naming the file, the entry and the field, never a silent empty store.
 * Limits: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-keyvaluestores
 */
import { readFileSync, statSync } from 'node:fs';
import {
  KVS_MAX_KEY_BYTES,
  KVS_MAX_STORE_BYTES,
  KVS_MAX_VALUE_BYTES,
  type KvsData,
} from '../../edge-functions/cloudfront-functions/contract';

export class KvsFileError extends Error {
  readonly code = 'E_KVS_FILE';
  constructor(file: string, problem: string) {
    super(
      `The local KeyValueStore ${file} is not valid: ${problem}. Fix or delete the file (then the seed is used).`,
    );
    this.name = 'KvsFileError';
  }
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
const show = (v: unknown) => JSON.stringify(v)?.slice(0, 80) ?? String(v);

/** Check the import format and the KVS limits; returns the first problem, or undefined. */
export function kvsProblem(store: unknown): string | undefined {
  const data = (store as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return `expected {"data": [{"key": …, "value": …}]}, got: ${show(store)}`;
  const seen = new Set<string>();
  let total = 0;
  for (const [n, row] of data.entries()) {
    const { key, value } = (row ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key === '' || bytes(key) > KVS_MAX_KEY_BYTES)
      return `data[${n}].key must be a string of 1-${KVS_MAX_KEY_BYTES} bytes, got: ${show(key)}`;
    if (typeof value !== 'string' || bytes(value) > KVS_MAX_VALUE_BYTES)
      return `data[${n}].value (key '${key}') must be a string of at most ${KVS_MAX_VALUE_BYTES} bytes, got: ${show(value)}`;
    if (seen.has(key)) return `data[${n}].key '${key}' appears twice`;
    seen.add(key);
    total += bytes(key) + bytes(value);
  }
  if (total > KVS_MAX_STORE_BYTES) return `${total} bytes, over the ${KVS_MAX_STORE_BYTES}-byte store limit`;
  return undefined;
}

/** The store in `file` now, and when it changed; the seed (and now) while the file does not exist. */
export function readKvsFile(file: string, seed: () => KvsData): { store: KvsData; updated: Date } {
  let text: string;
  let updated: Date;
  try {
    text = readFileSync(file, 'utf8');
    updated = statSync(file).mtime;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { store: seed(), updated: new Date() };
    throw new KvsFileError(file, (err as Error).message);
  }
  let store: unknown;
  try {
    store = JSON.parse(text);
  } catch (err) {
    throw new KvsFileError(file, `not JSON (${(err as Error).message})`);
  }
  const problem = kvsProblem(store);
  if (problem) throw new KvsFileError(file, problem);
  return { store: store as KvsData, updated };
}
