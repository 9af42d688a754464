/**
 * `npm run report`: the experiment decision report from the edge's EMF log lines or from CloudWatch.
 * Runs locally (never at the edge); see USAGE in args.ts.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { loadConfig } from '../edge-functions/config/load';
import type { SiteConfig } from '../edge-functions/config/schema';
import { analyse } from './analyse';
import { parseReportArgs, USAGE, UsageError, type ReportArgs } from './args';
import { printable, printableJson } from './format/printable';
import { renderTable } from './format/table';
import type { IngestSummary } from './input/ingest';
import { readLogs } from './input/read';
import { FIXED_HORIZON, sequentialBoundary } from './stats/boundary';
import type { Counts } from './counts';
import type { ReportConfig } from './types';

/** Where the local CloudFront writes the edge functions' log lines. */
export const DEFAULT_LOG_DIR = path.join('.cloudfront', 'logs');

/** The configuration the report reads: the one place that knows where it comes from. */
export function loadReportConfig(): ReportConfig {
  return reportConfigOf(loadConfig().config);
}

/** The experiments and goals of a configuration: all the report needs from it. */
export function reportConfigOf(config: Pick<SiteConfig, 'experiments'>): ReportConfig {
  return { experiments: config.experiments.list, goals: config.experiments.goals };
}

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { readonly isTTY?: boolean; write(text: string): unknown };
  readonly stdin?: Readable;
  readonly cwd?: string;
  readonly config?: ReportConfig;
  readonly cloudWatchClientFor?: (region: string) => CloudWatchClient;
}

/** Runs the report; returns the exit code (0 ok, 1 no input or failure, 2 bad usage). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ReportArgs;
  try {
    args = parseReportArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`report: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) return (io.stdout.write(USAGE), 0);
  try {
    const config = io.config ?? loadReportConfig();
    const input = await load(args, io, config);
    if (input === null) return 1;
    // Files that could not be read whole are named; the report of the rest still follows (exit code 0).
    for (const w of input.summary?.warnings ?? []) io.stderr.write(printable(`report: warning: ${w}`) + '\n');
    const boundary = args.sequential ? sequentialBoundary() : FIXED_HORIZON;
    const report = analyse(input.counts, config, { boundary, input: input.summary });
    io.stdout.write(args.json ? `${printableJson(JSON.stringify(report, null, 2))}\n` : renderTable(report));
    return 0;
  } catch (err) {
    io.stderr.write(`${printable(`report: ${messageOf(err)}`)}\n`);
    return 1;
  }
}

async function load(
  args: ReportArgs,
  io: CliIo,
  config: ReportConfig,
): Promise<{ counts: Counts; summary: IngestSummary | null } | null> {
  const source = args.source;
  if (source.kind === 'cloudwatch') {
    // Loaded on demand: the AWS SDK is only needed for this source.
    const { readCloudWatch } = await import('./input/cloudwatch');
    const cw = await readCloudWatch({ sinceMs: source.sinceMs, clientFor: io.cloudWatchClientFor });
    io.stderr.write(
      `CloudWatch ${cw.start.toISOString()} – ${cw.end.toISOString()}, ${Object.keys(cw.metricsPerRegion).length} Regions\n`,
    );
    return { counts: cw.counts, summary: null };
  }
  const cwd = io.cwd ?? process.cwd();
  const target = source.kind === 'logs' ? source.path : path.join(cwd, DEFAULT_LOG_DIR);
  if (source.kind === 'default' && !existsSync(target)) {
    io.stderr.write(NO_LOGS);
    return null;
  }
  const logPath = target === '-' ? '-' : path.resolve(cwd, target);
  const ingest = await readLogs(logPath, {
    onlyDotLog: source.kind === 'default',
    stdin: io.stdin,
    progress: io.stderr,
    config,
  });
  return { counts: ingest.counts, summary: ingest.summary };
}

/** The message of anything thrown (errors from other realms, such as fs errors under a test VM, included). */
const messageOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);

const NO_LOGS = `report: no logs at ${DEFAULT_LOG_DIR}/.
The local CloudFront writes the edge functions' log lines (*.log) there: run \`npm start\`, browse the
site so visitors are enrolled and convert, then run \`npm run report\` again.
Or read exported logs with --logs <file|dir|->, or CloudWatch with --cloudwatch --since 7d.
`;

if (require.main === module) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin }).then(
    (code) => (process.exitCode = code),
  );
}
