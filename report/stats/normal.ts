/**
 * Standard normal tail and quantile, from @stdlib (Cephes-derived, checked against SciPy in the tests).
 *
 * The upper tail is computed as ½·erfc(z/√2) and never as 1 − Φ(z): the subtraction loses every digit
 * once Φ(z) rounds to 1 (z ≳ 8.3), which would print a decisive result as p = 0.
 */
import erfc from '@stdlib/math-base-special-erfc';
import quantile from '@stdlib/stats-base-dists-normal-quantile';

/** P(Z > z) for a standard normal Z; accurate into the subnormal range (z = 38 → 2.9e-316). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Two-sided p-value of a z statistic: P(|Z| ≥ |z|). */
export function twoSidedP(z: number): number {
  return Math.min(1, 2 * normalSf(Math.abs(z)));
}

/** Φ⁻¹(p), the standard normal quantile. */
export function normalQuantile(p: number): number {
  return quantile(p, 0, 1);
}

/** The two-sided 95% critical value, Φ⁻¹(0.975) ≈ 1.959964. */
export const Z_95 = normalQuantile(0.975);
