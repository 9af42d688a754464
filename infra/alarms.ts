/**
 * The service's alarms and where they notify. CloudWatch alarms watch metrics of their own Region only
 * ("Cross-Region functionality is not supported for alarms":
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Cross-Account-Cross-Region.html), so the
 * distribution's alarm lives in us-east-1 (where CloudFront publishes) and each Region's stack has its own
 * alarm on the replicas' errors there. CloudFront Functions publish in us-east-1 only, so their alarm lives
 * in the site stack. Thresholds live here, once.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { FUNCTIONS } from '../edge-functions/functions';
import type { FunctionName } from '../edge-functions/functions';
import { replicaName, type CloudFrontFunctionNames, type EdgeFunctionNames } from './edge-names';

export const ALARM_PERIOD = Duration.minutes(5);
/** The distribution's 5xx error rate (percent of requests) that, for 2 of 3 periods, raises the alarm. */
export const ERROR_RATE_5XX_THRESHOLD = 5;
/** Function errors (throws, timeouts, invalid outputs: the visitor got a 5xx) per Region per period. */
export const FUNCTION_ERRORS_THRESHOLD = 1;

/** CloudFront's metrics: us-east-1, dimension `Region=Global`. */
export function cloudFrontMetric(
  distributionId: string,
  metricName: string,
  statistic: string,
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/CloudFront',
    metricName,
    dimensionsMap: { DistributionId: distributionId, Region: 'Global' },
    statistic,
    region: 'us-east-1',
    period: ALARM_PERIOD,
  });
}

/** A replica's `AWS/Lambda` metric in one Region (`FunctionName=us-east-1.<name>`). */
export function replicaMetric(name: string, metricName: string, region: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Lambda',
    metricName,
    dimensionsMap: { FunctionName: replicaName(name) },
    statistic: 'Sum',
    region,
    period: ALARM_PERIOD,
  });
}

export function distribution5xxAlarm(scope: Construct, stackName: string, distributionId: string) {
  return new cloudwatch.Alarm(scope, 'Distribution5xxAlarm', {
    alarmName: `${stackName}-5xx-error-rate`,
    alarmDescription: `More than ${ERROR_RATE_5XX_THRESHOLD}% of the distribution's responses were 5xx (a function throwing or timing out, or the origin failing).`,
    metric: cloudFrontMetric(distributionId, '5xxErrorRate', 'Average'),
    threshold: ERROR_RATE_5XX_THRESHOLD,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** The same name in every Region (an alarm's ARN carries its Region). */
export const functionErrorsAlarmName = (stackName: string): string => `${stackName}-function-errors`;

/** The deployed Lambda@Edge functions' errors in `region`, summed: the replicas there answered visitors with a 5xx. */
export function functionErrorsAlarm(
  scope: Construct,
  stackName: string,
  names: EdgeFunctionNames,
  region: string,
  functions: readonly FunctionName[] = FUNCTIONS,
) {
  const usingMetrics = Object.fromEntries(
    functions.map((fn, i) => [`f${i}`, replicaMetric(names[fn], 'Errors', region)]),
  );
  return new cloudwatch.Alarm(scope, 'FunctionErrorsAlarm', {
    alarmName: functionErrorsAlarmName(stackName),
    alarmDescription: `Lambda@Edge errors in ${region} (${functions.join(', ')}): each one was a 5xx for a visitor.`,
    metric: sumOf(usingMetrics, 'Function errors'),
    threshold: FUNCTION_ERRORS_THRESHOLD,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** `FILL(m, 0) + …`: missing points count as none. */
const sumOf = (usingMetrics: Record<string, cloudwatch.IMetric>, label: string) =>
  new cloudwatch.MathExpression({
    expression: Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    usingMetrics,
    label,
    period: ALARM_PERIOD,
  });

/**
 * A CloudFront Function's own metrics: `AWS/CloudFront` in us-east-1 with `FunctionName` and `Region=Global`.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/programming-cloudwatch-metrics.html
 */
export enum FunctionMetric {
  /** Requests the function ran for. */
  INVOCATIONS = 'FunctionInvocations',
  /** The function returned something CloudFront refuses: the visitor got a 502. */
  VALIDATION_ERRORS = 'FunctionValidationErrors',
  /** The function threw: the visitor got a 503. */
  EXECUTION_ERRORS = 'FunctionExecutionErrors',
  /** CloudFront refused to run it (too slow too often, or too many requests): a 503. */
  THROTTLES = 'FunctionThrottles',
  /** Time taken as a percentage of the time allowed, 0–100; 71 and above risk throttling. */
  COMPUTE_UTILIZATION = 'FunctionComputeUtilization',
}

/** Compute utilization from which AWS warns of throttling (cloudfront-function-restrictions.html). */
export const COMPUTE_UTILIZATION_WARNING = 71;
/** Errors and throttles of the CloudFront Functions per period that raise their alarm. */
export const CLOUDFRONT_FUNCTION_ERRORS_THRESHOLD = 1;

export function functionMetric(name: string, metric: FunctionMetric, statistic = 'Sum'): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/CloudFront',
    metricName: metric,
    dimensionsMap: { FunctionName: name, Region: 'Global' },
    statistic,
    region: 'us-east-1',
    period: ALARM_PERIOD,
  });
}

export const cloudFrontFunctionErrorsAlarmName = (stackName: string): string =>
  `${stackName}-cloudfront-function-errors`;

/** What each was for a visitor: the metrics the CloudFront Functions' alarm sums. */
export const FUNCTION_FAILURES = [
  FunctionMetric.EXECUTION_ERRORS,
  FunctionMetric.VALIDATION_ERRORS,
  FunctionMetric.THROTTLES,
] as const;

/** Every CloudFront Function's execution errors, validation errors and throttles, summed (us-east-1). */
export function cloudFrontFunctionErrorsAlarm(
  scope: Construct,
  stackName: string,
  names: CloudFrontFunctionNames,
) {
  const usingMetrics = Object.fromEntries(
    Object.values(names).flatMap((name, f) =>
      FUNCTION_FAILURES.map((metric, m) => [`f${f}_${m}`, functionMetric(name, metric)]),
    ),
  );
  return new cloudwatch.Alarm(scope, 'CloudFrontFunctionErrorsAlarm', {
    alarmName: cloudFrontFunctionErrorsAlarmName(stackName),
    alarmDescription: `CloudFront Functions (${Object.values(names).join(', ')}) threw, returned an invalid result or were throttled: each one was a 502 or 503 for a visitor.`,
    metric: sumOf(usingMetrics, 'CloudFront Function errors and throttles'),
    threshold: CLOUDFRONT_FUNCTION_ERRORS_THRESHOLD,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/** An SNS topic (TLS only) that e-mails `email`, as every alarm's and OK action; none without an address. */
export function notify(scope: Construct, alarms: readonly cloudwatch.Alarm[], email: string | undefined) {
  if (email === undefined) return undefined;
  const topic = new sns.Topic(scope, 'AlarmTopic', { enforceSSL: true });
  topic.addSubscription(new subscriptions.EmailSubscription(email));
  for (const alarm of alarms) {
    alarm.addAlarmAction(new actions.SnsAction(topic));
    alarm.addOkAction(new actions.SnsAction(topic));
  }
  return topic;
}
