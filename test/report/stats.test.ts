/** Properties and hostile rows for the statistics: no NaN, no throw, and one SE behind interval and test. */
import fc from 'fast-check';
import { FIXED_HORIZON, sequentialBoundary, type Boundary } from '../../report/stats/boundary';
import { sampleRatioMismatch } from '../../report/stats/chi-square';
import { compareToControl } from '../../report/stats/difference';
import { holmAdjust } from '../../report/stats/holm';
import { Z_95 } from '../../report/stats/normal';
import { visitorsPerArm } from '../../report/stats/sample-size';
import { wilsonInterval } from '../../report/stats/wilson';

const arm = fc
  .integer({ min: 1, max: 2_000_000 })
  .chain((enrolled) =>
    fc.record({ enrolled: fc.constant(enrolled), conversions: fc.integer({ min: 0, max: enrolled }) }),
  );

/** Two arms with close rates, so the property is exercised around p ≈ 0.05, not only far from it. */
const closeArms = fc
  .record({
    n1: fc.integer({ min: 20, max: 500_000 }),
    n0: fc.integer({ min: 20, max: 500_000 }),
    rate: fc.double({ min: 0.001, max: 0.999, noNaN: true }),
    k: fc.double({ min: -4, max: 4, noNaN: true }),
  })
  .map(({ n1, n0, rate, k }) => {
    const noise = k * Math.sqrt(rate * (1 - rate) * n1);
    const conversions = Math.min(n1, Math.max(0, Math.round(rate * n1 + noise)));
    return [
      { enrolled: n1, conversions },
      { enrolled: n0, conversions: Math.round(rate * n0) },
    ] as const;
  });
const pairs = fc.oneof(fc.tuple(arm, arm), closeArms);

const BOUNDARIES: readonly [string, Boundary][] = [
  ['fixed-horizon', FIXED_HORIZON],
  ['sequential', sequentialBoundary()],
];

describe.each(BOUNDARIES)('%s comparison', (_name, boundary) => {
  it('has an interval that excludes 0 exactly when p < 0.05', () => {
    fc.assert(
      fc.property(pairs, ([variant, control]) => {
        const u = compareToControl(variant, control, boundary)!;
        const excludesZero = u.absCi[0] > 0 || u.absCi[1] < 0;
        return excludesZero === u.pValue < 0.05;
      }),
      { numRuns: 3000 },
    );
  });

  it('puts p = 0.05 exactly at the critical value of the interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), (n) => {
        const p = boundary.pValue(boundary.critical(n), n);
        return Math.abs(p - 0.05) < 1e-12;
      }),
    );
  });

  it('never returns NaN and keeps p in [0, 1]', () => {
    fc.assert(
      fc.property(arm, arm, (variant, control) => {
        const u = compareToControl(variant, control, boundary)!;
        const numbers = [u.abs, ...u.absCi, u.pValue, ...(u.relCi ?? []), u.rel ?? 0];
        return numbers.every((x) => !Number.isNaN(x)) && u.pValue >= 0 && u.pValue <= 1;
      }),
    );
  });
});

describe('hostile comparisons', () => {
  it.each([
    ['zero conversions in both arms', 0, 1000, 0, 1000, { abs: 0, absCi: [0, 0], pValue: 1, rel: null }],
    ['every visitor converts in both', 50, 50, 80, 80, { abs: 0, absCi: [0, 0], pValue: 1, rel: 0 }],
    ['SE = 0 with a difference', 100, 100, 0, 100, { abs: 1, absCi: [1, 1], pValue: 0, rel: null }],
    ['n = 1 per arm, same outcome', 1, 1, 1, 1, { abs: 0, pValue: 1, rel: 0 }],
  ])('%s', (_label, x1, n1, x0, n0, expected) => {
    const u = compareToControl({ conversions: x1, enrolled: n1 }, { conversions: x0, enrolled: n0 });
    expect(u).toMatchObject(expected);
  });

  it.each([
    [0, 0, 10, 1000],
    [5, 100, 0, 0],
    [0, 0, 0, 0],
  ])('an empty arm (%p/%p vs %p/%p) yields no comparison rather than NaN', (x1, n1, x0, n0) => {
    expect(compareToControl({ conversions: x1, enrolled: n1 }, { conversions: x0, enrolled: n0 })).toBeNull();
  });

  it('never puts the relative interval below −100% (no rate falls under zero), small samples included', () => {
    // 14/17 vs a control of 3/19 in a browser-suite run: the symmetric delta-method interval reached −132%.
    const u = compareToControl({ conversions: 14, enrolled: 17 }, { conversions: 3, enrolled: 19 })!;
    expect(u.relCi![0]).toBe(-1);
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const r = compareToControl(a, b);
        return r?.relCi == null || (r.relCi[0] >= -1 && r.relCi[0] <= r.rel! && r.rel! <= r.relCi[1]);
      }),
    );
  });

  it('gives the Wilson interval of an empty arm as [0, 1] and keeps every interval inside [0, 1]', () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
    fc.assert(
      fc.property(arm, ({ conversions, enrolled }) => {
        const [lo, hi] = wilsonInterval(conversions, enrolled);
        const p = conversions / enrolled;
        return lo >= 0 && hi <= 1 && lo <= p && p <= hi;
      }),
    );
  });
});

describe('sequential boundary', () => {
  it('is always wider than the fixed-horizon one (the price of peeking)', () => {
    const b = sequentialBoundary();
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), (n) => b.critical(n) > Z_95));
  });

  it('is narrowest at n* = 5000 when tuned for 5000, compared with mixtures tuned elsewhere', () => {
    const at5000 = (nStar: number): number => sequentialBoundary(nStar).critical(5000);
    expect(at5000(5000)).toBeLessThan(at5000(500));
    expect(at5000(5000)).toBeLessThan(at5000(50000));
  });
});

describe('Holm adjustment', () => {
  const pValue = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(null));

  it('never lowers a p-value, stays ≤ 1 and keeps the order of the raw p-values', () => {
    fc.assert(
      fc.property(fc.array(pValue, { maxLength: 12 }), (ps) => {
        const adj = holmAdjust(ps);
        return ps.every((p, i) => {
          if (p === null) return adj[i] === null;
          const a = adj[i]!;
          const ordered = ps.every((q, j) => q === null || !(q < p) || adj[j]! <= a);
          return a >= p && a <= 1 && ordered;
        });
      }),
    );
  });

  it('counts an uncomputable comparison in the family', () => {
    expect(holmAdjust([0.01, null])).toEqual([0.02, null]);
    expect(holmAdjust([])).toEqual([]);
  });
});

describe('guards', () => {
  it.each([[0], [1], [0.95], [-0.1], [NaN]])('has no sample size for baseline %p', (baseline) => {
    expect(visitorsPerArm(baseline)).toBeNull();
  });

  it.each([
    ['one arm', [100], [1]],
    ['an arm expected below 8 visitors', [5, 9], [1, 1]],
    ['no visitors at all', [0, 0], [50, 50]],
  ])('skips the SRM check with %s', (_label, observed, weights) => {
    expect(sampleRatioMismatch(observed, weights)).toEqual({
      pValue: null,
      chiSquare: null,
      mismatch: false,
    });
  });

  it('flags an arm that received nobody although half the traffic was due to it', () => {
    expect(sampleRatioMismatch([0, 5000], [1, 1]).mismatch).toBe(true);
  });
});
