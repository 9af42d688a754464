/**
 * A variant against control: absolute and relative uplift with their intervals and the two-sided p-value.
 *
 * Interval and test share ONE unpooled standard error, SE = √(p₁(1−p₁)/n₁ + p₀(1−p₀)/n₀), so the interval
 * excludes 0 exactly when p < α. A pooled-SE test next to an unpooled interval disagrees near the boundary
 * (160/8,000 vs 28/2,000: pooled p = 0.077 while the unpooled interval excludes 0).
 */
import { FIXED_HORIZON, type Boundary } from './boundary';
import type { Interval } from './wilson';

export interface Arm {
  readonly enrolled: number;
  readonly conversions: number;
}

export interface Uplift {
  readonly abs: number;
  readonly absCi: Interval;
  /** null when the control rate is 0 (a relative change from nothing is undefined). */
  readonly rel: number | null;
  readonly relCi: Interval | null;
  readonly pValue: number;
}

const variance = (a: Arm, p: number): number => (p * (1 - p)) / a.enrolled;

/** Compare `variant` to `control`; null when either arm has no visitors (nothing to estimate). */
export function compareToControl(
  variant: Arm,
  control: Arm,
  boundary: Boundary = FIXED_HORIZON,
): Uplift | null {
  if (!(variant.enrolled > 0) || !(control.enrolled > 0)) return null;
  const p1 = variant.conversions / variant.enrolled;
  const p0 = control.conversions / control.enrolled;
  const v1 = variance(variant, p1);
  const v0 = variance(control, p0);
  const n = variant.enrolled + control.enrolled;
  const crit = boundary.critical(n);
  const abs = p1 - p0;
  const se = Math.sqrt(v1 + v0);
  // SE = 0 only when both rates are 0 or 1: no sampling noise is measurable, so a zero difference is
  // p = 1 and a non-zero one is z = ±∞ (p = 0); never 0/0.
  const z = abs === 0 ? 0 : abs / se;
  const absCi: Interval = [abs - crit * se, abs + crit * se];
  return { abs, absCi, ...relative(p1, p0, v1, v0, crit), pValue: boundary.pValue(z, n) };
}

/**
 * Relative uplift p₁/p₀ − 1 with a delta-method SE: Var(p₁/p₀) ≈ v₁/p₀² + p₁²·v₀/p₀⁴
 * (as GrowthBook's frequentist engine, https://docs.growthbook.io/statistics/details). The symmetric
 * approximation can reach below −100% on small samples, which no rate can: the lower end stops at −1.
 */
function relative(
  p1: number,
  p0: number,
  v1: number,
  v0: number,
  crit: number,
): Pick<Uplift, 'rel' | 'relCi'> {
  if (!(p0 > 0)) return { rel: null, relCi: null };
  const rel = p1 / p0 - 1;
  const se = Math.sqrt(v1 / (p0 * p0) + (p1 * p1 * v0) / p0 ** 4);
  return { rel, relCi: [Math.max(-1, rel - crit * se), rel + crit * se] };
}
