/**
 * Cross-checks against SciPy 1.10.1 (Debian's python3-scipy). Every literal below was printed by
 * test/report/scipy-reference.py; the SciPy call (or the formula evaluated on top of scipy.stats) is named
 * on each table. Tolerance: 1e-9 relative.
 */
import { mixtureRho2, sequentialBoundary } from '../../report/stats/boundary';
import { sampleRatioMismatch, chiSquareSf } from '../../report/stats/chi-square';
import { compareToControl } from '../../report/stats/difference';
import { holmAdjust } from '../../report/stats/holm';
import { normalQuantile, normalSf, twoSidedP, Z_95 } from '../../report/stats/normal';
import { visitorsPerArm } from '../../report/stats/sample-size';
import { wilsonInterval } from '../../report/stats/wilson';
import { expectRelClose } from './close';

describe('normal distribution', () => {
  // scipy.stats.norm.sf(z)
  it.each([
    [0, 0.5],
    [0.5, 0.3085375387259869],
    [1, 0.15865525393145707],
    [1.959963984540054, 0.025],
    [3, 0.0013498980316300933],
    [5, 2.866515718791933e-7],
    [8.3, 5.2055697448902465e-17],
    [10, 7.61985302416047e-24],
    [20, 2.7536241186061556e-89],
    [30, 4.906713927147908e-198],
    [37, 5.7255712225239266e-300],
  ])('sf(%p) matches scipy.stats.norm.sf', (z, expected) => {
    expectRelClose(normalSf(z), expected);
  });

  it('keeps the subnormal tail at z = 38 that SciPy 1.10 flushes to 0', () => {
    // scipy.stats.norm.sf(38) == 0.0; mpmath.ncdf(-38) = 2.8854283600687843084e-316. A subnormal carries
    // fewer significant bits, hence the looser tolerance.
    expectRelClose(normalSf(38), Number('2.8854283600687843084e-316'), 1e-7);
    expectRelClose(twoSidedP(-38), Number('5.7708567201375686167e-316'), 1e-7);
    expect(normalSf(40)).toBe(0);
    expect(twoSidedP(0)).toBe(1);
  });

  it('matches scipy.stats.norm.ppf', () => {
    expectRelClose(Z_95, 1.959963984540054); // norm.ppf(0.975)
    expectRelClose(normalQuantile(0.8), 0.8416212335729143); // norm.ppf(0.8)
  });
});

describe('chi-square survival function', () => {
  // scipy.stats.chi2.sf(x, df)
  it.each([
    [1e-8, 1, 0.9999202115440526],
    [0.5, 1, 0.47950012218695337],
    [3.841458820694124, 1, 0.04999999999999989],
    [10.83, 1, 0.0009986863791802592],
    [7.5, 2, 0.023517745856009114],
    [50, 3, 7.989179244951495e-11],
    [0.001, 4, 0.9999998750416589],
    [300, 10, 1.5546747543803087e-58],
    [1000, 1, 1.7958327848007363e-219],
    [1400, 1, 2.1010145162644003e-306],
  ])('sf(%p, df=%p) matches scipy.stats.chi2.sf', (x, df, expected) => {
    expectRelClose(chiSquareSf(x, df), expected);
  });

  // scipy.stats.chisquare(observed, f_exp = total·weight/Σweight); statistic, pvalue
  it.each([
    [[5000, 5000], [50, 50], 0, 1],
    [[5100, 4900], [50, 50], 4, 0.04550026389635857],
    [[5200, 4800], [50, 50], 16, 6.334248366623988e-5],
    [[1000, 2000, 3100], [1, 2, 3], 1.6393442622950782, 0.44057608200249465],
    [[8, 30], [1, 1], 12.736842105263158, 0.00035852252875322714],
    [[20000, 10000], [50, 50], 3333.3333333333335, 0], // true p ≈ 1e-724: underflows in both
  ])('SRM %j with weights %j matches scipy.stats.chisquare', (obs, weights, stat, p) => {
    const srm = sampleRatioMismatch(obs, weights);
    expectRelClose(srm.chiSquare, stat);
    expectRelClose(srm.pValue, p);
    expect(srm.mismatch).toBe(p < 0.001);
  });
});

describe('Wilson score interval', () => {
  // Formula evaluated in Python with z = scipy.stats.norm.ppf(0.975).
  it.each([
    [0, 1, 0, 0.7934506856227626],
    [1, 1, 0.20654931437723745, 1],
    [0, 100, 0, 0.03699349820698568], // Python's formula leaves 3.5e-18 of rounding at the exact 0
    [100, 100, 0.9630065017930143, 1],
    [160, 8000, 0.017154644387566222, 0.023306109425067358],
    [28, 2000, 0.009703783146220175, 0.020159586811157672],
    [5, 10, 0.236593090512564, 0.7634069094874361],
    [1, 1000000, 1.7652457674537218e-7, 5.664911804311443e-6],
  ])('%p of %p', (x, n, lo, hi) => {
    const [a, b] = wilsonInterval(x, n);
    expectRelClose(a, lo);
    expectRelClose(b, hi);
  });
});

describe('unpooled difference, delta-method relative uplift', () => {
  // abs, absCi = abs ± norm.ppf(0.975)·SE, p = 2·scipy.stats.norm.sf(|abs/SE|), rel, relCi (delta method)
  it.each([
    [
      160, 8000, 28, 2000, 0.006, 6.2263229972181824e-6, 0.011993773677002783, 0.049762485167095714,
      0.4285714285714286, -0.14071592354727203, 0.9978587806901292,
    ],
    [
      28, 2000, 160, 8000, -0.006, -0.011993773677002783, -6.2263229972181824e-6, 0.049762485167095714,
      -0.30000000000000004, -0.5789508025381633, -0.021049197461836755,
    ],
    [
      560, 10000, 500, 10000, 0.005999999999999998, -0.00020922034622822445, 0.012209220346228221,
      0.05823525931136175, 0.11999999999999988, -0.011447991459651224, 0.251447991459651,
    ],
    [0, 50, 3, 40, -0.075, -0.15662432322623798, 0.006624323226237988, 0.07171853650843411, -1, -1, -1],
    [
      5440, 10000, 3000, 10000, 0.24400000000000005, 0.23073488035017242, 0.2572651196498277,
      1.2932130410928422e-284, 0.8133333333333335, 0.7500392969118455, 0.8766273697548215,
    ],
    [
      5400, 10000, 3000, 10000, 0.24000000000000005, 0.22673001611377702, 0.25326998388622307,
      3.139310747125775e-275, 0.8000000000000003, 0.7370366336433931, 0.8629633663566074,
    ],
  ])('%p/%p vs %p/%p', (x1, n1, x0, n0, abs, lo, hi, p, rel, rlo, rhi) => {
    const u = compareToControl({ conversions: x1, enrolled: n1 }, { conversions: x0, enrolled: n0 })!;
    expectRelClose(u.abs, abs);
    expectRelClose(u.absCi[0], lo);
    expectRelClose(u.absCi[1], hi);
    expectRelClose(u.pValue, p);
    expectRelClose(u.rel, rel);
    expectRelClose(u.relCi![0], rlo);
    expectRelClose(u.relCi![1], rhi);
  });

  it('leaves the relative uplift undefined when control never converts (scipy row 1/2 vs 0/2)', () => {
    const u = compareToControl({ conversions: 1, enrolled: 2 }, { conversions: 0, enrolled: 2 })!;
    expectRelClose(u.abs, 0.5);
    expectRelClose(u.absCi[0], -0.19295191217483898);
    expectRelClose(u.absCi[1], 1.192951912174839);
    expectRelClose(u.pValue, 0.15729920705028516);
    expect(u.rel).toBeNull();
    expect(u.relCi).toBeNull();
  });
});

describe('Holm and sample size', () => {
  it('adjusts like the step-down formula', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005, 1e-300, 0.5]);
    [0.04, 0.09, 0.09, 0.025, 6e-300, 0.5].forEach((e, i) => expectRelClose(adjusted[i], e));
  });

  // (z₀.₉₇₅·√(2p̄(1−p̄)) + z₀.₈·√(p₁(1−p₁)+p₂(1−p₂)))² / (p₂−p₁)² with scipy.stats.norm.ppf, rounded up
  it.each([
    [0.05, 31234],
    [0.01, 163095],
    [0.2, 6510],
    [0.5, 1565],
  ])('baseline %p needs %p visitors per arm for a 10%% relative lift', (baseline, n) => {
    expect(visitorsPerArm(baseline)).toBe(n);
  });
});

describe('normal-mixture boundary (sequential)', () => {
  // ρ² = (−2 ln 0.05 + ln(1 − 2 ln 0.05)) / 5000; critical = √(2(t+1)/t·ln(√(t+1)/0.05)), t = nρ²;
  // p = √(t+1)·exp(−z²t/(2(t+1))), evaluated in Python (math.log1p / math.exp).
  it('tunes ρ² for n* = 5000', () => expectRelClose(mixtureRho2(), 0.001587230920347513));

  it.each([
    [1.96, 1000, 3.363887725782781, 0.49505295127359306],
    [3, 5000, 3.0352089903762534, 0.054947614547404836],
    [4, 20000, 3.1271141436879906, 0.0024508613823128306],
    [2.5, 200000, 3.4339405471592674, 0.7917892841228182],
    [38, 10000, 3.061477218867417, 4.338149549624226e-295],
  ])('z = %p at n = %p', (z, n, critical, p) => {
    const b = sequentialBoundary();
    expectRelClose(b.critical(n), critical);
    expectRelClose(b.pValue(z, n), p);
  });
});
