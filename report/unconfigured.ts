/**
 * Names found in the data that the configuration does not define: never counted, listed so a typo or a
 * retired experiment is noticed. Memory stays bounded whatever the logs hold: at most
 * MAX_UNCONFIGURED_NAMES distinct names are kept, and what names the others carry is only summed up.
 */
import type { ReportConfig } from './types';

/** Distinct unconfigured names kept and listed; beyond it only the counts they carry are totalled. */
export const MAX_UNCONFIGURED_NAMES = 100;

/** What a record names: an enrollment has no goal. */
export interface Named {
  readonly experiment: string;
  readonly variant: string;
  readonly goal?: string;
}

export class Unconfigured {
  private readonly kept = new Set<string>();
  /** Enrollments and conversions (their values) under names beyond the ones kept. */
  other = 0;
  private readonly variants = new Map<string, ReadonlySet<string>>();
  private readonly goals: ReadonlySet<string>;

  constructor(config: ReportConfig) {
    for (const e of config.experiments) this.variants.set(e.id, new Set(e.variants.map((v) => v.name)));
    this.goals = new Set(config.goals.map((g) => g.id));
  }

  /**
   * True when the experiment, variant and goal are all configured. Otherwise their unconfigured names are
   * kept while there is room, and `value` is added to `other` when one of them could not be.
   */
  check(record: Named, value: number): boolean {
    const names = this.namesOf(record);
    if (names.length === 0) return true;
    // Every name gets its chance to be kept, even after one did not fit.
    if (names.map((name) => this.keep(name)).includes(false)) this.other += value;
    return false;
  }

  /** Adds what another tracker kept (the names seen while reading) to this one, which should be empty. */
  merge(from: Unconfigured): void {
    for (const name of from.kept) this.keep(name);
    this.other += from.other;
  }

  /** The kept names, sorted. */
  list(): string[] {
    return [...this.kept].sort();
  }

  /** False when the name is not kept (no room left). */
  private keep(name: string): boolean {
    if (this.kept.size < MAX_UNCONFIGURED_NAMES) this.kept.add(name);
    return this.kept.has(name);
  }

  private namesOf({ experiment, variant, goal }: Named): string[] {
    const names: string[] = [];
    const variants = this.variants.get(experiment);
    if (!variants) names.push(`experiment "${experiment}"`);
    else if (!variants.has(variant)) names.push(`variant "${experiment}/${variant}"`);
    if (goal !== undefined && !this.goals.has(goal)) names.push(`goal "${goal}"`);
    return names;
  }
}
