/**
 * A/A simulation: identical arms, 28 daily looks, stop at the first p < 0.05. The fixed-horizon test
 * "finds" a winner far more often than 5% when peeked at daily; the always-valid mixture boundary must not.
 * Seeded binomial draws (MT19937) keep it deterministic and fast: one draw per arm and day, no per-visitor loop.
 */
import binomial from '@stdlib/random-base-binomial';
import { FIXED_HORIZON, sequentialBoundary, type Boundary } from '../../report/stats/boundary';
import { compareToControl, type Arm } from '../../report/stats/difference';

const EXPERIMENTS = 400;
const DAYS = 28;
const VISITORS_PER_DAY = 500;
const RATE = 0.05;

/** Fraction of A/A experiments declared significant at any daily look, for each boundary. */
function falsePositiveRates(seed: number, boundaries: readonly Boundary[]): number[] {
  const draw = binomial.factory({ seed });
  const hits = boundaries.map(() => 0);
  for (let e = 0; e < EXPERIMENTS; e++) {
    const a = { enrolled: 0, conversions: 0 };
    const b = { enrolled: 0, conversions: 0 };
    const seen = boundaries.map(() => false);
    for (let day = 0; day < DAYS; day++) {
      const toA = draw(VISITORS_PER_DAY, 0.5);
      addDay(a, toA, draw(toA, RATE));
      addDay(b, VISITORS_PER_DAY - toA, draw(VISITORS_PER_DAY - toA, RATE));
      boundaries.forEach((boundary, i) => {
        if (!seen[i] && significant(b, a, boundary)) seen[i] = true;
      });
    }
    seen.forEach((s, i) => (hits[i]! += s ? 1 : 0));
  }
  return hits.map((h) => h / EXPERIMENTS);
}

function addDay(arm: { enrolled: number; conversions: number }, visitors: number, conversions: number): void {
  arm.enrolled += visitors;
  arm.conversions += conversions;
}

const significant = (variant: Arm, control: Arm, boundary: Boundary): boolean =>
  (compareToControl(variant, control, boundary)?.pValue ?? 1) < 0.05;

describe('A/A simulation over 28 daily looks', () => {
  // With this seed: fixed-horizon 90/400 = 22.5% false positives, sequential 5/400 = 1.25%.
  const [fixed, sequential] = falsePositiveRates(20261125, [FIXED_HORIZON, sequentialBoundary()]);

  it('keeps the always-valid false-positive rate at or below 5%', () => {
    expect(sequential).toBeLessThanOrEqual(0.05);
  });

  it('shows the fixed-horizon test inflating it several times over', () => {
    expect(fixed).toBeGreaterThanOrEqual(0.15);
    expect(fixed).toBeGreaterThanOrEqual(3 * Math.max(sequential!, 0.02));
  });
});
