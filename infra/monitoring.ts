/**
 * One CloudWatch dashboard in us-east-1 for the whole service, every Region on it: the experiments'
 * enrollments, conversions and conversion rates summed over the edge Regions, CloudFront's traffic and
 * error rates, and the replicas' errors and throttles per Region (and, with CloudFront Functions, their
 * own metrics and alarm, `function-dashboard.ts`); plus the distribution's 5xx alarm and, with
 * `additionalMetrics`, CloudFront's paid additional metrics (cache hit rate).
 * CloudFront metrics: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/viewing-cloudfront-metrics.html
 */
import { ArnFormat, Aws, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { SiteConfig } from '../edge-functions/config/schema';
import { FUNCTIONS, type FunctionName } from '../edge-functions/functions';
import {
  cloudFrontFunctionErrorsAlarm,
  distribution5xxAlarm,
  functionErrorsAlarmName,
  notify,
  replicaMetric,
} from './alarms';
import { EDGE_REGIONS } from './edge-regions';
import { FUNCTION_REGION, type CloudFrontFunctionNames, type EdgeFunctionNames } from './edge-names';
import { checkDashboardQuotas, variantSeries } from './experiment-metrics';
import { cloudFrontFunctionRows, distributionRow } from './cloudfront-dashboard';

export interface MonitoringProps {
  readonly config: SiteConfig;
  readonly distribution: cloudfront.IDistribution;
  readonly functionNames: EdgeFunctionNames;
  /**
   * The Lambda@Edge functions deployed, whose replicas' errors and throttles are graphed per Region.
   * @default FUNCTIONS
   */
  readonly lambdaEdgeFunctions?: readonly FunctionName[];
  /**
   * The CloudFront Functions deployed (`viewer.runtime: 'cloudfront-functions'`): their metrics are graphed
   * and alarmed on, and the experiments' metrics come from their metric filters, in us-east-1 only.
   * @default - none: the viewer side is Lambda@Edge, whose EMF lines publish in every edge Region
   */
  readonly cloudFrontFunctionNames?: CloudFrontFunctionNames;
  /** @default false */
  readonly additionalMetrics?: boolean;
  /** @default - no notifications */
  readonly alarmEmail?: string;
  /** @default EDGE_REGIONS */
  readonly regions?: readonly string[];
}

const PERIOD = Duration.minutes(5);
const WIDE = { width: 24, height: 6 };
const HALF = { width: 12, height: 6 };

export class Monitoring extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly errorRateAlarm: cloudwatch.Alarm;
  /** With CloudFront Functions: their execution errors, validation errors and throttles. */
  readonly functionErrorsAlarm: cloudwatch.Alarm | undefined;
  readonly topic: sns.Topic | undefined;
  readonly subscription: cloudfront.CfnMonitoringSubscription | undefined;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: MonitoringProps,
  ) {
    super(scope, id);
    const { config, distribution } = props;
    const stackName = config.stackName;
    this.errorRateAlarm = distribution5xxAlarm(this, stackName, distribution.distributionId);
    const cff = props.cloudFrontFunctionNames;
    this.functionErrorsAlarm = cff && cloudFrontFunctionErrorsAlarm(this, stackName, cff);
    this.topic = notify(this, this.localAlarms, props.alarmEmail);
    if (props.additionalMetrics)
      this.subscription = new cloudfront.CfnMonitoringSubscription(this, 'AdditionalMetrics', {
        distributionId: distribution.distributionId,
        monitoringSubscription: {
          realtimeMetricsSubscriptionConfig: { realtimeMetricsSubscriptionStatus: 'Enabled' },
        },
      });
    const widgets = [
      ...this.experimentRows(),
      distributionRow(this.props.distribution.distributionId, this.props.additionalMetrics ?? false),
      ...(cff ? cloudFrontFunctionRows(cff) : []),
      ...this.functionRows(),
      this.alarmRow(),
    ];
    checkDashboardQuotas(widgets.flat());
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: stackName,
      defaultInterval: Duration.days(7),
      widgets,
    });
    new CfnOutput(scope, 'DashboardUrl', {
      value: `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${stackName}`,
      description: 'The CloudWatch dashboard: experiments, CloudFront and Lambda@Edge in every Region',
    });
  }

  private get regions(): readonly string[] {
    return this.props.regions ?? EDGE_REGIONS;
  }

  /** The alarms of this stack (us-east-1). */
  private get localAlarms(): cloudwatch.Alarm[] {
    return [this.errorRateAlarm, ...(this.functionErrorsAlarm ? [this.functionErrorsAlarm] : [])];
  }

  /**
   * Where the experiments' metrics are published: every edge Region (Lambda@Edge's EMF lines land where the
   * replica ran), or us-east-1 alone (the CloudFront Functions' log groups and their metric filters).
   */
  private get experimentRegions(): readonly string[] {
    return this.props.cloudFrontFunctionNames ? [FUNCTION_REGION] : this.regions;
  }

  /** Per experiment: enrollments and conversions over time, and each variant × goal's rate over the range. */
  private experimentRows(): cloudwatch.IWidget[][] {
    const series = variantSeries(this.props.config, this.experimentRegions, PERIOD);
    return this.props.config.experiments.list.map((e) => {
      const own = series.filter((s) => s.experiment === e.id);
      const row: cloudwatch.IWidget[] = [
        new cloudwatch.GraphWidget({
          title: `${e.id}: enrollments per variant${this.regionNote}`,
          left: own.map((s) => s.enrollments),
          statistic: 'Sum',
          ...HALF,
        }),
      ];
      const goals = own.flatMap((s) => s.goals);
      if (goals.length > 0)
        row.push(
          new cloudwatch.GraphWidget({
            title: `${e.id}: conversions per variant and goal${this.regionNote}`,
            left: goals.map((g) => g.conversions),
            ...HALF,
          }),
          new cloudwatch.SingleValueWidget({
            title: `${e.id}: conversion rate per variant and goal over the time range (%)`,
            metrics: goals.map((g) => g.rate),
            setPeriodToTimeRange: true,
            width: 24,
            height: 3,
          }),
        );
      return row;
    });
  }

  private get regionNote(): string {
    return this.experimentRegions.length > 1 ? ' (all Regions)' : '';
  }

  /** Per Lambda@Edge function: errors and throttles, one line per Region. */
  private functionRows(): cloudwatch.IWidget[][] {
    return (this.props.lambdaEdgeFunctions ?? FUNCTIONS).map((fn) =>
      ['Errors', 'Throttles'].map(
        (metricName) =>
          new cloudwatch.GraphWidget({
            title: `${fn}: ${metricName.toLowerCase()} per Region`,
            left: this.regions.map((region) =>
              replicaMetric(this.props.functionNames[fn], metricName, region).with({ label: region }),
            ),
            ...HALF,
          }),
      ),
    );
  }

  private alarmRow(): cloudwatch.IWidget[] {
    return [
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [
          ...this.localAlarms,
          // The per-Region stacks' alarms, by ARN: a dashboard may show alarms of any Region.
          ...this.regions.map((region) =>
            cloudwatch.Alarm.fromAlarmArn(
              this,
              `FunctionErrorsAlarm-${region}`,
              Stack.of(this).formatArn({
                service: 'cloudwatch',
                region,
                resource: 'alarm',
                resourceName: functionErrorsAlarmName(this.props.config.stackName),
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            ),
          ),
        ],
        ...WIDE,
      }),
    ];
  }
}
