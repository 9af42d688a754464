/**
 * Enrollment and conversion totals per experiment → phase → variant (→ goal), whatever the source. A
 * conversion belongs to the phase of the enrollment it names: a visitor enrolled in phase 1 who converts
 * after a re-weight still counts in phase 1, so no phase mixes two populations. Conversions are placed
 * when the totals are first read, once every line is in (a conversion may be read before its enrollment);
 * one whose enrollment the input lacks keeps the phase its own line carries.
 */
import type { MetricRecord } from '../edge-functions/shared/log-parse';
import type { ReportConfig } from './types';
import { Unconfigured } from './unconfigured';

export interface VariantTotals {
  enrolled: number;
  readonly conversions: Map<string, number>;
}

/** What became of a record: counted, already counted (a duplicate), or naming what is not configured. */
export type AddResult = 'counted' | 'duplicate' | 'unconfigured';

/** One phase of one experiment: its totals over every variant. */
export interface PhaseTotals {
  readonly phase: number;
  readonly enrolled: number;
  readonly conversions: number;
}

const key = (...parts: string[]): string => parts.join('\u0000');

export class Counts {
  private readonly data = new Map<string, Map<number, Map<string, VariantTotals>>>();
  /** (experiment, enrollment) → the phase it was enrolled in; also how a repeated enrollment is found. */
  private readonly enrolledIn = new Map<string, number>();
  /** (experiment, enrollment, goal) already counted: a replayed beacon or a line in two files counts once. */
  private readonly converted = new Set<string>();
  /** Conversions naming an enrollment, placed in its phase when the totals are read. */
  private pending: MetricRecord[] = [];
  /**
   * With a configuration, records naming anything it does not define are not kept, only noted (bounded):
   * logs full of foreign names cannot fill memory. Without one, everything is kept (CloudWatch's sums).
   */
  readonly unconfigured: Unconfigured | null;

  constructor(config?: ReportConfig) {
    this.unconfigured = config ? new Unconfigured(config) : null;
  }

  /**
   * Count a record. One that names its enrollment counts once per (experiment, enrollment) for
   * `Enrollments` and once per (experiment, enrollment, goal) for `Conversions`.
   */
  add(record: MetricRecord): AddResult {
    if (this.unconfigured && !this.unconfigured.check(record, record.value)) return 'unconfigured';
    const id = record.enrollment;
    if (id !== undefined && record.metric === 'Enrollments') {
      const k = key(record.experiment, id);
      if (this.enrolledIn.has(k)) return 'duplicate';
      this.enrolledIn.set(k, record.phase ?? 0);
    } else if (id !== undefined && record.goal !== undefined) {
      const k = key(record.experiment, id, record.goal);
      if (this.converted.has(k)) return 'duplicate';
      this.converted.add(k);
      this.pending.push(record);
      return 'counted';
    }
    this.place(record, record.phase ?? 0);
    return 'counted';
  }

  /** Totals for one arm in one phase; zeros when nothing was seen for it. */
  get(
    experiment: string,
    variant: string,
    phase = 0,
  ): { readonly enrolled: number; conversions(goal: string): number } {
    const t = this.settled().get(experiment)?.get(phase)?.get(variant);
    return { enrolled: t?.enrolled ?? 0, conversions: (goal) => t?.conversions.get(goal) ?? 0 };
  }

  /** The phases an experiment has any count in, oldest first, with their totals. */
  phases(experiment: string): PhaseTotals[] {
    const phases = this.settled().get(experiment) ?? new Map<number, Map<string, VariantTotals>>();
    return [...phases]
      .map(([phase, variants]) => {
        let enrolled = 0;
        let conversions = 0;
        for (const t of variants.values()) {
          enrolled += t.enrolled;
          for (const n of t.conversions.values()) conversions += n;
        }
        return { phase, enrolled, conversions };
      })
      .sort((a, b) => a.phase - b.phase);
  }

  /** Every arm kept, per phase, with its totals, to report the names the configuration does not know. */
  *arms(): Iterable<{ experiment: string; variant: string; totals: Readonly<VariantTotals> }> {
    for (const [experiment, phases] of this.settled())
      for (const variants of phases.values())
        for (const [variant, totals] of variants) yield { experiment, variant, totals };
  }

  private settled(): Map<string, Map<number, Map<string, VariantTotals>>> {
    for (const r of this.pending)
      this.place(r, this.enrolledIn.get(key(r.experiment, r.enrollment!)) ?? r.phase ?? 0);
    this.pending = [];
    return this.data;
  }

  private place(record: MetricRecord, phase: number): void {
    const totals = this.totals(record.experiment, phase, record.variant);
    if (record.metric === 'Enrollments') totals.enrolled += record.value;
    else if (record.goal !== undefined)
      totals.conversions.set(record.goal, (totals.conversions.get(record.goal) ?? 0) + record.value);
  }

  private totals(experiment: string, phase: number, variant: string): VariantTotals {
    let phases = this.data.get(experiment);
    if (!phases) this.data.set(experiment, (phases = new Map()));
    let variants = phases.get(phase);
    if (!variants) phases.set(phase, (variants = new Map()));
    let totals = variants.get(variant);
    if (!totals) variants.set(variant, (totals = { enrolled: 0, conversions: new Map() }));
    return totals;
  }
}
