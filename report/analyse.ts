/**
 * From counts and configuration to the report: per experiment, one phase (`phases.ts`), the SRM check
 * first, then per goal the gate, each arm's rate, and each non-control variant against control with
 * Holm-adjusted p-values. An arm the phase gives weight 0 is neither gated nor compared.
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
import { choosePhase, configurationWeights, type PhaseChoice, type PhaseWeights } from './phases';
import type { ExperimentResult, GateResult, GoalResult, PhaseSummary, Report, ReportConfig } from './types';
import { Unconfigured } from './unconfigured';
import { verdict } from './verdict';

export interface AnalyseOptions {
  readonly boundary?: Boundary;
  readonly input?: IngestSummary | null;
  /** The phase to analyse per experiment; the latest with enrollments by default. */
  readonly phase?: PhaseChoice;
  /** Each phase's weights; `configurationWeights` (phase 0 only) by default. */
  readonly phaseWeights?: PhaseWeights;
}

export function analyse(counts: Counts, config: ReportConfig, options: AnalyseOptions = {}): Report {
  const boundary = options.boundary ?? FIXED_HORIZON;
  const goals = config.goals.map((g) => g.id);
  const names = unconfiguredNames(counts, config);
  return {
    method: boundary.kind,
    experiments: config.experiments.map((e) => analysePhase(counts, e, goals, boundary, options)),
    skippedLines: options.input?.malformed ?? 0,
    input: options.input ?? null,
    unconfigured: names.list(),
    unconfiguredOther: names.other,
  };
}

/** One experiment's arms in one phase: index `control` is the baseline; `active` arms have weight > 0. */
class Arms {
  readonly control: number;
  constructor(
    private readonly counts: Counts,
    readonly config: ExperimentConfig,
    readonly phase: number,
    readonly weights: readonly number[] | null,
  ) {
    this.control = config.variants.findIndex((v) => v.name === config.control);
    if (this.control < 0)
      throw new Error(`experiment "${config.id}": control "${config.control}" is not one of its variants`);
  }
  enrolled = (i: number): number => this.totals(i).enrolled;
  arm = (i: number, goal: string): Arm => {
    const totals = this.totals(i);
    return { enrolled: totals.enrolled, conversions: totals.conversions(goal) };
  };
  active = (i: number): boolean => this.weights === null || this.weights[i]! > 0;
  private totals = (i: number) => this.counts.get(this.config.id, this.config.variants[i]!.name, this.phase);
}

const UNCHECKED = { pValue: null, chiSquare: null, mismatch: false } as const;

/** The phase chosen for `e`, every phase's summary, and the analysis of the chosen one. */
function analysePhase(
  counts: Counts,
  e: ExperimentConfig,
  goals: readonly string[],
  boundary: Boundary,
  options: AnalyseOptions,
): ExperimentResult {
  const weightsOf = options.phaseWeights ?? configurationWeights;
  const totals = counts.phases(e.id);
  const phase = choosePhase(totals, options.phase?.(e.id));
  const phases = totals.map((t): PhaseSummary => {
    const weights = weightsOf(e, t.phase)?.weights;
    const enrolled = e.variants.map((v) => counts.get(e.id, v.name, t.phase).enrolled);
    return { ...t, srm: weights ? sampleRatioMismatch(enrolled, weights) : null };
  });
  const found = weightsOf(e, phase);
  const arms = new Arms(counts, e, phase, found?.weights ?? null);
  return { ...analyseExperiment(arms, goals, boundary), phase, weightsFrom: found?.from ?? null, phases };
}

interface Comparison {
  readonly uplift: Uplift | null;
  adjustedPValue: number | null;
}

type PhaseFields = 'phase' | 'weightsFrom' | 'phases';

function analyseExperiment(
  arms: Arms,
  goals: readonly string[],
  boundary: Boundary,
): Omit<ExperimentResult, PhaseFields> {
  const e = arms.config;
  const weights = arms.weights;
  const srm = weights
    ? sampleRatioMismatch(
        e.variants.map((_, i) => arms.enrolled(i)),
        weights,
      )
    : UNCHECKED;
  const active = e.variants.map((_, i) => i).filter(arms.active);
  const gates = goals.map((g) =>
    gate(
      arms.arm(arms.control, g),
      active.map((i) => arms.arm(i, g)),
    ),
  );
  const comparisons = compareAll(arms, goals, boundary);
  const variants = e.variants.map((v, i) => {
    const results = goals.map((g, j): [string, GoalResult] => {
      const base = rateOf(arms.arm(i, g));
      const cmp = comparisons.get(`${i}/${j}`);
      if (cmp) return [g, { ...base, ...compared(e.control, cmp, srm, gates[j]!, arms) }];
      const absent = i !== arms.control && (!arms.active(i) || !arms.active(arms.control));
      return [g, absent ? { ...base, verdict: inactive(arms, i) } : base];
    });
    const weight = weights ? weights[i]! : null;
    return { name: v.name, weight, enrolled: arms.enrolled(i), goals: Object.fromEntries(results) };
  });
  const gateTable = Object.fromEntries(goals.map((g, j) => [g, gates[j]!]));
  return { id: e.id, enabled: e.enabled, control: e.control, srm, gates: gateTable, variants };
}

/** Every non-control variant × goal comparison, Holm-adjusted as one family; keyed `variant/goal`. */
function compareAll(arms: Arms, goals: readonly string[], boundary: Boundary): Map<string, Comparison> {
  const family = new Map<string, Comparison>();
  arms.config.variants.forEach((_, i) => {
    if (i === arms.control || !arms.active(i) || !arms.active(arms.control)) return;
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

function compared(control: string, c: Comparison, srm: SrmResult, g: GateResult, arms: Arms) {
  const u = c.uplift;
  const unknown = arms.weights === null ? unknownWeights(arms.phase) : undefined;
  return {
    uplift: { abs: u?.abs ?? null, absCi: u?.absCi ?? null, rel: u?.rel ?? null, relCi: u?.relCi ?? null },
    pValue: u?.pValue ?? null,
    adjustedPValue: c.adjustedPValue,
    verdict: unknown ?? verdict(control, u, c.adjustedPValue, srm, g),
  };
}

/** Without its weights, a phase's sample ratio cannot be checked, and no verdict goes unchecked. */
const unknownWeights = (phase: number): string =>
  `no verdict: the weights of phase ${phase} are unknown, so its sample ratio cannot be checked; give the store they are in (--kvs <arn> or --remote)`;

const inactive = (arms: Arms, i: number): string =>
  arms.active(arms.control)
    ? `no comparison: ${arms.config.variants[i]!.name} has weight 0 in phase ${arms.phase}`
    : `no comparison: the control has weight 0 in phase ${arms.phase}`;

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
