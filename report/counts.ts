/** Enrollment and conversion totals per experiment → variant (→ goal), whatever the source. */
import type { MetricRecord } from '../edge-functions/shared/log-parse';
import type { ReportConfig } from './types';
import { Unconfigured } from './unconfigured';

export interface VariantTotals {
  enrolled: number;
  readonly conversions: Map<string, number>;
}

/** What became of a record: counted, already counted (a duplicate), or naming what is not configured. */
export type AddResult = 'counted' | 'duplicate' | 'unconfigured';

export class Counts {
  private readonly data = new Map<string, Map<string, VariantTotals>>();
  /** (experiment, enrollment[, goal]) already counted: a replayed beacon or a line in two files counts once. */
  private readonly seen = new Set<string>();
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
    if (record.enrollment !== undefined) {
      const key = [record.metric, record.experiment, record.enrollment, record.goal ?? ''].join('\u0000');
      if (this.seen.has(key)) return 'duplicate';
      this.seen.add(key);
    }
    const totals = this.totals(record.experiment, record.variant);
    if (record.metric === 'Enrollments') totals.enrolled += record.value;
    else if (record.goal !== undefined)
      totals.conversions.set(record.goal, (totals.conversions.get(record.goal) ?? 0) + record.value);
    return 'counted';
  }

  /** Totals for one arm; zeros when nothing was seen for it. */
  get(experiment: string, variant: string): { readonly enrolled: number; conversions(goal: string): number } {
    const t = this.data.get(experiment)?.get(variant);
    return { enrolled: t?.enrolled ?? 0, conversions: (goal) => t?.conversions.get(goal) ?? 0 };
  }

  /** Every arm kept, with its totals, to report the names the configuration does not know. */
  *arms(): Iterable<{ experiment: string; variant: string; totals: Readonly<VariantTotals> }> {
    for (const [experiment, variants] of this.data)
      for (const [variant, totals] of variants) yield { experiment, variant, totals };
  }

  private totals(experiment: string, variant: string): VariantTotals {
    let variants = this.data.get(experiment);
    if (!variants) this.data.set(experiment, (variants = new Map()));
    let totals = variants.get(variant);
    if (!totals) variants.set(variant, (totals = { enrolled: 0, conversions: new Map() }));
    return totals;
  }
}
