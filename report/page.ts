/**
 * `renderReportPage(report)`: the report as a complete HTML page, pure (no I/O), for the local
 * CloudFront to serve at `/__cloudfront/experiments`. It carries no script, no inline style and no event
 * handler, so it renders under `default-src 'none'; style-src 'self'; img-src 'self' data:`; styling comes
 * from REPORT_CSS at `cssHref`, and it refreshes itself every 5 seconds with a meta refresh.
 */
import { formatP } from './format/numbers';
import { phaseText, readText, unconfiguredText } from './format/summary';
import { rateChart } from './page/chart';
import { el, esc } from './page/html';
import { enrollmentTable, goalTable } from './page/tables';
import type { ExperimentResult, GoalResult, Report } from './types';

export { REPORT_CSS } from './page/css';

export interface PageOptions {
  /** Where REPORT_CSS is served. */
  readonly cssHref?: string;
  /** Seconds between automatic reloads. */
  readonly refreshSeconds?: number;
}

const METHOD = {
  'fixed-horizon': 'Fixed-horizon 95% intervals: valid for one planned look.',
  sequential: 'Always-valid 95% intervals (normal-mixture confidence sequence): safe to check at any time.',
} as const;

export function renderReportPage(report: Report, options: PageOptions = {}): string {
  const { cssHref = '/__cloudfront/experiments.css', refreshSeconds = 5 } = options;
  const head = [
    '<meta charset="utf-8">',
    `<meta http-equiv="refresh" content="${esc(refreshSeconds)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Experiments</title>',
    `<link rel="stylesheet" href="${esc(cssHref)}">`,
    // An empty icon of its own (img-src allows data:): otherwise the browser asks the site for /favicon.ico
    // on every refresh, and a site without one answers 404, an error in the console each time.
    '<link rel="icon" href="data:,">',
  ];
  const experiments = report.experiments.length
    ? report.experiments.map(experiment)
    : [el('p', {}, 'No experiments are configured.')];
  const header = el('header', {}, el('h1', {}, 'Experiments'), ...summary(report));
  const body = [header, el('main', {}, ...experiments)];
  return `<!doctype html>\n<html lang="en">\n<head>\n${head.join('\n')}\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}

/** The method, what was read, what is not configured, and what could not be read (as an alert). */
function summary(report: Report): string[] {
  const texts = [METHOD[report.method], report.input && readText(report.input), unconfiguredText(report)];
  const meta = el('p', { class: 'meta' }, esc(texts.filter((t) => t).join(' ')));
  const warnings = report.input?.warnings ?? [];
  if (warnings.length === 0) return [meta];
  return [meta, el('ul', { class: 'warnings', role: 'alert' }, ...warnings.map((w) => el('li', {}, esc(w))))];
}

function experiment(e: ExperimentResult): string {
  const note = `control: ${e.control}${e.enabled ? '' : ' · disabled'}`;
  const title = el('h2', {}, esc(e.id), ' ', el('span', { class: 'control-name' }, esc(note)));
  const goals = Object.keys(e.gates);
  const sections = goals.length
    ? goals.map((g) => goalSection(e, g))
    : [enrollmentTable(e.variants, e.control), el('p', { class: 'note' }, 'No goals configured.')];
  const phase = el('p', { class: 'phase' }, esc(phaseText(e)));
  return el('section', { class: 'experiment' }, title, phase, srm(e), ...sections);
}

/** The sample-ratio check comes first and, on a mismatch, as an alert. */
function srm(e: ExperimentResult): string {
  const { pValue, mismatch } = e.srm;
  if (e.weightsFrom === null)
    return el(
      'p',
      { class: 'srm unchecked' },
      esc(`Sample ratio: not checked: the weights of phase ${e.phase} are unknown, so no verdict is given.`),
    );
  if (pValue === null)
    return el('p', { class: 'srm unchecked' }, 'Sample ratio: not checked yet (too few visitors).');
  if (!mismatch) return el('p', { class: 'srm ok' }, esc(`Sample ratio: OK (χ² p = ${formatP(pValue)}).`));
  const text = `Sample ratio mismatch (χ² p = ${formatP(pValue)} < 0.001): enrollments do not follow the phase's weights. Do not act on any result of this experiment.`;
  return el('p', { class: 'srm mismatch', role: 'alert' }, esc(text));
}

function goalSection(e: ExperimentResult, goal: string): string {
  const verdicts = e.variants
    .filter((v) => v.goals[goal]!.verdict !== undefined)
    .map((v) => verdictItem(v.name, v.goals[goal]!));
  return el(
    'section',
    { class: 'goal' },
    el('h3', {}, esc(`Goal: ${goal}`)),
    goalTable(e.variants, goal, e.control),
    rateChart(goal, e.variants, e.control),
    el('ul', { class: 'verdicts' }, ...verdicts),
  );
}

const VERDICT_CLASS: readonly [RegExp, string][] = [
  [/^beats/, 'win'],
  [/^loses/, 'loss'],
  [/^(SAMPLE RATIO|not enough|no comparison)/, 'blocked'],
];

function verdictItem(name: string, g: GoalResult): string {
  const text = g.verdict!;
  const cls = VERDICT_CLASS.find(([re]) => re.test(text))?.[1] ?? 'neutral';
  return el('li', { class: cls }, el('strong', {}, esc(name)), ': ', esc(text));
}
