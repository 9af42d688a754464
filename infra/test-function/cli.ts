/**
 * `npm run test-function [-- --deployed] [--max-utilization=71]`: with `viewer.runtime:
 * 'cloudfront-functions'` and the stack deployed once, runs the CloudFront Functions `npm run build` made
 * in AWS's runtime (their DEVELOPMENT stage, never LIVE) on probes built from `edge.config.ts` (or
 * `EDGE_CONFIG`), and compares each answer with the Lambda@Edge bundle built from the same configuration,
 * which the parity test holds equal to the CloudFront Functions bundle locally. Credentials: the AWS SDK's
 * default chain. docs/deploy.md#test-the-cloudfront-functions-in-aws-before-they-go-live.
 */
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundlePath, DIST } from '../../edge-functions/build/options';
import {
  CLOUDFRONT_FUNCTIONS,
  type CloudFrontFunctionName,
} from '../../edge-functions/cloudfront-functions/contract';
import { loadConfig, type LoadedConfig } from '../../edge-functions/config/load';
import { COMPUTE_UTILIZATION_WARNING } from '../alarms';
import { cloudFrontFunctionNames } from '../edge-names';
import { functionCodePath } from '../viewer-functions';
import { fromLambdaResult, summary } from './decisions';
import { lambdaEvent, probes } from './probes';
import { testFunctions, type LocalDecider, type ProbeResult } from './run';

export const USAGE = `usage: npm run test-function [-- --deployed] [--max-utilization=<1-100>]
  --deployed            test the DEVELOPMENT stage as deployed, without uploading dist/cloudfront-functions/
  --max-utilization=N   fail a probe whose compute utilization reaches N (default ${COMPUTE_UTILIZATION_WARNING})`;

export interface CliOptions {
  readonly deployed: boolean;
  readonly maxUtilization: number;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  let deployed = false;
  let maxUtilization: number = COMPUTE_UTILIZATION_WARNING;
  for (const arg of argv) {
    const m = /^--max-utilization=(\d+)$/.exec(arg);
    if (arg === '--deployed') deployed = true;
    else if (m && Number(m[1]) >= 1 && Number(m[1]) <= 100) maxUtilization = Number(m[1]);
    else throw new Error(`unknown or bad argument, got: '${arg}'\n${USAGE}`);
  }
  return { deployed, maxUtilization };
}

/** The Lambda@Edge viewer-request bundle at `file`, run in this process, its lines captured. */
export function lambdaEdgeDecider(file: string): LocalDecider {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { handler } = require(file) as { handler: (event: unknown) => Promise<unknown> };
  return async (probe) => {
    const lines: string[] = [];
    const log = console.log;
    console.log = (line: unknown) => void lines.push(String(line));
    try {
      return fromLambdaResult(await handler(lambdaEvent(probe)), lines);
    } finally {
      console.log = log;
    }
  };
}

/** One line per probe, then the verdict: `✓ viewer-request  Accept-Language: ja  302 → /ja/  (utilization 9)`. */
export function formatResults(results: readonly ProbeResult[]): string {
  const rows = results.map((r) => {
    const answer = r.deployed ? summary(r.deployed) : 'no answer';
    const head = `${r.failures.length === 0 ? '✓' : '✗'} ${r.probe.fn.padEnd(15)} ${r.probe.name}  ${answer}  (utilization ${r.utilization ?? '?'})`;
    return [head, ...r.failures.map((f) => `    ${f}`)].join('\n');
  });
  const failed = results.filter((r) => r.failures.length > 0).length;
  const max = Math.max(0, ...results.map((r) => (Number.isFinite(r.utilization) ? r.utilization! : 0)));
  return `${rows.join('\n')}\n${results.length - failed} of ${results.length} probes agree with the local bundle; highest compute utilization ${max}`;
}

export interface CliContext {
  /** @default a client for us-east-1 with the SDK's default credentials */
  readonly client?: CloudFrontClient;
  /** @default loadConfig() (`EDGE_CONFIG` or edge.config.ts) */
  readonly site?: LoadedConfig;
  /** Where `npm run build` wrote the bundles. @default DIST */
  readonly outDir?: string;
}

/** The built code of each function, or an error saying how to make it. */
function builtCode(outDir: string): Record<CloudFrontFunctionName, Uint8Array> {
  const code = {} as Record<CloudFrontFunctionName, Uint8Array>;
  for (const fn of CLOUDFRONT_FUNCTIONS) {
    const file = functionCodePath(fn, outDir);
    if (!existsSync(file))
      throw new Error(
        `${path.relative(process.cwd(), file)} is missing: run npm run build first (or pass --deployed)`,
      );
    code[fn] = readFileSync(file);
  }
  return code;
}

export async function main(argv: readonly string[], context: CliContext = {}) {
  const options = parseArgs(argv);
  const { config } = context.site ?? loadConfig();
  const outDir = context.outDir ?? DIST;
  if (config.viewer.runtime !== 'cloudfront-functions')
    throw new Error(
      `viewer.runtime is '${config.viewer.runtime}': test-function tests CloudFront Functions, set viewer.runtime: 'cloudfront-functions' and deploy once`,
    );
  const results = await testFunctions({
    client: context.client ?? new CloudFrontClient({ region: 'us-east-1' }),
    names: cloudFrontFunctionNames(config.stackName),
    probes: probes(config),
    local: lambdaEdgeDecider(path.resolve(bundlePath('viewer-request', outDir))),
    code: options.deployed ? undefined : builtCode(outDir),
    maxUtilization: options.maxUtilization,
  });
  return { text: formatResults(results), ok: results.every((r) => r.failures.length === 0) };
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    ({ text, ok }) => {
      console.log(text);
      process.exitCode = ok ? 0 : 1;
    },
    (err: unknown) => {
      console.error(`test-function: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 2;
    },
  );
