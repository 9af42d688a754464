/**
 * The cost model's arithmetic: what 1M CloudFront viewer requests cost, given what the functions measured
 * per invocation, how often each runs, and the published prices (`prices.ts`). Pure, so its sums are tested.
 */
import { BILLING_GRANULARITY_MS, BYTES_PER_GB, PRICES } from '../prices';
import { ingestedBytes, platformBytesPerInvocation } from './platform';

/** One function's behaviour per invocation on the mix, averaged. */
export interface PerInvocation {
  /** Mean billed duration: each invocation's measured time rounded up to the billing granularity. */
  readonly billedMs: number;
  /** Mean bytes the handler printed (each line with its newline). */
  readonly printedBytes: number;
  /** Mean lines printed. */
  readonly lines: number;
}

export interface CostInputs {
  /** viewer-request invocations per CloudFront request (behaviours without it, like assets, skip it). */
  readonly viewerPerRequest: number;
  /** origin-response invocations per CloudFront request (cache misses). */
  readonly originPerRequest: number;
  readonly viewer: PerInvocation;
  readonly origin: PerInvocation;
  /** The functions' memory size. */
  readonly memoryMb: number;
}

export interface CostLine {
  readonly item: string;
  readonly usd: number;
}

export const NO_INVOCATION: PerInvocation = { billedMs: 0, printedBytes: 0, lines: 0 };

/** Billed ms of one invocation: rounded up to the granularity, never below one increment. */
export function billedMs(measuredMs: number, granularityMs = BILLING_GRANULARITY_MS): number {
  return Math.max(1, Math.ceil(measuredMs / granularityMs)) * granularityMs;
}

export const COST_ITEMS = {
  cloudFront: 'CloudFront HTTPS requests',
  requests: 'Lambda@Edge requests',
  duration: 'Lambda@Edge duration (billed ms × memory)',
  ours: 'CloudWatch Logs: our lines',
  platform: 'CloudWatch Logs: START/END/REPORT',
  total: 'total',
} as const;

/** USD per 1M CloudFront requests, item by item, then the total. */
export function costPerMillion(inputs: CostInputs, prices = PRICES): CostLine[] {
  const n = 1e6;
  const { viewerPerRequest: v, originPerRequest: o, viewer, origin } = inputs;
  const gb = inputs.memoryMb / 1024;
  const seconds = (v * viewer.billedMs + o * origin.billedMs) / 1000;
  const ourBytes =
    v * ingestedBytes(viewer.printedBytes, viewer.lines) +
    o * ingestedBytes(origin.printedBytes, origin.lines);
  const perGbIngested = prices.cloudWatchLogsIngestionGb.usd / BYTES_PER_GB;
  const lines: CostLine[] = [
    { item: COST_ITEMS.cloudFront, usd: n * prices.cloudFrontHttpsRequest.usd },
    { item: COST_ITEMS.requests, usd: n * (v + o) * prices.lambdaEdgeRequest.usd },
    { item: COST_ITEMS.duration, usd: n * seconds * gb * prices.lambdaEdgeGbSecond.usd },
    { item: COST_ITEMS.ours, usd: n * ourBytes * perGbIngested },
    { item: COST_ITEMS.platform, usd: n * (v + o) * platformBytesPerInvocation() * perGbIngested },
  ];
  return [...lines, { item: COST_ITEMS.total, usd: lines.reduce((sum, l) => sum + l.usd, 0) }];
}

/** A beacon: one CloudFront request answered by viewer-request alone (its behaviour has no origin-response). */
export const beaconCostPerMillion = (beacon: PerInvocation, memoryMb: number, prices = PRICES): CostLine[] =>
  costPerMillion(
    { viewerPerRequest: 1, originPerRequest: 0, viewer: beacon, origin: NO_INVOCATION, memoryMb },
    prices,
  );
