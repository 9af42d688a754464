/**
 * What a bench section is: a named measurement with its display tables, its targets and its raw data for
 * `bench/results.json`. `run.ts` only selects sections, runs them in order and prints what they return.
 */
import type { LoadedConfig } from '../../edge-functions/config/load';
import type { BenchSite } from '../site';

export type Row = Readonly<Record<string, string | number>>;

export interface Table {
  readonly title: string;
  readonly rows: readonly Row[];
}

export interface Target {
  readonly target: string;
  readonly value: string;
  readonly met: boolean;
}

export interface SectionResult<D = unknown> {
  readonly tables: readonly Table[];
  readonly targets: readonly Target[];
  /** Raw measurements, written to results.json and read by sections that depend on this one. */
  readonly data: D;
}

export interface BenchContext {
  /** The loaded `edge.config.ts` (or `EDGE_CONFIG`) and its site folder. */
  readonly loaded: LoadedConfig;
  readonly site: BenchSite;
  /** Where the shipped bundles are (`dist/`): what the sizes are measured on. */
  readonly shippedDir: string;
  /**
   * The bundles every other section runs: built from the same configuration with the bench's own signing
   * key (`signing.ts`, `site.signer`), so the trace's proofs of enrollment verify.
   */
  readonly outDir: string;
  /** `--quick`: shorter HTTP runs and traces. */
  readonly quick: boolean;
  /** Results of the sections run so far, by name. */
  readonly results: ReadonlyMap<string, SectionResult>;
}

export interface Section<D = unknown> {
  readonly name: string;
  /** Sections whose results this one reads; `run.ts` runs them first. */
  readonly needs?: readonly string[];
  run(ctx: BenchContext): Promise<SectionResult<D>>;
}

/** Numbers as the tables show them: two decimals. */
export const round2 = (n: number): number => Number(n.toFixed(2));

export const kb = (bytes: number): number => round2(bytes / 1024);
