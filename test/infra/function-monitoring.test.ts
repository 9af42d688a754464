/**
 * The dashboard and alarms with `viewer.runtime: 'cloudfront-functions'`, on every fixture: the functions'
 * own metrics (`AWS/CloudFront`, `FunctionName` + `Region=Global`, us-east-1), the alarm on what was a 5xx
 * for a visitor, and the experiments' metrics read where the metric filters publish them (us-east-1 only).
 */
import { testApp } from '../support/cdk';
import { Template } from 'aws-cdk-lib/assertions';
import { CLOUDFRONT_FUNCTIONS } from '../../edge-functions/cloudfront-functions/contract';
import { METRIC_NAMESPACE } from '../../edge-functions/shared/log-schema';
import {
  CLOUDFRONT_FUNCTION_ERRORS_THRESHOLD,
  cloudFrontFunctionErrorsAlarmName,
  FUNCTION_FAILURES,
  FunctionMetric,
} from '../../infra/alarms';
import { buildApp, type EdgeApp } from '../../infra/app';
import { EDGE_REGIONS } from '../../infra/edge-regions';
import { cloudFrontFunctionNames, edgeFunctionNames, replicaName } from '../../infra/edge-names';
import { cloudFrontFunctionsTarget } from '../support/cloudfront-functions';
import { FIXTURES, type FixtureName } from '../support/fixtures';
import { dashboardWidgets, leaves, type Widget } from './dashboard-body';

describe.each(FIXTURES)('CloudFront Functions on the dashboard and alarms (%s)', (name: FixtureName) => {
  const target = cloudFrontFunctionsTarget(name);
  const names = cloudFrontFunctionNames(target.config.stackName);
  let built: { edge: EdgeApp; site: Template; widgets: Widget[] } | undefined;
  const app = () => {
    if (!built) {
      const edge = buildApp(testApp({ context: { alarmEmail: 'ops@example.com' } }), target);
      const site = Template.fromStack(edge.stack);
      built = { edge, site, widgets: dashboardWidgets(site) };
    }
    return built;
  };
  const lines = () => app().widgets.flatMap((w) => w.metrics);

  it.each(CLOUDFRONT_FUNCTIONS)("graphs each of %s's own metrics from us-east-1, Region=Global", (fn) => {
    const own = lines().filter((m) => m.dimensions.FunctionName === names[fn]);
    expect([...new Set(own.map((m) => m.metricName))].sort()).toEqual(Object.values(FunctionMetric).sort());
    for (const m of own) {
      expect(m.namespace).toBe('AWS/CloudFront');
      expect(m.dimensions).toEqual({ FunctionName: names[fn], Region: 'Global' });
      expect(m.region).toBe('us-east-1');
    }
  });

  it('alarms in us-east-1 on every function’s execution errors, validation errors and throttles', () => {
    const alarms = app().site.findResources('AWS::CloudWatch::Alarm', {
      Properties: { AlarmName: cloudFrontFunctionErrorsAlarmName(target.config.stackName) },
    });
    const alarm = Object.values(alarms)[0]!.Properties;
    expect(alarm.Threshold).toBe(CLOUDFRONT_FUNCTION_ERRORS_THRESHOLD);
    expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
    const stats = alarm.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat).map(
      (m: {
        MetricStat: { Metric: { MetricName: string; Dimensions: { Name: string; Value: string }[] } };
      }) =>
        `${m.MetricStat.Metric.MetricName}/${m.MetricStat.Metric.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(',')}`,
    );
    expect(stats.sort()).toEqual(
      Object.values(names)
        .flatMap((n) => FUNCTION_FAILURES.map((metric) => `${metric}/FunctionName=${n},Region=Global`))
        .sort(),
    );
    const expression = alarm.Metrics.find((m: { Expression?: string }) => m.Expression).Expression;
    expect(expression.split(' + ')).toHaveLength(stats.length);
    expect(app().widgets.find((w) => w.type === 'alarm')!.alarms).toHaveLength(2 + EDGE_REGIONS.length);
  });

  it('reads the experiments’ metrics in us-east-1, where the metric filters publish them', () => {
    const sums = app().widgets.flatMap((w) =>
      w.metrics.filter((m) => m.expression?.startsWith('SUM(')).map((m) => leaves(w, m)),
    );
    expect(sums.length).toBeGreaterThan(0);
    for (const ls of sums)
      for (const l of ls) {
        expect(l.namespace).toBe(METRIC_NAMESPACE);
        expect(l.region).toBe('us-east-1');
      }
  });

  it('graphs the Lambda@Edge replicas of origin-response alone', () => {
    const lambda = lines().filter((m) => m.namespace === 'AWS/Lambda');
    const origin = replicaName(edgeFunctionNames(target.config.stackName)['origin-response']);
    expect(new Set(lambda.map((m) => m.dimensions.FunctionName))).toEqual(new Set([origin]));
  });
});
