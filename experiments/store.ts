/**
 * Where `npm run experiments` reads and writes live state: the deployed KeyValueStore (`remote.ts`) or the
 * local CloudFront's store file. Both behave alike: a read returns the keys asked for and a version, and a
 * write applies all its entries at once, or fails with `StoreConflict` when the version moved meanwhile.
 */
import {
  readLocalStore,
  seedMap,
  type SeedConfig,
  storeText,
  writeLocalStore,
  type KvsEntry,
} from '../edge-functions/build/kvs-seed';

export interface StoreRead {
  readonly entries: ReadonlyMap<string, string>;
  /** The version the read saw; a write passes it back. */
  readonly version: string;
}

export interface Store {
  /** How messages name it: the file, or the ARN. */
  readonly name: string;
  read(keys: readonly string[]): Promise<StoreRead>;
  /** Every key and value, and the version (what `sync` compares with the configuration). */
  list(): Promise<StoreRead>;
  write(puts: readonly KvsEntry[], version: string, deletes?: readonly string[]): Promise<void>;
}

/** The store changed between a read and a write: read again and re-plan. */
export class StoreConflict extends Error {}

/**
 * The local CloudFront's store file. Without one yet, it reads as the seed (what a deploy imports), and the
 * first write creates it with the seed and the change. The version is the file's text.
 */
export class LocalStore implements Store {
  constructor(
    readonly file: string,
    private readonly config: SeedConfig,
  ) {}

  get name(): string {
    return this.file;
  }

  async read(keys: readonly string[]): Promise<StoreRead> {
    const all = this.all();
    const entries = new Map(keys.flatMap((k): [string, string][] => (all.has(k) ? [[k, all.get(k)!]] : [])));
    return { entries, version: this.version(all) };
  }

  async list(): Promise<StoreRead> {
    const all = this.all();
    return { entries: all, version: this.version(all) };
  }

  async write(puts: readonly KvsEntry[], version: string, deletes: readonly string[] = []): Promise<void> {
    const all = this.all();
    if (this.version(all) !== version) throw new StoreConflict(`${this.file} changed meanwhile`);
    for (const key of deletes) all.delete(key);
    for (const { key, value } of puts) all.set(key, value);
    writeLocalStore(this.file, all);
  }

  private all(): Map<string, string> {
    return readLocalStore(this.file) ?? seedMap(this.config);
  }

  private version(all: ReadonlyMap<string, string>): string {
    return storeText([...all].map(([key, value]) => ({ key, value })));
  }
}
