/**
 * How a z statistic becomes an interval and a p-value. Both boundaries satisfy, by construction,
 * "the 95% interval excludes 0 ⇔ p < 0.05": the interval is estimate ± critical(n)·SE and the p-value is
 * the level at which that critical value would equal |z|.
 */
import { twoSidedP, Z_95 } from './normal';

export const ALPHA = 0.05;

export interface Boundary {
  readonly kind: 'fixed-horizon' | 'sequential';
  /** Half-width of the 95% interval in standard errors, for a total sample of n visitors. */
  critical(n: number): number;
  /** Two-sided p-value of z at a total sample of n visitors. */
  pValue(z: number, n: number): number;
}

/** The classic test, valid for one look at a sample size fixed in advance. */
export const FIXED_HORIZON: Boundary = {
  kind: 'fixed-horizon',
  critical: () => Z_95,
  pValue: (z) => twoSidedP(z),
};

/**
 * GrowthBook's default tuning: the mixture is tightest near 5,000 visitors.
 * https://docs.growthbook.io/statistics/sequential
 */
export const SEQUENTIAL_N_STAR = 5000;

/**
 * ρ² of the normal mixture that minimises the boundary's width at n* (Howard, Ramdas, McAuliffe & Sekhon,
 * "Time-uniform, nonparametric, nonasymptotic confidence sequences", Ann. Statist. 49(2), 2021; the
 * closed-form approximation GrowthBook documents): ρ² = (−2 ln α + ln(1 − 2 ln α)) / n*.
 */
export function mixtureRho2(nStar: number = SEQUENTIAL_N_STAR, alpha: number = ALPHA): number {
  const l = -2 * Math.log(alpha);
  return (l + Math.log(1 + l)) / nStar;
}

/**
 * Always-valid inference from the two-sided normal-mixture confidence sequence (Howard et al. 2021; the
 * asymptotic form of Waudby-Smith et al., "Time-uniform central limit theory and asymptotic confidence
 * sequences", arXiv:2103.06476, which GrowthBook's sequential mode uses). With t = nρ²:
 *   critical(n) = √( 2(t+1)/t · ln(√(t+1)/α) ),   p = min(1, √(t+1) · exp(−z²·t / (2(t+1)))).
 * The p-value is the reciprocal of the mixture likelihood ratio (Johari et al., "Always Valid Inference",
 * Operations Research 2022), computed in logs so a large z underflows to 0 only below 1e-308.
 */
export function sequentialBoundary(nStar: number = SEQUENTIAL_N_STAR, alpha: number = ALPHA): Boundary {
  const rho2 = mixtureRho2(nStar, alpha);
  return {
    kind: 'sequential',
    critical(n) {
      const t = Math.max(n, 1) * rho2;
      return Math.sqrt((2 * (t + 1) * Math.log(Math.sqrt(t + 1) / alpha)) / t);
    },
    pValue(z, n) {
      const t = Math.max(n, 1) * rho2;
      const logP = 0.5 * Math.log1p(t) - (z * z * t) / (2 * (t + 1));
      return Math.min(1, Math.exp(logP));
    },
  };
}
