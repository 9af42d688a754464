/**
 * The experiments' metrics as the dashboard shows them. viewer-request writes them in CloudWatch Embedded
 * Metric Format to the log group of the Region it ran in, so each Region has its own series; the dashboard
 * sums them with metric math (a dashboard may mix Regions on one graph:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Cross-Account-Cross-Region.html).
 * Metric math: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
 * Phases: every metric line writes this all-phases dimension set whatever its phase (`PHASE_FIELD` in
 * log-schema.ts), so the graphs here run on across stops and re-weights; `npm run report` splits phases.
 */
import type { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { SiteConfig } from '../edge-functions/config/schema';
import { DIMENSIONS, METRIC_NAMESPACE, type MetricName } from '../edge-functions/shared/log-schema';

/** The metrics viewer-request emits (once per enrollment / counted conversion), named by the log schema. */
export const ENROLLMENTS: MetricName = 'Enrollments';
export const CONVERSIONS: MetricName = 'Conversions';

/** Metric math ids: a lower-case letter, then letters, digits and `_`. */
const id = (...parts: (string | number)[]) => parts.join('_');

/** SUM over Regions of one metric: one series per Region, missing points as 0, summed point by point. */
export function sumOverRegions(
  key: string,
  metricName: MetricName,
  dimensionsMap: Record<string, string>,
  regions: readonly string[],
  label: string,
  period: Duration,
): cloudwatch.MathExpression {
  const usingMetrics = Object.fromEntries(
    regions.map((region, r) => [
      id(key, r),
      new cloudwatch.Metric({
        namespace: METRIC_NAMESPACE,
        metricName,
        dimensionsMap,
        region,
        statistic: 'Sum',
        period,
      }),
    ]),
  );
  return new cloudwatch.MathExpression({
    expression: `SUM([${Object.keys(usingMetrics)
      .map((m) => `FILL(${m}, 0)`)
      .join(', ')}])`,
    usingMetrics,
    label,
    period,
  });
}

export interface GoalSeries {
  readonly goal: string;
  /** This variant's visitors' conversions for the goal. */
  readonly conversions: cloudwatch.MathExpression;
  /** Conversions per enrolled visitor of the variant, in percent. */
  readonly rate: cloudwatch.MathExpression;
}

export interface VariantSeries {
  readonly experiment: string;
  readonly variant: string;
  readonly enrollments: cloudwatch.MathExpression;
  readonly goals: readonly GoalSeries[];
}

/** Every configured experiment × variant (× goal), each summed over `regions`. */
export function variantSeries(
  config: SiteConfig,
  regions: readonly string[],
  period: Duration,
): VariantSeries[] {
  return config.experiments.list.flatMap((e, x) =>
    e.variants.map((v, i) => {
      const dims = { [DIMENSIONS.experiment]: e.id, [DIMENSIONS.variant]: v.name };
      const enrollments = sumOverRegions(id('enr', x, i), ENROLLMENTS, dims, regions, v.name, period);
      const goals = config.experiments.goals.map((g, k): GoalSeries => {
        const key = id('cnv', x, i, k);
        const label = `${v.name} · ${g.id}`;
        const conversions = sumOverRegions(
          key,
          CONVERSIONS,
          { ...dims, [DIMENSIONS.goal]: g.id },
          regions,
          label,
          period,
        );
        const rate = new cloudwatch.MathExpression({
          expression: `100 * ${key}_sum / ${id('enr', x, i)}_sum`,
          usingMetrics: { [`${key}_sum`]: conversions, [`${id('enr', x, i)}_sum`]: enrollments },
          label: `${label} (%)`,
          period,
        });
        return { goal: g.id, conversions, rate };
      });
      return { experiment: e.id, variant: v.name, enrollments, goals };
    }),
  );
}

/** CloudWatch's dashboard quotas (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html). */
export const MAX_METRICS_PER_WIDGET = 500;
export const MAX_METRICS_PER_DASHBOARD = 2500;

/** Fails synth, not the deploy, when the experiments × variants × goals × Regions outgrow the quotas. */
export function checkDashboardQuotas(widgets: readonly cloudwatch.IWidget[]): void {
  let total = 0;
  for (const w of widgets) {
    const json = w.toJson() as { properties?: { title?: string; metrics?: unknown[] } }[];
    for (const { properties } of json) {
      const n = properties?.metrics?.length ?? 0;
      total += n;
      if (n > MAX_METRICS_PER_WIDGET)
        throw new Error(
          `dashboard widget '${properties?.title}' needs ${n} metrics, CloudWatch allows ${MAX_METRICS_PER_WIDGET} per widget: fewer variants or goals, got: ${n}`,
        );
    }
  }
  if (total > MAX_METRICS_PER_DASHBOARD)
    throw new Error(
      `the dashboard needs ${total} metrics, CloudWatch allows ${MAX_METRICS_PER_DASHBOARD} per dashboard: fewer experiments, variants or goals, got: ${total}`,
    );
}
