/**
 * `npm run report`: the experiment decision report from the edge's EMF log lines or from CloudWatch.
 * Runs locally (never at the edge); see USAGE in args.ts.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudFrontKeyValueStoreClient } from '@aws-sdk/client-cloudfront-keyvaluestore';
import { localStorePath, readLocalStore } from '../edge-functions/build/kvs-seed';
import { configFilePath, loadConfig } from '../edge-functions/config/load';
import type { SiteConfig } from '../edge-functions/config/schema';
import { analyse } from './analyse';
import { parseReportArgs, USAGE, UsageError, type ReportArgs } from './args';
import { printable, printableJson } from './format/printable';
import { renderTable } from './format/table';
import type { IngestSummary } from './input/ingest';
import { readLogs } from './input/read';
import { FIXED_HORIZON, sequentialBoundary } from './stats/boundary';
import type { Counts } from './counts';
import { historyKey } from '../experiments/history';
import { configurationWeights, storeWeights, type PhaseChoice, type PhaseWeights } from './phases';
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
  /** The local store read for the default source's phase weights; beside edge.config.ts when absent. */
  readonly localStoreFile?: string;
  /** For `--kvs`/`--remote`: the clients, and the stack (stackName in edge.config.ts when absent). */
  readonly kvsClient?: CloudFrontKeyValueStoreClient;
  readonly cloudFormationClient?: CloudFormationClient;
  readonly stackName?: string;
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
    const phaseWeights = await phaseWeightsOf(args, io, config);
    const phase = phaseChoice(args, config);
    const report = analyse(input.counts, config, { boundary, input: input.summary, phase, phaseWeights });
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

/** `--phase`, its experiment ids checked against the configuration. */
function phaseChoice(args: ReportArgs, config: ReportConfig): PhaseChoice {
  const ids = config.experiments.map((e) => e.id);
  for (const id of Object.keys(args.phase.byId))
    if (!ids.includes(id))
      throw new Error(
        `--phase: no experiment '${id}' in the configuration, got: '${id}'; use one of: ${ids.join(', ')}`,
      );
  return (id) => args.phase.byId[id] ?? args.phase.all;
}

/**
 * Each phase's weights: the deployed store's phase histories with `--kvs`/`--remote`; the local store's for
 * the default source (the local CloudFront's logs); otherwise phase 0's only (edge.config.ts).
 */
async function phaseWeightsOf(args: ReportArgs, io: CliIo, config: ReportConfig): Promise<PhaseWeights> {
  if (args.store) {
    const { checkKvsArn, RemoteStore, stackKvsArn } = await import('../experiments/remote');
    const arn = args.store.arn
      ? checkKvsArn(args.store.arn)
      : await stackKvsArn(io.stackName ?? loadConfig().config.stackName, io.cloudFormationClient);
    const store = new RemoteStore(arn, io.kvsClient);
    try {
      return storeWeights((await store.read(config.experiments.map((e) => historyKey(e.id)))).entries);
    } finally {
      if (!io.kvsClient) store.destroy();
    }
  }
  if (args.source.kind !== 'default') return configurationWeights;
  const local = readLocalStore(io.localStoreFile ?? localStorePath(configFilePath()));
  return local ? storeWeights(local) : configurationWeights;
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
