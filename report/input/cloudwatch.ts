/**
 * `--cloudwatch`: sums the EMF-extracted metrics over a window in every Region where Lambda@Edge runs.
 * ListMetrics finds the dimension combinations (experiment × variant [× goal]) in the namespace, then
 * GetMetricData sums them (Stat Sum, hourly periods), both paginated.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_ListMetrics.html
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html
 *
 * ListMetrics only returns metrics that received data in the last two weeks: a combination that went quiet
 * before that is missing from a longer window.
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
  type MetricName,
} from '../../edge-functions/shared/log-schema';

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
  for (const name of METRIC_NAMES) metrics.push(...(await listMetrics(client, name)));
  for (let i = 0; i < metrics.length; i += BATCH) {
    const batch = metrics.slice(i, i + BATCH);
    const sums = await sumMetrics(client, batch, start, end);
    batch.forEach((m, k) => {
      const dim = (name: string): string => m.Dimensions!.find((d) => d.Name === name)!.Value!;
      const metric = m.MetricName as MetricName;
      const goal = hasGoal(metric) ? { goal: dim(DIMENSIONS.goal) } : {};
      counts.add({
        metric,
        experiment: dim(DIMENSIONS.experiment),
        variant: dim(DIMENSIONS.variant),
        ...goal,
        value: sums[k]!,
      });
    });
  }
  return metrics.length;
}

/** Only the metric's exact dimension set (other combinations would double-count). */
async function listMetrics(client: CloudWatchClient, name: MetricName): Promise<Metric[]> {
  const wanted = [...METRICS[name]].sort().join(',');
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
