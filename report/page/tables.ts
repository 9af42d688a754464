/** The report page's tables: one per goal (variants as rows), or enrollments alone when no goal is set. */
import { formatCount, formatInterval, formatP, formatPct, formatPP, formatRel } from '../format/numbers';
import type { GoalResult, VariantResult } from '../types';
import { weightText } from '../format/table';
import { el, esc } from './html';

/** Declarative: header → cell text. Comparison columns stay empty on the control row. */
const GOAL_COLUMNS: readonly [string, (v: VariantResult, g: GoalResult) => string][] = [
  ['Variant', (v) => v.name],
  ['Weight', (v) => weightText(v)],
  ['Enrolled', (v) => formatCount(v.enrolled)],
  ['Conversions', (_, g) => formatCount(g.conversions)],
  ['Rate', (_, g) => formatPct(g.rate)],
  ['95% CI', (_, g) => formatInterval(g.ci, (x) => formatPct(x))],
  ['Uplift', (_, g) => (g.uplift ? formatPP(g.uplift.abs) : '')],
  ['95% CI', (_, g) => (g.uplift ? formatInterval(g.uplift.absCi, formatPP) : '')],
  ['Relative', (_, g) => (g.uplift ? formatRel(g.uplift.rel) : '')],
  ['95% CI', (_, g) => (g.uplift ? formatInterval(g.uplift.relCi, formatRel) : '')],
  ['p', (_, g) => (g.uplift ? formatP(g.pValue) : '')],
  ['Holm p', (_, g) => (g.uplift ? formatP(g.adjustedPValue) : '')],
];

const ENROLLMENT_COLUMNS: readonly [string, (v: VariantResult) => string][] = [
  ['Variant', (v) => v.name],
  ['Weight', (v) => weightText(v)],
  ['Enrolled', (v) => formatCount(v.enrolled)],
];

export function goalTable(variants: readonly VariantResult[], goal: string, control: string): string {
  const rows = variants.map((v) =>
    row(
      v.name === control,
      GOAL_COLUMNS.map(([, cell]) => cell(v, v.goals[goal]!)),
    ),
  );
  return table(
    GOAL_COLUMNS.map(([h]) => h),
    rows,
  );
}

export function enrollmentTable(variants: readonly VariantResult[], control: string): string {
  const rows = variants.map((v) =>
    row(
      v.name === control,
      ENROLLMENT_COLUMNS.map(([, cell]) => cell(v)),
    ),
  );
  return table(
    ENROLLMENT_COLUMNS.map(([h]) => h),
    rows,
  );
}

const row = (isControl: boolean, cells: readonly string[]): string =>
  el('tr', isControl ? { class: 'control' } : {}, ...cells.map((c) => el('td', {}, esc(c))));

function table(head: readonly string[], rows: readonly string[]): string {
  const thead = el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col' }, esc(h)))));
  return el('div', { class: 'table-wrap' }, el('table', {}, thead, el('tbody', {}, ...rows)));
}
