/** `npm run experiments -- status`: each experiment's live state beside what `edge.config.ts` bakes. */
import type { LiveEntry } from '../edge-functions/cloudfront-functions/contract';
import type { ExperimentConfig } from '../edge-functions/config/schema';
import { renderColumns, type Column } from '../report/format/columns';
import { inForce, type ExperimentState } from './plan';

/** One experiment's status, as `--json` prints it. */
export interface StatusRow {
  readonly id: string;
  /** `missing` or `malformed`: the function serves `edge.config.ts`'s values and logs a W_KVS line. */
  readonly problem: ExperimentState['problem'] | null;
  /** What the function does: the store's switch combined with `enabled`, its weights and phase. */
  readonly on: boolean;
  readonly weights: Readonly<Record<string, number>>;
  readonly phase: number;
  /** What differs from `edge.config.ts` (`enabled`, weights), empty when nothing does. */
  readonly differs: readonly string[];
}

const weightsOf = (e: ExperimentConfig, w: readonly number[]): Record<string, number> =>
  Object.fromEntries(e.variants.map((v, i) => [v.name, w[i]!]));

const weightsText = (e: ExperimentConfig, w: readonly number[]): string =>
  e.variants.map((v, i) => `${v.name} ${w[i]}`).join(' · ');

function differences(e: ExperimentConfig, entry: LiveEntry): string[] {
  const out: string[] = [];
  if (entry.on !== e.enabled) out.push(`edge.config.ts has enabled: ${e.enabled}`);
  const baked = e.variants.map((v) => v.weight);
  if (baked.join() !== entry.w.join()) out.push(`edge.config.ts has weights ${weightsText(e, baked)}`);
  return out;
}

export function statusRows(states: readonly ExperimentState[]): StatusRow[] {
  return states.map((s) => {
    const e = s.experiment;
    const entry = inForce(s);
    return {
      id: e.id,
      problem: s.problem ?? null,
      on: e.enabled && entry.on,
      weights: weightsOf(e, entry.w),
      phase: entry.p,
      differs: s.entry ? differences(e, s.entry) : [],
    };
  });
}

const PROBLEM = {
  missing: 'no entry in the store: the function uses edge.config.ts and logs a W_KVS line per request',
  malformed: 'the entry is malformed: the function uses edge.config.ts and logs a W_KVS line per request',
} as const;

type Row = { s: ExperimentState; r: StatusRow };

const COLUMNS: readonly Column<Row>[] = [
  { header: 'experiment', align: 'left', cell: ({ r }) => r.id },
  {
    header: 'state',
    align: 'left',
    cell: ({ s, r }) => (!s.experiment.enabled ? 'disabled in edge.config.ts' : r.on ? 'on' : 'stopped'),
  },
  { header: 'weights', align: 'left', cell: ({ s }) => weightsText(s.experiment, inForce(s).w) },
  { header: 'phase', align: 'right', cell: ({ r }) => String(r.phase) },
  {
    header: 'against edge.config.ts',
    align: 'left',
    cell: ({ r }) => (r.problem ? PROBLEM[r.problem] : r.differs.length ? r.differs.join('; ') : 'same'),
  },
];

/** The status table, the store named first. */
export function renderStatus(storeName: string, states: readonly ExperimentState[]): string {
  const rows = statusRows(states).map((r, i) => ({ s: states[i]!, r }));
  const lines = [`Store: ${storeName}`];
  if (rows.length === 0) lines.push('No experiments are configured.');
  else lines.push(...renderColumns(COLUMNS, rows));
  const fix = rows.some(({ r }) => r.problem)
    ? ['', 'Any stop, start or weights command writes the entry (phase 1 or above).']
    : [];
  return `${[...lines, ...fix].join('\n')}\n`;
}
