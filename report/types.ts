/** The report's shape: what `--json` prints and what the table and the HTML page render. */
import type { ExperimentConfig } from '../edge-functions/config/schema';
import type { IngestSummary } from './input/ingest';
import type { Interval } from './stats/wilson';

/** What the report needs from the configuration (passed in; never read from a global). */
export interface ReportConfig {
  readonly experiments: readonly ExperimentConfig[];
  readonly goals: readonly { readonly id: string }[];
}

export interface UpliftResult {
  readonly abs: number | null;
  readonly absCi: Interval | null;
  /** null ("n/a") when the control rate is 0. */
  readonly rel: number | null;
  readonly relCi: Interval | null;
}

export interface GoalResult {
  readonly conversions: number;
  /** null for an arm nobody was enrolled in. */
  readonly rate: number | null;
  /** 95% Wilson interval of the rate. */
  readonly ci: Interval;
  /** Non-control variants only, as are the p-values and the verdict. */
  readonly uplift?: UpliftResult;
  readonly pValue?: number | null;
  /** Holm-adjusted across the experiment's (variants × goals) comparisons. */
  readonly adjustedPValue?: number | null;
  readonly verdict?: string;
}

export interface VariantResult {
  readonly name: string;
  /** The weight in the phase analysed; null when the phase's weights are unknown. */
  readonly weight: number | null;
  readonly enrolled: number;
  readonly goals: Readonly<Record<string, GoalResult>>;
}

export interface GateResult {
  /** True when every arm has ≥ 100 visitors and ≥ 25 conversions for the goal. */
  readonly passed: boolean;
  /** About how many more visitors each arm needs; null when passed or not estimable (no conversions). */
  readonly moreVisitorsPerArm: number | null;
  readonly message: string | null;
}

export interface SrmSummary {
  readonly pValue: number | null;
  readonly mismatch: boolean;
  readonly chiSquare: number | null;
}

/** One phase seen in the data: its totals over every variant and its own sample-ratio check. */
export interface PhaseSummary {
  readonly phase: number;
  readonly enrolled: number;
  readonly conversions: number;
  /** null when the phase's weights are unknown. */
  readonly srm: SrmSummary | null;
}

export interface ExperimentResult {
  readonly id: string;
  readonly enabled: boolean;
  readonly control: string;
  /** The phase analysed (report/phases.ts): the one asked for, else the latest with enrollments. */
  readonly phase: number;
  /**
   * Where that phase's weights come from: `configuration` (edge.config.ts, phase 0), `store` (the phase
   * history `npm run experiments` keeps), or null: unknown, so no sample-ratio check and no verdict.
   */
  readonly weightsFrom: 'configuration' | 'store' | null;
  /** Every phase the data has, oldest first, the one analysed included. */
  readonly phases: readonly PhaseSummary[];
  /** The sample-ratio check of the phase analysed. */
  readonly srm: SrmSummary;
  readonly gates: Readonly<Record<string, GateResult>>;
  readonly variants: readonly VariantResult[];
}

export interface Report {
  /** `fixed-horizon` (one planned look) or `sequential` (always-valid, safe to peek). */
  readonly method: 'fixed-horizon' | 'sequential';
  readonly experiments: readonly ExperimentResult[];
  /** Malformed log entries that were skipped. */
  readonly skippedLines: number;
  readonly input: IngestSummary | null;
  /**
   * Names found in the data that the configuration does not define (not counted anywhere): the first
   * MAX_UNCONFIGURED_NAMES (report/unconfigured.ts) seen, sorted.
   */
  readonly unconfigured: readonly string[];
  /** Enrollments and conversions under further unconfigured names, not listed (and not counted). */
  readonly unconfiguredOther: number;
}
