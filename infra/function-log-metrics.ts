/**
 * The experiments' metrics from the CloudFront Functions' log lines. CloudFront writes each line a function
 * prints to `/aws/cloudfront/function/<name>` in us-east-1 with the request's id in front, so the line is not
 * JSON and CloudWatch extracts no Embedded Metric Format from it
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html#cloudfront-function-logs).
 * The functions print metric words instead (`edge-functions/shared/log-schema.ts`), and one metric filter per
 * metric reads them as space-delimited fields, publishing the same `EdgePersonalisation` metric with the same
 * dimensions as the Lambda@Edge EMF lines, in us-east-1.
 * Filter syntax: https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 * ("Using metric filters to extract values from space-delimited log events"; dimensions from `$field`).
 */
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  METRIC_NAMES,
  METRIC_NAMESPACE,
  METRICS,
  metricWordFields,
  type MetricName,
} from '../edge-functions/shared/log-schema';

/** The first field of every line CloudWatch keeps for a CloudFront Function: the request's id. */
export const REQUEST_ID_COLUMN = 'request_id';

/** A schema field as a filter column: lower case (`Experiment` → `experiment`, the metric's name → `metric`). */
const columnOf = (field: string, i: number): string => (i === 0 ? 'metric' : field.toLowerCase());

/** `[request_id, metric = "Enrollments", experiment, variant, enrollment]`: every word, the metric's named. */
export function metricWordsPattern(metric: MetricName): logs.IFilterPattern {
  const columns = metricWordFields(metric).map(columnOf);
  return logs.FilterPattern.spaceDelimited(REQUEST_ID_COLUMN, ...columns).whereString('metric', '=', metric);
}

/** `{ Experiment: '$experiment', … }`: each dimension from its own column. */
export function metricWordsDimensions(metric: MetricName): Record<string, string> {
  const fields = metricWordFields(metric);
  return Object.fromEntries(METRICS[metric].map((d) => [d, `$${columnOf(d, fields.indexOf(d))}`]));
}

/**
 * One metric filter per metric on `logGroup`, each counting 1 per line, no unit (as the EMF lines) and no
 * default value (CloudWatch refuses one beside dimensions). Ids `<prefix><Metric>Filter`.
 */
export function metricWordFilters(
  scope: Construct,
  prefix: string,
  logGroup: logs.ILogGroup,
): logs.MetricFilter[] {
  return METRIC_NAMES.map(
    (metric) =>
      new logs.MetricFilter(scope, `${prefix}${metric}Filter`, {
        logGroup,
        filterPattern: metricWordsPattern(metric),
        metricNamespace: METRIC_NAMESPACE,
        metricName: metric,
        metricValue: '1',
        dimensions: metricWordsDimensions(metric),
      }),
  );
}
