/**
 * Sample-ratio mismatch: Pearson's χ² goodness-of-fit of enrollments against the configured split.
 * A mismatch means assignment or logging is broken, so no other number of the experiment can be trusted
 * (Fabijan et al., "Diagnosing Sample Ratio Mismatch in Online Controlled Experiments", KDD 2019).
 */
import gammainc from '@stdlib/math-base-special-gammainc';

/** SRM is declared at p < 0.001, the threshold Fabijan et al. recommend to keep false alarms rare. */
export const SRM_ALPHA = 0.001;
/** Below this many visitors expected in an arm the χ² approximation is too rough to raise an alarm. */
export const SRM_MIN_EXPECTED = 8;

/**
 * P(χ²ₖ > x) as the regularized upper incomplete gamma Q(k/2, x/2) — the survival function itself, not
 * 1 − cdf, so tiny p-values keep their digits.
 */
export function chiSquareSf(x: number, df: number): number {
  if (!(x > 0)) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

export interface SrmResult {
  /** null when the check could not run (fewer than two arms, or an arm below SRM_MIN_EXPECTED). */
  readonly pValue: number | null;
  /** null when not computed: the check could not run, or an arm of weight 0 has visitors (p = 0). */
  readonly chiSquare: number | null;
  readonly mismatch: boolean;
}

/**
 * χ² test of observed counts against the proportions weight ÷ Σweight. An arm of weight 0 (a phase that
 * sends it nobody) takes no part, unless it has visitors: that is a mismatch whatever the other counts.
 */
export function sampleRatioMismatch(observed: readonly number[], weights: readonly number[]): SrmResult {
  if (weights.some((w, i) => w === 0 && observed[i]! > 0))
    return { pValue: 0, chiSquare: null, mismatch: true };
  const o = observed.filter((_, i) => weights[i] !== 0);
  const w = weights.filter((x) => x !== 0);
  const total = o.reduce((a, b) => a + b, 0);
  const weightSum = w.reduce((a, b) => a + b, 0);
  const expected = w.map((x) => (total * x) / weightSum);
  if (o.length < 2 || expected.some((e) => !(e >= SRM_MIN_EXPECTED)))
    return { pValue: null, chiSquare: null, mismatch: false };
  const chiSquare = o.reduce((sum, n, i) => sum + (n - expected[i]!) ** 2 / expected[i]!, 0);
  const pValue = chiSquareSf(chiSquare, o.length - 1);
  return { pValue, chiSquare, mismatch: pValue < SRM_ALPHA };
}
