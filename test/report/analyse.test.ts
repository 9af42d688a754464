import { analyse } from '../../report/analyse';
import { Counts } from '../../report/counts';
import { sequentialBoundary } from '../../report/stats/boundary';
import { holmAdjust } from '../../report/stats/holm';
import type { ReportConfig } from '../../report/types';
import { conversion, enrollment, experiment, HERO } from './fixtures';
import { Ingest } from '../../report/input/ingest';
import { MAX_UNCONFIGURED_NAMES } from '../../report/unconfigured';

/** Counts from a table: [experiment, variant, enrolled, { goal: conversions }]. */
function countsOf(rows: [string, string, number, Record<string, number>][], config?: ReportConfig): Counts {
  const c = new Counts(config);
  for (const [exp, variant, enrolled, goals] of rows) {
    c.add({ metric: 'Enrollments', experiment: exp, variant, value: enrolled });
    for (const [goal, value] of Object.entries(goals))
      c.add({ metric: 'Conversions', experiment: exp, variant, goal, value });
  }
  return c;
}

const checkout: ReportConfig = {
  experiments: [
    experiment('checkout', [
      ['control', 20],
      ['green', 80],
    ]),
  ],
  goals: [{ id: 'purchase' }],
};

describe('analyse', () => {
  it('reports the issue example: 160/8,000 vs 28/2,000 is significant with the unpooled test', () => {
    const counts = countsOf([
      ['checkout', 'control', 2000, { purchase: 28 }],
      ['checkout', 'green', 8000, { purchase: 160 }],
    ]);
    const [e] = analyse(counts, checkout).experiments;
    const green = e!.variants[1]!.goals.purchase!;
    expect(e!.srm).toEqual({ pValue: 1, chiSquare: 0, mismatch: false });
    expect(green.pValue).toBeCloseTo(0.049762485167095714, 12);
    expect(green.adjustedPValue).toBe(green.pValue);
    expect(green.uplift!.absCi![0]).toBeGreaterThan(0);
    expect(green.verdict).toBe('beats control: +0.60 pp (Holm-adjusted p = 0.0498 < 0.05)');
  });

  it('prints exactly the documented JSON shape; control has no uplift or p-values', () => {
    const counts = countsOf([
      ['checkout', 'control', 2000, { purchase: 28 }],
      ['checkout', 'green', 8000, { purchase: 160 }],
    ]);
    const json = JSON.parse(JSON.stringify(analyse(counts, checkout)));
    const [e] = json.experiments;
    expect(Object.keys(e)).toEqual(expect.arrayContaining(['id', 'srm', 'variants']));
    expect(Object.keys(e.srm)).toEqual(expect.arrayContaining(['pValue', 'mismatch']));
    expect(Object.keys(e.variants[0])).toEqual(['name', 'weight', 'enrolled', 'goals']);
    expect(Object.keys(e.variants[0].goals.purchase)).toEqual(['conversions', 'rate', 'ci']);
    expect(Object.keys(e.variants[1].goals.purchase)).toEqual(
      expect.arrayContaining(['conversions', 'rate', 'ci', 'uplift', 'pValue', 'adjustedPValue']),
    );
    expect(Object.keys(e.variants[1].goals.purchase.uplift)).toEqual(['abs', 'absCi', 'rel', 'relCi']);
    expect(e.variants[1].goals.purchase.ci).toHaveLength(2);
  });

  it('adjusts p-values with Holm across variants × goals', () => {
    const config: ReportConfig = {
      experiments: [
        experiment('hero', [
          ['control', 1],
          ['bold', 1],
          ['calm', 1],
        ]),
      ],
      goals: [{ id: 'cta' }, { id: 'signup' }],
    };
    const counts = countsOf([
      ['hero', 'control', 3000, { cta: 150, signup: 60 }],
      ['hero', 'bold', 3000, { cta: 200, signup: 62 }],
      ['hero', 'calm', 3000, { cta: 170, signup: 90 }],
    ]);
    const [e] = analyse(counts, config).experiments;
    const cells = e!.variants.slice(1).flatMap((v) => [v.goals.cta!, v.goals.signup!]);
    const expected = holmAdjust(cells.map((c) => c.pValue!));
    cells.forEach((c, k) => {
      expect(c.adjustedPValue).toBe(expected[k]);
      expect(c.adjustedPValue!).toBeGreaterThanOrEqual(c.pValue!);
    });
    expect(cells[0]!.adjustedPValue).toBeCloseTo(cells[0]!.pValue! * 4, 12); // the smallest p, times m = 4
  });

  it('puts a sample-ratio mismatch before any verdict', () => {
    const counts = countsOf([
      ['checkout', 'control', 3000, { purchase: 300 }],
      ['checkout', 'green', 7000, { purchase: 1400 }],
    ]);
    const [e] = analyse(counts, checkout).experiments;
    expect(e!.srm.mismatch).toBe(true);
    expect(e!.variants[1]!.goals.purchase!.verdict).toMatch(/^SAMPLE RATIO MISMATCH \(p = [0-9.e-]+\)/);
  });

  it('holds the verdict behind the data gate and says how many visitors are missing', () => {
    const counts = countsOf([
      ['checkout', 'control', 40, { purchase: 2 }],
      ['checkout', 'green', 160, { purchase: 8 }],
    ]);
    const [e] = analyse(counts, checkout).experiments;
    // 5% baseline → 31,234 per arm (Fleiss); the smallest arm has 40.
    expect(e!.gates.purchase).toEqual({
      passed: false,
      moreVisitorsPerArm: 31194,
      message:
        'not enough data: about 31,194 more visitors per arm to detect a 10% relative lift at 80% power',
    });
    expect(e!.variants[1]!.goals.purchase!.verdict).toBe(e!.gates.purchase!.message);
  });

  it('survives an experiment nobody has seen: nulls, Wilson [0, 1], no NaN', () => {
    const report = analyse(new Counts(), checkout);
    const text = JSON.stringify(report);
    expect(text).not.toMatch(/NaN|Infinity/);
    const green = report.experiments[0]!.variants[1]!.goals.purchase!;
    expect(green).toMatchObject({
      conversions: 0,
      rate: null,
      ci: [0, 1],
      pValue: null,
      adjustedPValue: null,
    });
    expect(green.uplift).toEqual({ abs: null, absCi: null, rel: null, relCi: null });
    expect(green.verdict).toBe(
      'not enough data: no conversions yet, so the visitors needed cannot be estimated',
    );
    expect(report.experiments[0]!.srm).toEqual({ pValue: null, chiSquare: null, mismatch: false });
  });

  it('gives "n/a" relative uplift when control never converts', () => {
    const counts = countsOf([
      ['checkout', 'control', 500, {}],
      ['checkout', 'green', 2000, { purchase: 30 }],
    ]);
    const green = analyse(counts, checkout).experiments[0]!.variants[1]!.goals.purchase!;
    expect(green.uplift!.rel).toBeNull();
    expect(green.uplift!.abs).toBeCloseTo(0.015, 12);
  });

  it.each([
    ['kept whole (no configuration while counting)', false],
    ['noted while counting (given the configuration)', true],
  ])(
    'lists names the configuration does not define, %s, and keeps hostile goal ids as own keys',
    (_l, given) => {
      const config: ReportConfig = { experiments: checkout.experiments, goals: [{ id: '__proto__' }] };
      const counts = countsOf(
        [
          ['checkout', 'control', 10, { ['__proto__']: 1, signup: 1 }],
          ['checkout', 'retired', 10, {}],
          ['gone', 'a', 10, {}],
        ],
        given ? config : undefined,
      );
      const report = analyse(counts, config);
      expect(report.unconfigured).toEqual([
        'experiment "gone"',
        'goal "signup"',
        'variant "checkout/retired"',
      ]);
      expect(report.unconfiguredOther).toBe(0);
      const goals = report.experiments[0]!.variants[0]!.goals;
      expect(Object.prototype.hasOwnProperty.call(goals, '__proto__')).toBe(true);
      expect(JSON.parse(JSON.stringify(goals))['__proto__'].conversions).toBe(1);
    },
  );

  it('keeps at most MAX_UNCONFIGURED_NAMES unconfigured names and totals what the others carried', () => {
    const counts = new Counts(checkout);
    for (let i = 0; i < MAX_UNCONFIGURED_NAMES + 50; i++)
      expect(counts.add({ metric: 'Enrollments', experiment: `junk-${i}`, variant: 'a', value: 2 })).toBe(
        'unconfigured',
      );
    // Unlisted once, though both its names are unconfigured.
    counts.add({ metric: 'Conversions', experiment: 'junk-x', variant: 'a', goal: 'junk', value: 1 });
    // The flood before it does not crowd out what is configured.
    expect(counts.add({ metric: 'Enrollments', experiment: 'checkout', variant: 'green', value: 7 })).toBe(
      'counted',
    );
    const report = analyse(counts, checkout);
    expect(report.unconfigured).toHaveLength(MAX_UNCONFIGURED_NAMES);
    expect(report.unconfigured).toContain('experiment "junk-0"');
    expect(report.unconfigured).not.toContain(`experiment "junk-${MAX_UNCONFIGURED_NAMES}"`);
    expect(report.unconfiguredOther).toBe(50 * 2 + 1);
    expect([...counts.arms()].map((a) => `${a.experiment}/${a.variant}`)).toEqual(['checkout/green']);
    expect(report.experiments[0]!.variants[1]!.enrolled).toBe(7);
  });

  it('refuses a configuration whose control is not a variant', () => {
    const bad: ReportConfig = { experiments: [experiment('x', [['a', 1]], 'missing')], goals: [] };
    expect(() => analyse(new Counts(), bad)).toThrow(
      'experiment "x": control "missing" is not one of its variants',
    );
  });

  it('uses always-valid intervals with --sequential: wider, and labelled', () => {
    const counts = countsOf([
      ['checkout', 'control', 2000, { purchase: 28 }],
      ['checkout', 'green', 8000, { purchase: 160 }],
    ]);
    const fixed = analyse(counts, checkout).experiments[0]!.variants[1]!.goals.purchase!;
    const seq = analyse(counts, checkout, { boundary: sequentialBoundary() });
    const g = seq.experiments[0]!.variants[1]!.goals.purchase!;
    expect(seq.method).toBe('sequential');
    expect(g.uplift!.absCi![0]).toBeLessThan(fixed.uplift!.absCi![0]!);
    expect(g.pValue!).toBeGreaterThan(fixed.pValue!);
    expect(g.verdict).toMatch(/^no significant difference/);
  });
});

describe('numbers no verdict may come from', () => {
  it('blocks the verdict when an arm has more conversions than enrollments, never printing NaN', () => {
    const lines = [
      ...Array.from({ length: 200 }, () => enrollment('hero', 'control')),
      ...Array.from({ length: 200 }, () => enrollment('hero', 'bold')),
      ...Array.from({ length: 60 }, () => conversion('hero', 'control', 'cta')),
      ...Array.from({ length: 260 }, () => conversion('hero', 'bold', 'cta')),
    ];
    const i = new Ingest();
    for (const l of lines) i.line(l);
    const report = analyse(i.counts, HERO, { input: i.finish() });
    const bold = report.experiments[0]!.variants.find((v) => v.name === 'bold')!;
    expect(bold.goals['cta']!.verdict).toMatch(/^MORE CONVERSIONS THAN ENROLLMENTS/);
    expect(JSON.stringify(report)).not.toMatch(/NaN/);
  });
});
