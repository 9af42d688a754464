/**
 * `--cloudwatch`: sums the EMF-extracted metrics over a window in every Region where Lambda@Edge runs.
 * ListMetrics finds the dimension combinations (experiment × variant [× goal]) in the namespace, then
 * GetMetricData sums them (Stat Sum, hourly periods), both paginated.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 *
 * ListMetrics only returns metrics that received data in the last two weeks: a combination that went quiet
 * before that is missing from a longer window.
 *
 * Phases (`PHASE_FIELD` in log-schema.ts): every line writes the all-phases dimension set, and a line of a
 * later phase also the set with `Phase`; so phase p > 0 is its own series, and phase 0 is the all-phases
 * sum less the later phases' (the lines from before phases existed included).
 */
import {
  CloudWatchClient,
  paginateGetMetricData,
  paginateListMetrics,
  type Metric,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { EDGE_REGIONS } from '../../infra/edge-regions';
import { Counts } from '../counts';
import {
  DIMENSIONS,
  hasGoal,
  METRIC_NAMES,
  METRIC_NAMESPACE,
  METRICS,
  PHASE_FIELD,
  PHASE_TEXT,
  phaseDimensions,
  type MetricName,
} from '../../edge-functions/shared/log-schema';
import type { MetricRecord } from '../../edge-functions/shared/log-parse';

const HOUR_MS = 3600_000;
/** GetMetricData accepts at most 500 queries per request. */
const BATCH = 500;

export interface CloudWatchOptions {
  /** Window length in milliseconds, ending now. */
  readonly sinceMs: number;
  readonly now?: () => number;
  readonly regions?: readonly string[];
  readonly clientFor?: (region: string) => CloudWatchClient;
}

export interface CloudWatchResult {
  readonly counts: Counts;
  /** Metric combinations found per Region (a Region without traffic has none). */
  readonly metricsPerRegion: Readonly<Record<string, number>>;
  readonly start: Date;
  readonly end: Date;
}

export async function readCloudWatch(options: CloudWatchOptions): Promise<CloudWatchResult> {
  const now = (options.now ?? Date.now)();
  // Whole hours, so every Region is summed over the same hourly buckets.
  const end = new Date(Math.ceil(now / HOUR_MS) * HOUR_MS);
  const start = new Date(Math.floor((now - options.sinceMs) / HOUR_MS) * HOUR_MS);
  const counts = new Counts();
  const metricsPerRegion: Record<string, number> = {};
  await Promise.all(
    (options.regions ?? EDGE_REGIONS).map(async (region) => {
      // Clients made here are closed after use so their keep-alive sockets do not hold the process open.
      const client = options.clientFor?.(region) ?? new CloudWatchClient({ region });
      try {
        metricsPerRegion[region] = await sumRegion(client, start, end, counts);
      } catch (err) {
        throw new Error(`CloudWatch in ${region}: ${err instanceof Error ? err.message : String(err)}`, {
          cause: err,
        });
      } finally {
        if (!options.clientFor) client.destroy();
      }
    }),
  );
  return { counts, metricsPerRegion, start, end };
}

async function sumRegion(client: CloudWatchClient, start: Date, end: Date, counts: Counts): Promise<number> {
  const metrics: Metric[] = [];
  for (const name of METRIC_NAMES)
    for (const set of [METRICS[name], phaseDimensions(name)])
      metrics.push(...(await listMetrics(client, name, set)));
  const sums: number[] = [];
  for (let i = 0; i < metrics.length; i += BATCH)
    sums.push(...(await sumMetrics(client, metrics.slice(i, i + BATCH), start, end)));
  // Per arm (metric, experiment, variant[, goal]): the all-phases sum, and the sum of each later phase.
  const arms = new Map<
    string,
    { record: Omit<MetricRecord, 'value' | 'phase'>; all: number; phases: Map<number, number> }
  >();
  metrics.forEach((m, k) => {
    const dim = (name: string): string | undefined => m.Dimensions!.find((d) => d.Name === name)?.Value;
    const metric = m.MetricName as MetricName;
    const record = {
      metric,
      experiment: dim(DIMENSIONS.experiment)!,
      variant: dim(DIMENSIONS.variant)!,
      ...(hasGoal(metric) ? { goal: dim(DIMENSIONS.goal)! } : {}),
    };
    const id = JSON.stringify(record);
    const arm = arms.get(id) ?? { record, all: 0, phases: new Map<number, number>() };
    arms.set(id, arm);
    const phase = dim(PHASE_FIELD);
    if (phase === undefined) arm.all += sums[k]!;
    else if (PHASE_TEXT.test(phase))
      arm.phases.set(Number(phase), (arm.phases.get(Number(phase)) ?? 0) + sums[k]!);
  });
  for (const { record, all, phases } of arms.values()) {
    let later = 0;
    for (const [phase, value] of phases) {
      later += value;
      counts.add({ ...record, value, ...(phase > 0 ? { phase } : {}) });
    }
    // Lines of phase 0 write only the all-phases set (log-schema.ts): what the later phases leave is phase 0.
    if (all - later > 0) counts.add({ ...record, value: all - later });
  }
  return metrics.length;
}

/** Only the metrics with exactly the dimension set `wanted` (other combinations would double-count). */
async function listMetrics(
  client: CloudWatchClient,
  name: MetricName,
  set: readonly string[],
): Promise<Metric[]> {
  const wanted = [...set].sort().join(',');
  const found: Metric[] = [];
  for await (const page of paginateListMetrics({ client }, { Namespace: METRIC_NAMESPACE, MetricName: name }))
    for (const m of page.Metrics ?? []) {
      const dims = m.Dimensions ?? [];
      const names = dims.map((d) => d.Name ?? '').sort();
      if (names.join(',') === wanted && dims.every((d) => typeof d.Value === 'string')) found.push(m);
    }
  return found;
}

async function sumMetrics(client: CloudWatchClient, metrics: readonly Metric[], start: Date, end: Date) {
  const queries: MetricDataQuery[] = metrics.map((m, k) => ({
    Id: `m${k}`,
    MetricStat: { Metric: m, Period: 3600, Stat: 'Sum' },
    ReturnData: true,
  }));
  const sums = metrics.map(() => 0);
  const input = {
    MetricDataQueries: queries,
    StartTime: start,
    EndTime: end,
    ScanBy: 'TimestampAscending' as const,
  };
  for await (const page of paginateGetMetricData({ client }, input))
    for (const r of page.MetricDataResults ?? []) {
      const k = Number(r.Id?.slice(1));
      if (Number.isInteger(k) && k >= 0 && k < sums.length)
        sums[k]! += (r.Values ?? []).reduce((a, b) => a + b, 0);
    }
  return sums;
}
