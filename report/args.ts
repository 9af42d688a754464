/** Command-line options of `npm run report`. */
import { parseArgs } from 'node:util';

export const USAGE = `Usage: npm run report -- [options]

Reads the edge's Embedded Metric Format lines and reports each experiment: sample-ratio check,
conversion rates with 95% Wilson intervals, uplift against control with Holm-adjusted p-values.

Sources (default: .cloudfront/logs/*.log, written by the local CloudFront):
  --logs <file|dir|->       exported CloudWatch logs, raw EMF lines or \`aws logs filter-log-events\` JSON
  --cloudwatch              sum the metrics from CloudWatch in every Lambda@Edge Region (AWS credentials)
  --since <duration>        window for --cloudwatch, e.g. 36h, 7d, 2w (default 7d)

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
  return { source, json: values.json, sequential: values.sequential, help: values.help };
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
