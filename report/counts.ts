/** Enrollment and conversion totals per experiment → variant (→ goal), whatever the source. */
import type { MetricRecord } from './input/emf';

export interface VariantTotals {
  enrolled: number;
  readonly conversions: Map<string, number>;
}

export class Counts {
  private readonly data = new Map<string, Map<string, VariantTotals>>();
  /** (experiment, enrollment[, goal]) already counted: a replayed beacon or a line in two files counts once. */
  private readonly seen = new Set<string>();
  /** Lines that named an enrollment or conversion already counted. */
  duplicates = 0;

  /**
   * Count a record. One that names its enrollment counts once per (experiment, enrollment) for
   * `Enrollments` and once per (experiment, enrollment, goal) for `Conversions`.
   */
  add(record: MetricRecord): void {
    if (record.enrollment !== undefined) {
      const key = [record.metric, record.experiment, record.enrollment, record.goal ?? ''].join('\u0000');
      if (this.seen.has(key)) {
        this.duplicates++;
        return;
      }
      this.seen.add(key);
    }
    const totals = this.totals(record.experiment, record.variant);
    if (record.metric === 'Enrollments') totals.enrolled += record.value;
    else if (record.goal !== undefined)
      totals.conversions.set(record.goal, (totals.conversions.get(record.goal) ?? 0) + record.value);
  }

  /** Totals for one arm; zeros when nothing was seen for it. */
  get(experiment: string, variant: string): { readonly enrolled: number; conversions(goal: string): number } {
    const t = this.data.get(experiment)?.get(variant);
    return { enrolled: t?.enrolled ?? 0, conversions: (goal) => t?.conversions.get(goal) ?? 0 };
  }

  /** Every (experiment, variant, goal) seen, to report the names the configuration does not know. */
  *names(): Iterable<{ experiment: string; variant: string; goals: readonly string[] }> {
    for (const [experiment, variants] of this.data)
      for (const [variant, t] of variants) yield { experiment, variant, goals: [...t.conversions.keys()] };
  }

  private totals(experiment: string, variant: string): VariantTotals {
    let variants = this.data.get(experiment);
    if (!variants) this.data.set(experiment, (variants = new Map()));
    let totals = variants.get(variant);
    if (!totals) variants.set(variant, (totals = { enrolled: 0, conversions: new Map() }));
    return totals;
  }
}
