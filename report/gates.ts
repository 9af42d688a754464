/**
 * Trust checks before any verdict. A sample-ratio mismatch overrides everything; then each arm needs
 * ≥ 100 visitors and ≥ 25 conversions for the goal before a p-value is worth reading (below that the
 * normal approximation and the interval's coverage are poor, and early peeks mostly show noise).
 */
import { visitorsPerArm } from './stats/sample-size';
import type { Arm } from './stats/difference';
import type { GateResult } from './types';

export const MIN_ENROLLED = 100;
export const MIN_CONVERSIONS = 25;
/** The lift the "visitors needed" estimate is sized for, at α = 0.05 and 80% power. */
export const DESIGN_LIFT = 0.1;

const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Gate for one goal across all arms; `control` is the baseline the sample size is computed from. */
export function gate(control: Arm, arms: readonly Arm[]): GateResult {
  // Impossible for conversions the edge issued proofs for: forged lines, or a window that cut enrollments off.
  if (arms.some((a) => a.conversions > a.enrolled))
    return {
      passed: false,
      moreVisitorsPerArm: null,
      message:
        "MORE CONVERSIONS THAN ENROLLMENTS in an arm: the logs are incomplete (a --since window that starts after the enrollments) or not the edge's, so no verdict",
    };
  if (arms.every((a) => a.enrolled >= MIN_ENROLLED && a.conversions >= MIN_CONVERSIONS))
    return { passed: true, moreVisitorsPerArm: null, message: null };
  const baseline = baselineRate(control, arms);
  if (baseline === null)
    return {
      passed: false,
      moreVisitorsPerArm: null,
      message: 'not enough data: no conversions yet, so the visitors needed cannot be estimated',
    };
  // A baseline above 1/1.1 leaves no room for a 10% lift: then only the gate's own minimums remain.
  const needed = visitorsPerArm(baseline, { relativeLift: DESIGN_LIFT }) ?? 0;
  // Enough visitors for the test and for the gate itself (100 visitors, 25 conversions at the arm's rate).
  const more = Math.max(
    1,
    ...arms.map((a) => {
      const rate = a.conversions > 0 ? a.conversions / a.enrolled : baseline;
      return Math.max(needed, MIN_ENROLLED, Math.ceil(MIN_CONVERSIONS / rate)) - a.enrolled;
    }),
  );
  return {
    passed: false,
    moreVisitorsPerArm: more,
    message: `not enough data: about ${count(more)} more visitors per arm to detect a 10% relative lift at 80% power`,
  };
}

/** The control's rate, or the pooled rate while control has none; null while nobody converted. */
function baselineRate(control: Arm, arms: readonly Arm[]): number | null {
  if (control.enrolled > 0 && control.conversions > 0) return control.conversions / control.enrolled;
  const enrolled = arms.reduce((s, a) => s + a.enrolled, 0);
  const conversions = arms.reduce((s, a) => s + a.conversions, 0);
  return enrolled > 0 && conversions > 0 ? conversions / enrolled : null;
}
