/** The --cloudwatch path against a stubbed SDK client: no network, no credentials. */
import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type GetMetricDataCommandInput,
  type Metric,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { EDGE_REGIONS } from '../../infra/edge-regions';
import { readCloudWatch } from '../../report/input/cloudwatch';

const cw = mockClient(CloudWatchClient);
const NOW = Date.UTC(2026, 10, 25, 4, 30);
const DAY = 86400_000;

const metric = (name: string, dims: Record<string, string>): Metric => ({
  Namespace: 'EdgePersonalisation',
  MetricName: name,
  Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
});

/** Per Region: the metrics ListMetrics knows and each metric's hourly sums (keyed by its dimension values). */
const DATA: Record<string, { metrics: Metric[]; values: Record<string, number[]> }> = {
  'us-east-1': {
    metrics: [
      metric('Enrollments', { Experiment: 'hero', Variant: 'control' }),
      metric('Enrollments', { Experiment: 'hero', Variant: 'bold' }),
      metric('Enrollments', { Experiment: 'hero' }), // another dimension set: must not double-count
      metric('Conversions', { Experiment: 'hero', Variant: 'bold', Goal: 'cta' }),
    ],
    values: { 'hero/control': [10, 20], 'hero/bold': [30], hero: [999], 'hero/bold/cta': [4, 1] },
  },
  'eu-west-1': {
    metrics: [
      metric('Enrollments', { Experiment: 'hero', Variant: 'control' }),
      metric('Conversions', { Experiment: 'hero', Variant: 'Goal', Goal: 'cta' }),
    ],
    values: { 'hero/control': [5], 'hero/Goal/cta': [2] },
  },
};

const key = (m: Metric): string => (m.Dimensions ?? []).map((d) => d.Value).join('/');

beforeEach(() => {
  cw.reset();
  cw.on(ListMetricsCommand).callsFake(async (input, getClient) => {
    const region = await getClient().config.region();
    const all = (DATA[region]?.metrics ?? []).filter((m) => m.MetricName === input.MetricName);
    // Two pages, to exercise NextToken.
    return input.NextToken
      ? { Metrics: all.slice(1) }
      : { Metrics: all.slice(0, 1), NextToken: all.length > 1 ? 't' : undefined };
  });
  cw.on(GetMetricDataCommand).callsFake(async (input: GetMetricDataCommandInput, getClient) => {
    const region = await getClient().config.region();
    const results = (input.MetricDataQueries ?? []).map((q) => ({
      Id: q.Id,
      Values: DATA[region]!.values[key(q.MetricStat!.Metric!)] ?? [],
    }));
    // One result per page, to exercise NextToken.
    const i = Number(input.NextToken ?? 0);
    return {
      MetricDataResults: results.slice(i, i + 1),
      NextToken: i + 1 < results.length ? String(i + 1) : undefined,
    };
  });
});

describe('readCloudWatch', () => {
  it('sums Enrollments and Conversions over every edge Region, one dimension set each', async () => {
    const { counts, metricsPerRegion } = await readCloudWatch({ sinceMs: 7 * DAY, now: () => NOW });
    expect(counts.get('hero', 'control').enrolled).toBe(35);
    expect(counts.get('hero', 'bold').enrolled).toBe(30);
    expect(counts.get('hero', 'bold').conversions('cta')).toBe(5);
    expect(counts.get('hero', 'Goal').conversions('cta')).toBe(2);
    expect(metricsPerRegion['us-east-1']).toBe(3);
    expect(metricsPerRegion['eu-west-1']).toBe(2);
    expect(Object.keys(metricsPerRegion).sort()).toEqual([...EDGE_REGIONS].sort());
  });

  it('asks for hourly sums over whole hours of the window, in the namespace', async () => {
    await readCloudWatch({ sinceMs: 36 * 3600_000, now: () => NOW });
    const list = cw.commandCalls(ListMetricsCommand)[0]!.args[0].input;
    expect(list).toMatchObject({ Namespace: 'EdgePersonalisation' });
    const get = cw.commandCalls(GetMetricDataCommand)[0]!.args[0].input;
    expect(get.StartTime).toEqual(new Date(Date.UTC(2026, 10, 23, 16)));
    expect(get.EndTime).toEqual(new Date(Date.UTC(2026, 10, 25, 5)));
    expect(get.MetricDataQueries![0]!.MetricStat).toMatchObject({ Period: 3600, Stat: 'Sum' });
  });

  it('splits more than 500 metrics into several GetMetricData requests', async () => {
    const many = Array.from({ length: 1201 }, (_, i) =>
      metric('Enrollments', { Experiment: 'x', Variant: `v${i}` }),
    );
    cw.on(ListMetricsCommand).callsFake(async (input) => ({
      Metrics: input.MetricName === 'Enrollments' ? many : [],
    }));
    cw.on(GetMetricDataCommand).callsFake(async (input: GetMetricDataCommandInput) => ({
      MetricDataResults: input.MetricDataQueries!.map((q) => ({ Id: q.Id, Values: [1] })),
    }));
    const { counts } = await readCloudWatch({ sinceMs: DAY, now: () => NOW, regions: ['us-east-1'] });
    const sizes = cw.commandCalls(GetMetricDataCommand).map((c) => c.args[0].input.MetricDataQueries!.length);
    expect(sizes).toEqual([500, 500, 201]);
    expect(counts.get('x', 'v1200').enrolled).toBe(1);
  });

  it('names the Region when a call fails', async () => {
    cw.on(ListMetricsCommand).rejects(new Error('AccessDenied'));
    await expect(readCloudWatch({ sinceMs: DAY, now: () => NOW, regions: ['sa-east-1'] })).rejects.toThrow(
      'CloudWatch in sa-east-1: AccessDenied',
    );
  });
});

describe('EDGE_REGIONS', () => {
  it('holds unique, well-formed Region codes including us-east-1, where Lambda@Edge functions are created', () => {
    expect(new Set(EDGE_REGIONS).size).toBe(EDGE_REGIONS.length);
    EDGE_REGIONS.forEach((r) => expect(r).toMatch(/^[a-z]{2}-[a-z]+-\d$/));
    expect(EDGE_REGIONS).toContain('us-east-1');
  });
});
