/**
 * Wilson score interval for a binomial proportion (Wilson 1927, JASA 22:209). Unlike the Wald interval it
 * never leaves [0, 1] and stays meaningful at 0 or n successes and at tiny n, which is where an experiment
 * starts (Brown, Cai & DasGupta, "Interval Estimation for a Binomial Proportion", Statistical Science 2001).
 */
import { Z_95 } from './normal';

export type Interval = readonly [number, number];

/** The 95% Wilson interval for `successes` out of `trials`; [0, 1] (no information) for an empty arm. */
export function wilsonInterval(successes: number, trials: number, z: number = Z_95): Interval {
  if (!(trials > 0)) return [0, 1];
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  // The bounds are exactly 0 and 1 at the extremes; the formula leaves rounding dust (3e-18) there.
  const lo = successes <= 0 ? 0 : Math.max(0, centre - half);
  const hi = successes >= trials ? 1 : Math.min(1, centre + half);
  return [lo, hi];
}
