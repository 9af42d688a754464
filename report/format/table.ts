/** The default output: one readable text table per experiment and goal, the SRM check on top. */
import type { ExperimentResult, GoalResult, Report, VariantResult } from '../types';
import { renderColumns, type Column } from './columns';
import { formatCount, formatInterval, formatP, formatPct, formatPP, formatRel } from './numbers';
import { printable } from './printable';
import { phaseText, readText, unconfiguredText } from './summary';

interface Row {
  readonly v: VariantResult;
  readonly g: GoalResult;
}

const pp = (x: number | null): string => formatPP(x).replace(' pp', '');
/** The phase's weight, `?` when unknown. */
export const weightText = (v: VariantResult): string => (v.weight === null ? '?' : String(v.weight));

/** Declarative column table: header, alignment, cell. */
const GOAL_COLUMNS: readonly Column<Row>[] = [
  { header: 'variant', align: 'left', cell: ({ v }) => v.name },
  { header: 'weight', align: 'right', cell: ({ v }) => weightText(v) },
  { header: 'enrolled', align: 'right', cell: ({ v }) => formatCount(v.enrolled) },
  { header: 'conv', align: 'right', cell: ({ g }) => formatCount(g.conversions) },
  { header: 'rate', align: 'right', cell: ({ g }) => formatPct(g.rate) },
  { header: 'rate 95% CI', align: 'left', cell: ({ g }) => formatInterval(g.ci, (x) => formatPct(x)) },
  { header: 'uplift (pp)', align: 'right', cell: ({ g }) => (g.uplift ? pp(g.uplift.abs) : '') },
  {
    header: 'uplift 95% CI',
    align: 'left',
    cell: ({ g }) => (g.uplift ? formatInterval(g.uplift.absCi, pp) : ''),
  },
  { header: 'relative', align: 'right', cell: ({ g }) => (g.uplift ? formatRel(g.uplift.rel) : '') },
  {
    header: 'relative 95% CI',
    align: 'left',
    cell: ({ g }) => (g.uplift ? formatInterval(g.uplift.relCi, formatRel) : ''),
  },
  { header: 'p', align: 'right', cell: ({ g }) => (g.uplift ? formatP(g.pValue) : '') },
  { header: 'Holm p', align: 'right', cell: ({ g }) => (g.uplift ? formatP(g.adjustedPValue) : '') },
];

const ENROLLMENT_COLUMNS: readonly Column<VariantResult>[] = [
  { header: 'variant', align: 'left', cell: (v) => v.name },
  { header: 'weight', align: 'right', cell: weightText },
  { header: 'enrolled', align: 'right', cell: (v) => formatCount(v.enrolled) },
];

const METHOD = {
  'fixed-horizon': 'fixed-horizon 95% intervals (valid for one planned look; --sequential to peek safely)',
  sequential: 'always-valid 95% intervals (normal-mixture confidence sequence, tuned for 5,000 visitors)',
} as const;

export function renderTable(report: Report): string {
  const lines = [`Experiment report: ${METHOD[report.method]}`];
  if (report.input) lines.push(readText(report.input));
  const unconfigured = unconfiguredText(report);
  if (unconfigured !== null) lines.push(unconfigured);
  if (report.experiments.length === 0) lines.push('', 'No experiments are configured.');
  for (const e of report.experiments) lines.push('', ...experimentLines(e));
  // Every line, names from the logs included, reaches the terminal through printable().
  return `${lines.map(printable).join('\n')}\n`;
}

function experimentLines(e: ExperimentResult): string[] {
  const lines = [
    `${e.id}  (control: ${e.control}${e.enabled ? '' : ', DISABLED'})`,
    `  ${phaseText(e)}`,
    ...srmLines(e),
  ];
  const goals = Object.keys(e.gates);
  if (goals.length === 0)
    return [...lines, ...renderColumns(ENROLLMENT_COLUMNS, e.variants, '  '), '  (no goals configured)'];
  for (const goal of goals) {
    const rows = e.variants.map((v) => ({ v, g: v.goals[goal]! }));
    lines.push(`  goal ${goal}`, ...renderColumns(GOAL_COLUMNS, rows, '    '));
    for (const { v, g } of rows) if (g.verdict) lines.push(`    → ${v.name}: ${g.verdict}`);
  }
  return lines;
}

function srmLines(e: ExperimentResult): string[] {
  const { pValue, mismatch } = e.srm;
  if (e.weightsFrom === null)
    return [
      `  sample ratio: not checked: the weights of phase ${e.phase} are unknown (--kvs <arn> or --remote)`,
    ];
  if (pValue === null) return ['  sample ratio: not checked yet (an arm expects fewer than 8 visitors)'];
  if (!mismatch) return [`  sample ratio: OK (χ² p = ${formatP(pValue)})`];
  return [
    '  !!! SAMPLE RATIO MISMATCH !!!',
    `  Enrollments do not follow the phase's weights (χ² p = ${formatP(pValue)} < 0.001).`,
    '  Assignment or logging is broken: do not act on any result of this experiment.',
  ];
}
