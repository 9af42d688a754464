/** Command-line options of `npm run report`. */
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run report -- [options]

Reads the edge's Embedded Metric Format lines and reports each experiment: sample-ratio check,
conversion rates with 95% Wilson intervals, uplift against control with Holm-adjusted p-values.

Sources (default: .cloudfront/logs/*.log, written by the local CloudFront):
  --logs <file|dir|->       exported CloudWatch logs, raw EMF lines or \`aws logs filter-log-events\` JSON
  --cloudwatch              sum the metrics from CloudWatch in every Lambda@Edge Region (AWS credentials)
  --since <duration>        window for --cloudwatch, e.g. 36h, 7d, 2w (default 7d)

Phases (each stop, start or re-weight through npm run experiments starts one; one is analysed at a time):
  --phase <n>               analyse phase n of every experiment (default: each one's latest with enrollments)
  --phase <id>=<n>          analyse phase n of experiment <id>; repeat for others
  --kvs <arn>               read each phase's weights from the deployed store with this ARN
  --remote                  the same, the store found from the site stack's output
                            (without either: the local store for the default source, else phase 0 only)

Output:
  --json                    machine-readable report
  --sequential              always-valid intervals and p-values, safe to check every day
  -h, --help                this text
`;

export interface ReportArgs {
  readonly source:
    { kind: 'default' } | { kind: 'logs'; path: string } | { kind: 'cloudwatch'; sinceMs: number };
  readonly json: boolean;
  readonly sequential: boolean;
  readonly help: boolean;
  /** `--phase`: for every experiment (`all`) and per experiment id. */
  readonly phase: { readonly all?: number; readonly byId: Readonly<Record<string, number>> };
  /** Where each phase's weights are read: the deployed store (an ARN, or the stack's), or not (`null`). */
  readonly store: { readonly arn?: string } | null;
}

export class UsageError extends Error {}

export function parseReportArgs(argv: readonly string[]): ReportArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        logs: { type: 'string' },
        cloudwatch: { type: 'boolean', default: false },
        since: { type: 'string' },
        json: { type: 'boolean', default: false },
        sequential: { type: 'boolean', default: false },
        phase: { type: 'string', multiple: true },
        kvs: { type: 'string' },
        remote: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.logs !== undefined && values.cloudwatch)
    throw new UsageError('use either --logs or --cloudwatch');
  if (values.since !== undefined && !values.cloudwatch)
    throw new UsageError('--since applies to --cloudwatch');
  if (values.logs === '') throw new UsageError('--logs needs a file, a folder or -');
  const source: ReportArgs['source'] = values.cloudwatch
    ? { kind: 'cloudwatch', sinceMs: parseDuration(values.since ?? '7d') }
    : values.logs !== undefined
      ? { kind: 'logs', path: values.logs }
      : { kind: 'default' };
  if (values.kvs !== undefined && values.remote) throw new UsageError('use either --kvs <arn> or --remote');
  const store = values.kvs !== undefined ? { arn: values.kvs } : values.remote ? {} : null;
  const phase = parsePhases(values.phase ?? []);
  return { source, json: values.json, sequential: values.sequential, help: values.help, phase, store };
}

/** `--phase 2` (every experiment) and `--phase hero=3` (one), each phase a whole number. */
function parsePhases(texts: readonly string[]): ReportArgs['phase'] {
  let all: number | undefined;
  const byId: Record<string, number> = {};
  for (const text of texts) {
    const m = /^(?:([a-z0-9-]{1,32})=)?(0|[1-9][0-9]{0,15})$/.exec(text);
    if (!m || !Number.isSafeInteger(Number(m[2])))
      throw new UsageError(`--phase takes <n> or <experiment id>=<n> with n a whole number, got: '${text}'`);
    if (m[1] === undefined) all = Number(m[2]);
    else byId[m[1]] = Number(m[2]);
  }
  return all === undefined ? { byId } : { all, byId };
}

const UNIT_MS = { m: 60_000, h: 3600_000, d: 86400_000, w: 7 * 86400_000 } as const;
/** CloudWatch keeps hourly data points for 455 days. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#metrics-retention */
const MAX_MS = 455 * UNIT_MS.d;

/** `90m`, `36h`, `7d`, `2w` → milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([mhdw])$/.exec(text.trim());
  const ms = m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : NaN;
  if (!(ms > 0)) throw new UsageError(`--since: "${text}" is not a duration like 36h, 7d or 2w`);
  if (ms > MAX_MS) throw new UsageError(`--since: CloudWatch keeps hourly data for 455 days at most`);
  return ms;
}
