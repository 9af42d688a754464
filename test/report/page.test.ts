import { analyse } from '../../report/analyse';
import { Counts } from '../../report/counts';
import { niceMax } from '../../report/page/chart';
import { renderReportPage, REPORT_CSS } from '../../report/page';
import type { ReportConfig } from '../../report/types';
import { CONTROLS, CONTROLS_SHOWN, experiment, HERO, RAW_CONTROL } from './fixtures';

const HOSTILE = '<img src=x onerror=alert(1)>"\'&';

function page(rows: [string, string, number, number][], config: ReportConfig): string {
  const c = new Counts();
  for (const [exp, variant, enrolled, conv] of rows) {
    c.add({ metric: 'Enrollments', experiment: exp, variant, value: enrolled });
    c.add({
      metric: 'Conversions',
      experiment: exp,
      variant,
      goal: config.goals[0]?.id ?? 'cta',
      value: conv,
    });
  }
  return renderReportPage(
    analyse(c, config, {
      input: { entries: 3, records: 2, ignored: 0, malformed: 1, unverified: 0, duplicates: 0, warnings: [] },
    }),
  );
}

const NORMAL = page(
  [
    ['hero', 'control', 4000, 200],
    ['hero', 'bold', 4000, 260],
  ],
  HERO,
);

/**
 * The markup's tags with attribute values blanked: text and values are escaped, so a raw `<` only opens a
 * tag and a raw `"` only delimits a value; what is left are element and attribute names.
 */
const tags = (html: string): string =>
  (html.match(/<[^>]*>/g) ?? []).map((t) => t.replace(/"[^"]*"/g, '""')).join('\n');

/** Open/close balance of non-void elements: a cheap well-formedness check for the generated markup. */
function unbalanced(html: string): string[] {
  const stack: string[] = [];
  const bad: string[] = [];
  for (const [, close, name] of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g)) {
    const tag = name!.toLowerCase();
    if (['meta', 'link', 'html'].includes(tag) && !close) continue;
    if (!close) stack.push(tag);
    else if (tag !== 'html' && stack.pop() !== tag) bad.push(tag);
  }
  return [...bad, ...stack];
}

describe('renderReportPage', () => {
  it('is a complete page that refreshes every 5 s and links its stylesheet', () => {
    expect(NORMAL.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(NORMAL).toContain('<meta http-equiv="refresh" content="5">');
    expect(NORMAL).toContain('<link rel="stylesheet" href="/__cloudfront/experiments.css">');
    expect(NORMAL.trimEnd().endsWith('</html>')).toBe(true);
    // Its own icon, so browsers do not fetch the site's /favicon.ico (a 404 in the console without one).
    expect(NORMAL).toContain('<link rel="icon" href="data:,">');
    expect(unbalanced(NORMAL)).toEqual([]);
  });

  it.each([
    ['a script element', /<script/i],
    ['a style element', /<style/i],
    ['a style attribute', /\sstyle\s*=/i],
    ['an event handler attribute', /\son[a-z]+\s*=/i],
    ['a javascript: URL', /javascript:/i],
  ])('contains no %s (strict CSP)', (_label, pattern) => {
    expect(tags(NORMAL)).not.toMatch(pattern);
  });

  it('draws one SVG per goal with a dot and an interval per enrolled variant, inside the view box', () => {
    const svgs = NORMAL.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(svgs).toHaveLength(1);
    expect(svgs[0]!.match(/<circle /g)).toHaveLength(2);
    expect(svgs[0]!.match(/class="ci"/g)).toHaveLength(2);
    const [, , , w, h] = /viewBox="([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)"/.exec(svgs[0]!)!.map(Number);
    for (const [, attr, value] of svgs[0]!.matchAll(/\s(x1|x2|cx|y1|y2|cy)="([^"]*)"/g)) {
      const v = Number(value);
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(attr!.startsWith('x') || attr === 'cx' ? w! : h!);
    }
  });

  it('escapes hostile names from the logs and the configuration', () => {
    const config: ReportConfig = {
      experiments: [
        experiment('hero', [
          ['control', 1],
          [HOSTILE, 1],
        ]),
      ],
      goals: [{ id: HOSTILE }],
    };
    const html = page(
      [
        ['hero', HOSTILE, 10, 1],
        ['<b>unknown</b>', 'x', 1, 0],
      ],
      config,
    );
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>unknown');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(tags(html)).not.toMatch(/\son[a-z]+\s*=/i);
    expect(unbalanced(html)).toEqual([]);
  });

  it('shows control characters from the logs as visible escapes, text and attributes alike', () => {
    const config: ReportConfig = {
      experiments: [
        experiment('hero', [
          ['control', 1],
          [CONTROLS, 1],
        ]),
      ],
      goals: [{ id: 'cta' }],
    };
    const html = page(
      [
        ['hero', CONTROLS, 10, 1],
        [CONTROLS, 'x', 1, 0],
      ],
      config,
    );
    expect(html).not.toMatch(RAW_CONTROL);
    expect(html).toContain(`experiment &quot;${CONTROLS_SHOWN}&quot;`);
    expect(html).toContain(`<td>${CONTROLS_SHOWN}</td>`);
  });

  it('lists what could not be read in an alert, with the duplicates skipped and the unlisted names', () => {
    const input = {
      entries: 3,
      records: 2,
      ignored: 0,
      malformed: 1,
      unverified: 0,
      duplicates: 2,
      warnings: ['export/000001.gz: skipped, unreadable (incorrect header check)'],
    };
    const report = {
      ...analyse(new Counts(), HERO, { input }),
      unconfigured: ['goal "x"'],
      unconfiguredOther: 7,
    };
    const html = renderReportPage(report);
    expect(html).toContain('2 duplicate lines skipped (already counted).');
    expect(html).toContain('And 7 enrollments and conversions under more unconfigured names, not listed.');
    expect(html).toContain(
      '<ul class="warnings" role="alert"><li>export/000001.gz: skipped, unreadable (incorrect header check)</li></ul>',
    );
    expect(
      renderReportPage(analyse(new Counts(), HERO, { input: { ...input, warnings: [] } })),
    ).not.toContain('warnings');
  });

  it('puts a sample-ratio mismatch in an alert before the tables', () => {
    const html = page(
      [
        ['hero', 'control', 4000, 200],
        ['hero', 'bold', 5000, 260],
      ],
      HERO,
    );
    const alert = html.indexOf('class="srm mismatch" role="alert"');
    expect(alert).toBeGreaterThan(-1);
    expect(alert).toBeLessThan(html.indexOf('<table'));
  });

  it.each([
    ['nobody enrolled', [], 'no visitors'],
    ['no experiments', null, 'No experiments are configured.'],
  ])('renders %s without NaN', (_label, rows, text) => {
    const config = rows === null ? { experiments: [], goals: [] } : HERO;
    const html = page((rows ?? []) as [string, string, number, number][], config);
    expect(html).toContain(text);
    expect(html).not.toMatch(/NaN|undefined|Infinity/);
  });

  it('uses a chosen stylesheet URL and refresh, escaped', () => {
    const c = analyse(new Counts(), HERO);
    const html = renderReportPage(c, { cssHref: '/x.css?"a"', refreshSeconds: 30 });
    expect(html).toContain('href="/x.css?&quot;a&quot;"');
    expect(html).toContain('content="30"');
  });
});

describe('REPORT_CSS', () => {
  it('styles the classes the page uses and loads nothing from elsewhere', () => {
    for (const cls of ['srm', 'mismatch', 'chart', 'ci', 'rate', 'baseline', 'verdicts', 'win', 'table-wrap'])
      expect(REPORT_CSS).toContain(`.${cls}`);
    expect(REPORT_CSS).not.toMatch(/@import|url\(|<\/style/i);
  });
});

describe('niceMax', () => {
  it.each([
    [0.001, 0.001],
    [0.0123, 0.02],
    [0.0564, 0.1],
    [0.22, 0.25],
    [0.71, 1],
    [1, 1],
  ])('%p → %p', (v, max) => expect(niceMax(v)).toBeCloseTo(max, 12));
});
