/**
 * From counts and configuration to the report: per experiment, the SRM check first, then per goal the
 * gate, each arm's rate, and each non-control variant against control with Holm-adjusted p-values.
 */
import type { ExperimentConfig } from '../edge-functions/config/schema';
import type { Counts } from './counts';
import { gate } from './gates';
import type { IngestSummary } from './input/ingest';
import { FIXED_HORIZON, type Boundary } from './stats/boundary';
import { sampleRatioMismatch, type SrmResult } from './stats/chi-square';
import { compareToControl, type Arm, type Uplift } from './stats/difference';
import { holmAdjust } from './stats/holm';
import { wilsonInterval } from './stats/wilson';
import type { ExperimentResult, GateResult, GoalResult, Report, ReportConfig } from './types';
import { Unconfigured } from './unconfigured';
import { verdict } from './verdict';

export interface AnalyseOptions {
  readonly boundary?: Boundary;
  readonly input?: IngestSummary | null;
}

export function analyse(counts: Counts, config: ReportConfig, options: AnalyseOptions = {}): Report {
  const boundary = options.boundary ?? FIXED_HORIZON;
  const goals = config.goals.map((g) => g.id);
  const names = unconfiguredNames(counts, config);
  return {
    method: boundary.kind,
    experiments: config.experiments.map((e) => analyseExperiment(new Arms(counts, e), goals, boundary)),
    skippedLines: options.input?.malformed ?? 0,
    input: options.input ?? null,
    unconfigured: names.list(),
    unconfiguredOther: names.other,
  };
}

/** One experiment's arms: index `control` is the baseline. */
class Arms {
  readonly control: number;
  constructor(
    private readonly counts: Counts,
    readonly config: ExperimentConfig,
  ) {
    this.control = config.variants.findIndex((v) => v.name === config.control);
    if (this.control < 0)
      throw new Error(`experiment "${config.id}": control "${config.control}" is not one of its variants`);
  }
  enrolled = (i: number): number => this.counts.get(this.config.id, this.config.variants[i]!.name).enrolled;
  arm = (i: number, goal: string): Arm => {
    const totals = this.counts.get(this.config.id, this.config.variants[i]!.name);
    return { enrolled: totals.enrolled, conversions: totals.conversions(goal) };
  };
}

interface Comparison {
  readonly uplift: Uplift | null;
  adjustedPValue: number | null;
}

function analyseExperiment(arms: Arms, goals: readonly string[], boundary: Boundary): ExperimentResult {
  const e = arms.config;
  const srm = sampleRatioMismatch(
    e.variants.map((_, i) => arms.enrolled(i)),
    e.variants.map((v) => v.weight),
  );
  const gates = goals.map((g) =>
    gate(
      arms.arm(arms.control, g),
      e.variants.map((_, i) => arms.arm(i, g)),
    ),
  );
  const comparisons = compareAll(arms, goals, boundary);
  const variants = e.variants.map((v, i) => {
    const results = goals.map((g, j): [string, GoalResult] => {
      const base = rateOf(arms.arm(i, g));
      const cmp = comparisons.get(`${i}/${j}`);
      return [g, cmp ? { ...base, ...compared(e.control, cmp, srm, gates[j]!) } : base];
    });
    return { name: v.name, weight: v.weight, enrolled: arms.enrolled(i), goals: Object.fromEntries(results) };
  });
  const gateTable = Object.fromEntries(goals.map((g, j) => [g, gates[j]!]));
  return { id: e.id, enabled: e.enabled, control: e.control, srm, gates: gateTable, variants };
}

/** Every non-control variant × goal comparison, Holm-adjusted as one family; keyed `variant/goal`. */
function compareAll(arms: Arms, goals: readonly string[], boundary: Boundary): Map<string, Comparison> {
  const family = new Map<string, Comparison>();
  arms.config.variants.forEach((_, i) => {
    if (i === arms.control) return;
    goals.forEach((g, j) => {
      const uplift = compareToControl(arms.arm(i, g), arms.arm(arms.control, g), boundary);
      family.set(`${i}/${j}`, { uplift, adjustedPValue: null });
    });
  });
  const list = [...family.values()];
  holmAdjust(list.map((c) => c.uplift?.pValue ?? null)).forEach((p, k) => (list[k]!.adjustedPValue = p));
  return family;
}

const rateOf = (a: Arm): GoalResult => ({
  conversions: a.conversions,
  rate: a.enrolled > 0 ? a.conversions / a.enrolled : null,
  ci: wilsonInterval(a.conversions, a.enrolled),
});

function compared(control: string, c: Comparison, srm: SrmResult, g: GateResult) {
  const u = c.uplift;
  return {
    uplift: { abs: u?.abs ?? null, absCi: u?.absCi ?? null, rel: u?.rel ?? null, relCi: u?.relCi ?? null },
    pValue: u?.pValue ?? null,
    adjustedPValue: c.adjustedPValue,
    verdict: verdict(control, u, c.adjustedPValue, srm, g),
  };
}

/**
 * Names seen in the data that the configuration does not define: those noted while reading (a Counts given
 * the configuration keeps none of their totals), and those among the arms kept (a Counts without one).
 */
function unconfiguredNames(counts: Counts, config: ReportConfig): Unconfigured {
  const names = new Unconfigured(config);
  if (counts.unconfigured) names.merge(counts.unconfigured);
  for (const { experiment, variant, totals } of counts.arms()) {
    names.check({ experiment, variant }, totals.enrolled);
    for (const [goal, n] of totals.conversions) names.check({ experiment, variant, goal }, n);
  }
  return names;
}
