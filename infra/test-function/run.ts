/**
 * Runs the deployed CloudFront Functions in AWS's own runtime before they go live: each function's
 * DEVELOPMENT stage gets the code `npm run build` made (UpdateFunction, never PublishFunction: the LIVE stage,
 * which the distribution runs, keeps its code), then TestFunction runs it on every probe, and each result
 * is compared with what the local bundle decides for the same request.
 * DescribeFunction: https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DescribeFunction.html
 * UpdateFunction: https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_UpdateFunction.html
 * TestFunction: https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_TestFunction.html
 */
import {
  DescribeFunctionCommand,
  TestFunctionCommand,
  UpdateFunctionCommand,
  type CloudFrontClient,
} from '@aws-sdk/client-cloudfront';
import type { CloudFrontFunctionName } from '../../edge-functions/cloudfront-functions/contract';
import type { CloudFrontFunctionNames } from '../edge-names';
import { differences, fromFunctionOutput, type Decision } from './decisions';
import { functionEvent, type Probe } from './probes';

/** What the local bundle decides for a probe. */
export type LocalDecider = (probe: Probe) => Promise<Decision>;

export interface TestFunctionOptions {
  readonly client: CloudFrontClient;
  readonly names: CloudFrontFunctionNames;
  readonly probes: readonly Probe[];
  readonly local: LocalDecider;
  /**
   * The code to test, per function, put on its DEVELOPMENT stage first.
   * @default - the DEVELOPMENT stage as deployed
   */
  readonly code?: Readonly<Record<CloudFrontFunctionName, Uint8Array>>;
  /** A compute utilization from here on fails the probe (AWS warns of throttling from 71). */
  readonly maxUtilization: number;
}

export interface ProbeResult {
  readonly probe: Probe;
  readonly local?: Decision;
  readonly deployed?: Decision;
  /** TestFunction's `ComputeUtilization`, 0–100. */
  readonly utilization?: number;
  /** Why the probe failed: differences, the function's error, a utilization too high. */
  readonly failures: readonly string[];
}

const STAGE = 'DEVELOPMENT';

/** The DEVELOPMENT stage's ETag, after putting `code` there when given (its configuration kept as it is). */
async function developmentETag(client: CloudFrontClient, name: string, code: Uint8Array | undefined) {
  const described = await client.send(new DescribeFunctionCommand({ Name: name, Stage: STAGE }));
  if (code === undefined) return described.ETag!;
  const config = described.FunctionSummary?.FunctionConfig;
  if (config === undefined) throw new Error(`DescribeFunction ${name} returned no FunctionConfig`);
  const updated = await client.send(
    new UpdateFunctionCommand({
      Name: name,
      IfMatch: described.ETag,
      FunctionConfig: config,
      FunctionCode: code,
    }),
  );
  return updated.ETag!;
}

async function runProbe(
  o: TestFunctionOptions,
  name: string,
  etag: string,
  probe: Probe,
): Promise<ProbeResult> {
  const local = await o.local(probe);
  const { TestResult: r } = await o.client.send(
    new TestFunctionCommand({
      Name: name,
      IfMatch: etag,
      Stage: STAGE,
      EventObject: new TextEncoder().encode(JSON.stringify(functionEvent(probe))),
    }),
  );
  const utilization = Number(r?.ComputeUtilization);
  const failures: string[] = [];
  if (r?.FunctionErrorMessage)
    failures.push(`the function failed (a 503 for the visitor): ${r.FunctionErrorMessage}`);
  if (!(utilization < o.maxUtilization))
    failures.push(
      `compute utilization ${r?.ComputeUtilization ?? 'missing'}, at or over ${o.maxUtilization}`,
    );
  if (r?.FunctionErrorMessage || r?.FunctionOutput === undefined)
    return { probe, local, utilization, failures: failures.length > 0 ? failures : ['no FunctionOutput'] };
  const deployed = fromFunctionOutput(r.FunctionOutput, r.FunctionExecutionLogs ?? []);
  failures.push(...differences(local, deployed));
  return { probe, local, deployed, utilization, failures };
}

/** Every probe on the function its behaviour runs, one at a time (TestFunction is a control-plane call). */
export async function testFunctions(o: TestFunctionOptions): Promise<ProbeResult[]> {
  const results: ProbeResult[] = [];
  for (const fn of Object.keys(o.names) as CloudFrontFunctionName[]) {
    const own = o.probes.filter((p) => p.fn === fn);
    if (own.length === 0) continue;
    const etag = await developmentETag(o.client, o.names[fn], o.code?.[fn]);
    for (const probe of own) results.push(await runProbe(o, o.names[fn], etag, probe));
  }
  return results;
}
