import { analyse } from '../../report/analyse';
import { Counts } from '../../report/counts';
import { renderTable } from '../../report/format/table';
import type { ReportConfig } from '../../report/types';
import { CONTROLS, CONTROLS_SHOWN, experiment, HERO, RAW_CONTROL } from './fixtures';

function counts(rows: [string, string, number, number][]): Counts {
  const c = new Counts();
  for (const [exp, variant, enrolled, conv] of rows) {
    c.add({ metric: 'Enrollments', experiment: exp, variant, value: enrolled });
    c.add({ metric: 'Conversions', experiment: exp, variant, goal: 'cta', value: conv });
  }
  return c;
}

const INPUT = {
  entries: 10,
  records: 8,
  ignored: 1,
  malformed: 1,
  unverified: 0,
  duplicates: 0,
  warnings: [],
};

describe('renderTable', () => {
  it('aligns one row per variant under its header, with verdict lines', () => {
    const text = renderTable(
      analyse(
        counts([
          ['hero', 'control', 4000, 200],
          ['hero', 'bold', 4000, 260],
        ]),
        HERO,
        { input: INPUT },
      ),
    );
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.trimStart().startsWith('variant'));
    const col = (l: string, name: string) => lines[header]!.indexOf(name) + name.length;
    // Right-aligned numbers end under the end of their header.
    for (const row of [lines[header + 1]!, lines[header + 2]!])
      expect(row.slice(0, col(row, 'enrolled')).endsWith('4,000')).toBe(true);
    expect(text).toContain(
      'Read 10 log entries: 8 metric values, 1 other line, 1 malformed (skipped), 0 duplicate lines skipped (already counted).',
    );
    expect(text).toMatch(/→ bold: beats control: \+1\.50 pp \(Holm-adjusted p = 0\.00[0-9]+ < 0\.05\)/);
    expect(text).toContain('sample ratio: OK');
  });

  it('shouts a sample-ratio mismatch above the numbers', () => {
    const text = renderTable(
      analyse(
        counts([
          ['hero', 'control', 4000, 200],
          ['hero', 'bold', 5000, 260],
        ]),
        HERO,
      ),
    );
    expect(text.indexOf('!!! SAMPLE RATIO MISMATCH !!!')).toBeGreaterThan(-1);
    expect(text.indexOf('!!! SAMPLE RATIO MISMATCH !!!')).toBeLessThan(text.indexOf('goal cta'));
    expect(text).toContain('do not act on any result');
  });

  it.each([
    ['no experiments', { experiments: [], goals: [] }, 'No experiments are configured.'],
    ['no goals', { experiments: HERO.experiments, goals: [] }, '(no goals configured)'],
    [
      'a disabled experiment',
      { experiments: [{ ...HERO.experiments[0]!, enabled: false }], goals: [] },
      'DISABLED',
    ],
  ])('handles %s', (_label, config, expected) => {
    expect(renderTable(analyse(new Counts(), config as ReportConfig))).toContain(expected);
  });

  it('names what the logs hold that the configuration does not, and prints n/a rather than NaN', () => {
    const c = counts([
      ['hero', 'control', 5, 0],
      ['old', 'a', 5, 0],
    ]);
    const text = renderTable(analyse(c, HERO));
    expect(text).toContain('In the logs but not configured (not counted): experiment "old".');
    expect(text).toContain('sample ratio: not checked yet');
    expect(text).not.toMatch(/NaN|undefined|Infinity/);
    expect(text).toMatch(/bold +1 +0 +0 +n\/a +\[0\.00%, 100\.00%\] +n\/a +n\/a +n\/a +n\/a +n\/a +n\/a/);
  });

  it('labels the sequential method', () => {
    const report = { ...analyse(new Counts(), HERO), method: 'sequential' as const };
    expect(renderTable(report)).toContain('always-valid 95% intervals');
  });

  it('shows control characters from the logs as visible escapes, in every line and column', () => {
    const config: ReportConfig = {
      experiments: [
        experiment('hero', [
          ['control', 1],
          [CONTROLS, 1],
        ]),
      ],
      goals: [{ id: 'cta' }],
    };
    const c = counts([
      ['hero', 'control', 5, 1],
      ['hero', CONTROLS, 5, 1],
      [CONTROLS, 'a', 1, 0],
    ]);
    c.add({ metric: 'Conversions', experiment: 'hero', variant: 'control', goal: CONTROLS, value: 1 });
    const text = renderTable(analyse(c, config, { input: INPUT }));
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain(`experiment "${CONTROLS_SHOWN}", goal "${CONTROLS_SHOWN}"`);
    // The escaped name is measured as printed: the weight column stays aligned.
    const lines = text.split('\n');
    const header = lines.find((l) => l.trim().startsWith('variant'))!;
    const end = header.indexOf('weight') + 'weight'.length;
    const rows = lines.filter((l) => l.trim().startsWith('control ') || l.trim().startsWith(CONTROLS_SHOWN));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.slice(end - 2, end)).toBe(' 1');
  });

  it('says how many duplicate lines were skipped and what more unconfigured names carried', () => {
    const report = {
      ...analyse(new Counts(), HERO, { input: { ...INPUT, duplicates: 3 } }),
      unconfigured: ['experiment "a"'],
      unconfiguredOther: 12345,
    };
    const text = renderTable(report);
    expect(text).toContain('1 malformed (skipped), 3 duplicate lines skipped (already counted).');
    expect(text).toContain(
      'In the logs but not configured (not counted): experiment "a". And 12,345 enrollments and conversions under more unconfigured names, not listed.',
    );
  });
});
