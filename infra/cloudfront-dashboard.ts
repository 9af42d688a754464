/**
 * CloudFront's own metrics on the dashboard (`AWS/CloudFront`, us-east-1, `Region=Global`): the
 * distribution's traffic and error rates, and one row per CloudFront Function with its invocations, its
 * failures (execution errors, validation errors, throttles) against the alarm's threshold, and its compute
 * utilization against the level from which AWS warns of throttling.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html
 */
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { CloudFrontFunctionName } from '../edge-functions/cloudfront-functions/contract';
import {
  CLOUDFRONT_FUNCTION_ERRORS_THRESHOLD,
  cloudFrontMetric,
  COMPUTE_UTILIZATION_WARNING,
  ERROR_RATE_5XX_THRESHOLD,
  FUNCTION_FAILURES,
  FunctionMetric,
  functionMetric,
} from './alarms';
import type { CloudFrontFunctionNames } from './edge-names';

const THIRD = { width: 8, height: 6 };

/** Requests, error rates, and the cache hit rate (one of the paid additional metrics) or how to get it. */
export function distributionRow(distributionId: string, additionalMetrics: boolean): cloudwatch.IWidget[] {
  const rate = (name: string) => cloudFrontMetric(distributionId, name, 'Average');
  return [
    new cloudwatch.GraphWidget({
      title: 'CloudFront requests',
      left: [cloudFrontMetric(distributionId, 'Requests', 'Sum')],
      ...THIRD,
    }),
    new cloudwatch.GraphWidget({
      title: 'CloudFront error rates (%)',
      left: [rate('4xxErrorRate'), rate('5xxErrorRate'), rate('TotalErrorRate')],
      leftAnnotations: [{ value: ERROR_RATE_5XX_THRESHOLD, label: '5xx alarm threshold' }],
      ...THIRD,
    }),
    additionalMetrics
      ? new cloudwatch.GraphWidget({
          title: 'CloudFront cache hit rate (%)',
          left: [rate('CacheHitRate')],
          ...THIRD,
        })
      : new cloudwatch.TextWidget({
          markdown:
            "**Cache hit rate** is one of CloudFront's additional metrics (billed per metric): deploy with `-c additionalMetrics=true` to turn them on. See docs/deploy.md.",
          ...THIRD,
        }),
  ];
}

/** Per CloudFront Function: invocations, failures, compute utilization (average and maximum). */
export function cloudFrontFunctionRows(names: CloudFrontFunctionNames): cloudwatch.IWidget[][] {
  return (Object.entries(names) as [CloudFrontFunctionName, string][]).map(([fn, name]) => [
    new cloudwatch.GraphWidget({
      title: `${fn} (CloudFront Function): invocations`,
      left: [functionMetric(name, FunctionMetric.INVOCATIONS).with({ label: 'invocations' })],
      ...THIRD,
    }),
    new cloudwatch.GraphWidget({
      title: `${fn} (CloudFront Function): errors and throttles`,
      left: FUNCTION_FAILURES.map((metric) => functionMetric(name, metric).with({ label: metric })),
      leftAnnotations: [{ value: CLOUDFRONT_FUNCTION_ERRORS_THRESHOLD, label: 'alarm threshold' }],
      ...THIRD,
    }),
    new cloudwatch.GraphWidget({
      title: `${fn} (CloudFront Function): compute utilization (%)`,
      left: ['Average', 'Maximum'].map((statistic) =>
        functionMetric(name, FunctionMetric.COMPUTE_UTILIZATION, statistic).with({
          label: statistic.toLowerCase(),
        }),
      ),
      leftYAxis: { min: 0, max: 100 },
      leftAnnotations: [{ value: COMPUTE_UTILIZATION_WARNING, label: 'throttling risk from here' }],
      ...THIRD,
    }),
  ]);
}
