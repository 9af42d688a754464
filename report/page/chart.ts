/**
 * An inline SVG "forest plot" per goal: each variant's conversion rate as a dot on its 95% Wilson
 * interval, with the control's rate as a dashed reference line. Styled only through classes (the page is
 * served under `style-src 'self'`, so no style attributes or elements).
 */
import { formatPct } from '../format/numbers';
import type { GoalResult, VariantResult } from '../types';
import { el, esc } from './html';

const WIDTH = 640;
const LABEL = 130;
const RIGHT = 24;
const ROW = 30;
const AXIS = 28;

export function rateChart(goal: string, variants: readonly VariantResult[], control: string): string {
  const rows = variants.map((v) => ({ v, g: v.goals[goal]! }));
  const xMax = niceMax(Math.max(0.001, ...rows.filter((r) => r.g.rate !== null).map((r) => r.g.ci[1])));
  const x = (p: number): number => round(LABEL + ((WIDTH - LABEL - RIGHT) * Math.min(p, xMax)) / xMax);
  const height = rows.length * ROW + AXIS;
  const baseline = rows.find((r) => r.v.name === control)?.g.rate ?? null;
  const parts = [
    el('title', {}, esc(`Conversion rate for ${goal}, 95% intervals`)),
    ...axis(x, xMax, rows.length * ROW),
    baseline === null
      ? ''
      : el('line', { class: 'baseline', x1: x(baseline), x2: x(baseline), y1: 0, y2: rows.length * ROW }),
    ...rows.map(({ v, g }, i) => row(v.name, g, v.name === control, i * ROW + ROW / 2, x)),
  ];
  return el(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: 'img',
      'aria-label': `Conversion rate for ${goal}`,
    },
    ...parts,
  );
}

function row(name: string, g: GoalResult, isControl: boolean, y: number, x: (p: number) => number): string {
  const label = el('text', { class: 'label', x: LABEL - 8, y: y + 4 }, esc(name));
  if (g.rate === null)
    return el(
      'g',
      { class: 'arm empty' },
      label,
      el('text', { class: 'note', x: LABEL, y: y + 4 }, 'no visitors'),
    );
  const cls = isControl ? 'arm control' : 'arm';
  return el(
    'g',
    { class: cls },
    label,
    el('line', { class: 'ci', x1: x(g.ci[0]), x2: x(g.ci[1]), y1: y, y2: y }),
    el(
      'circle',
      { class: 'rate', cx: x(g.rate), cy: y, r: 5 },
      el('title', {}, esc(`${name}: ${formatPct(g.rate)}`)),
    ),
  );
}

function axis(x: (p: number) => number, xMax: number, y: number): string[] {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * xMax);
  const digits = xMax < 0.04 ? 2 : 1;
  return [
    el('line', { class: 'axis', x1: x(0), x2: x(xMax), y1: y, y2: y }),
    ...ticks.map((t) => el('text', { class: 'tick', x: x(t), y: y + 18 }, esc(formatPct(t, digits)))),
  ];
}

/** A round upper bound for the axis: 1, 2, 2.5 or 5 × a power of ten, and never above 100%. */
export function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  const m = [1, 2, 2.5, 5, 10].find((k) => k * p >= v)! * p;
  return Math.min(1, m);
}

const round = (n: number): number => Math.round(n * 10) / 10;
