/**
 * Visitors per arm for a two-sided two-proportion z-test (Fleiss, Levin & Paik, "Statistical Methods for
 * Rates and Proportions", 3rd ed., §4.2, without continuity correction):
 *   n = (z₁₋α/₂·√(2p̄(1−p̄)) + z₁₋β·√(p₁(1−p₁) + p₂(1−p₂)))² / (p₂ − p₁)²,  p̄ = (p₁ + p₂)/2.
 */
import { normalQuantile } from './normal';

export interface SampleSizeOptions {
  /** Relative lift to detect (0.1 = +10%). */
  readonly relativeLift?: number;
  readonly alpha?: number;
  readonly power?: number;
}

/** Visitors needed per arm, rounded up; null when the baseline makes the lift undetectable (0, ≥ 1). */
export function visitorsPerArm(baseline: number, options: SampleSizeOptions = {}): number | null {
  const { relativeLift = 0.1, alpha = 0.05, power = 0.8 } = options;
  const p1 = baseline;
  const p2 = baseline * (1 + relativeLift);
  if (!(p1 > 0) || !(p2 < 1) || !(p2 > 0) || p1 === p2) return null;
  const pBar = (p1 + p2) / 2;
  const a = normalQuantile(1 - alpha / 2) * Math.sqrt(2 * pBar * (1 - pBar));
  const b = normalQuantile(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil((a + b) ** 2 / (p2 - p1) ** 2);
}
