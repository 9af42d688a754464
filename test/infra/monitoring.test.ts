/**
 * The dashboard and alarms, on both fixtures: every series is derived from the fixture's experiments,
 * variants and goals and from EDGE_REGIONS, so no expectation names the demo.
 */
import { testApp } from '../support/cdk';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { FUNCTIONS } from '../../edge-functions/functions';
import { metricLine } from '../../edge-functions/shared/log';
import { METRIC_NAMESPACE, type MetricName } from '../../edge-functions/shared/log-schema';
import { ERROR_RATE_5XX_THRESHOLD } from '../../infra/alarms';
import { buildApp, type EdgeApp } from '../../infra/app';
import { EDGE_REGIONS } from '../../infra/edge-regions';
import { edgeFunctionNames, replicaName } from '../../infra/edge-names';
import { checkDashboardQuotas, CONVERSIONS, ENROLLMENTS } from '../../infra/experiment-metrics';
import { fixture, FIXTURES, type FixtureName } from '../support/fixtures';
import { dashboardWidgets, leaves, type MetricLine, type Widget } from './dashboard-body';

const regionsOf = (lines: MetricLine[]) => lines.map((l) => l.region).sort();
const ALL_REGIONS = [...EDGE_REGIONS].sort();

describe.each(FIXTURES)('dashboard and alarms (%s)', (name: FixtureName) => {
  const { config } = fixture(name);
  let built: { edge: EdgeApp; site: Template; widgets: Widget[] };
  const app = () => {
    if (!built) {
      const edge = buildApp(testApp(), fixture(name));
      const site = Template.fromStack(edge.stack);
      built = { edge, site, widgets: dashboardWidgets(site) };
    }
    return built;
  };
  const names = edgeFunctionNames(config.stackName);
  const sums = () =>
    app().widgets.flatMap((w) =>
      w.metrics.filter((m) => m.expression?.startsWith('SUM(')).map((m) => ({ w, m })),
    );

  it.each(config.experiments.list.flatMap((e) => e.variants.map((v) => [e.id, v.name])))(
    'sums %s / %s enrollments over every edge Region',
    (experiment, variant) => {
      const found = sums().filter(({ w, m }) =>
        leaves(w, m).every(
          (l) =>
            l.namespace === METRIC_NAMESPACE &&
            l.metricName === ENROLLMENTS &&
            l.dimensions.Experiment === experiment &&
            l.dimensions.Variant === variant,
        ),
      );
      expect(found.length).toBeGreaterThan(0);
      for (const { w, m } of found) expect(regionsOf(leaves(w, m))).toEqual(ALL_REGIONS);
    },
  );

  it('reads the all-phases series: the first dimension set of every metric line, whatever its phase', () => {
    const written = (name: MetricName, phase: number) =>
      JSON.parse(metricLine(name, ['e', 'v', 'g'], 1, undefined, phase))._aws.CloudWatchMetrics[0]
        .Dimensions[0];
    for (const { w, m } of sums())
      for (const leaf of leaves(w, m)) {
        const name = leaf.metricName as MetricName;
        for (const phase of [0, 3])
          expect(Object.keys(leaf.dimensions).sort()).toEqual([...written(name, phase)].sort());
      }
  });

  it('sums conversions per experiment × variant × goal over every edge Region', () => {
    const expected = config.experiments.list.flatMap((e) =>
      e.variants.flatMap((v) => config.experiments.goals.map((g) => [e.id, v.name, g.id].join('/'))),
    );
    const seen = new Set<string>();
    for (const { w, m } of sums()) {
      const ls = leaves(w, m);
      if (ls[0]!.metricName !== CONVERSIONS) continue;
      expect(regionsOf(ls)).toEqual(ALL_REGIONS);
      const keys = new Set(
        ls.map((l) => [l.dimensions.Experiment, l.dimensions.Variant, l.dimensions.Goal].join('/')),
      );
      expect(keys.size).toBe(1);
      seen.add([...keys][0]!);
    }
    expect([...seen].sort()).toEqual(expected.sort());
  });

  it('shows each variant × goal conversion rate as 100 × conversions / enrollments of that variant', () => {
    const rates = app().widgets.flatMap((w) =>
      w.metrics.filter((m) => m.expression?.startsWith('100 * ')).map((m) => ({ w, m })),
    );
    expect(rates).toHaveLength(
      config.experiments.list.reduce((n, e) => n + e.variants.length * config.experiments.goals.length, 0),
    );
    for (const { w, m } of rates) {
      const [, num, den] = /^100 \* (\w+) \/ (\w+)$/.exec(m.expression!)!;
      const byId = (id: string) => w.metrics.find((x) => x.id === id)!;
      const c = leaves(w, byId(num!));
      const e = leaves(w, byId(den!));
      expect(c.every((l) => l.metricName === CONVERSIONS)).toBe(true);
      expect(e.every((l) => l.metricName === ENROLLMENTS)).toBe(true);
      expect(e[0]!.dimensions).toEqual({
        Experiment: c[0]!.dimensions.Experiment,
        Variant: c[0]!.dimensions.Variant,
      });
    }
  });

  it('graphs CloudFront requests and 4xx/5xx error rates from us-east-1 (Region=Global)', () => {
    const cf = app()
      .widgets.flatMap((w) => w.metrics)
      .filter((m) => m.namespace === 'AWS/CloudFront');
    expect(cf.map((m) => m.metricName).sort()).toEqual([
      '4xxErrorRate',
      '5xxErrorRate',
      'Requests',
      'TotalErrorRate',
    ]);
    for (const m of cf) {
      expect(m.dimensions.Region).toBe('Global');
      expect(m.dimensions.DistributionId).toMatch(/^\{Ref:Distribution/);
      expect(m.region).toBe('us-east-1');
    }
  });

  it.each(FUNCTIONS.flatMap((fn) => ['Errors', 'Throttles'].map((metric) => [fn, metric])))(
    'graphs %s %s per Region',
    (fn, metric) => {
      const lines = app()
        .widgets.flatMap((w) => w.metrics)
        .filter(
          (m) =>
            m.namespace === 'AWS/Lambda' &&
            m.metricName === metric &&
            m.dimensions.FunctionName === replicaName(names[fn as 'viewer-request']),
        );
      expect(regionsOf(lines)).toEqual(ALL_REGIONS);
    },
  );

  it('alarms on the distribution 5xx rate in us-east-1 and on function errors in every Region', () => {
    app().site.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Threshold: ERROR_RATE_5XX_THRESHOLD,
      Dimensions: [
        { Name: 'DistributionId', Value: { Ref: Match.stringLikeRegexp('^Distribution') } },
        { Name: 'Region', Value: 'Global' },
      ],
    });
    for (const r of app().edge.regionStacks) {
      const alarm = Object.values(Template.fromStack(r).findResources('AWS::CloudWatch::Alarm'))[0]!;
      const metrics = alarm.Properties.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat);
      expect(
        metrics.map(
          (m: { MetricStat: { Metric: { MetricName: string; Dimensions: { Value: string }[] } } }) => [
            m.MetricStat.Metric.MetricName,
            m.MetricStat.Metric.Dimensions[0]!.Value,
          ],
        ),
      ).toEqual(FUNCTIONS.map((fn) => ['Errors', replicaName(names[fn])]));
    }
    // The alarm widget shows all of them.
    const alarmWidget = app().widgets.find((w) => w.type === 'alarm')!;
    expect(alarmWidget.alarms).toHaveLength(1 + EDGE_REGIONS.length);
  });

  it('leaves the paid additional metrics and notifications off by default, and outputs the dashboard URL', () => {
    app().site.resourceCountIs('AWS::CloudFront::MonitoringSubscription', 0);
    app().site.resourceCountIs('AWS::SNS::Topic', 0);
    expect(
      app()
        .widgets.flatMap((w) => w.metrics)
        .some((m) => m.metricName === 'CacheHitRate'),
    ).toBe(false);
    expect(app().widgets.some((w) => w.markdown?.includes('-c additionalMetrics=true'))).toBe(true);
    const url = JSON.stringify(app().site.findOutputs('DashboardUrl'));
    expect(url).toContain(`#dashboards/dashboard/${config.stackName}`);
    app().site.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: config.stackName });
  });
});

describe('monitoring context flags', () => {
  const demo = fixture('demo');
  const context = { additionalMetrics: 'true', alarmEmail: 'ops@example.com' };
  let built: EdgeApp;
  const app = () => (built ??= buildApp(testApp({ context }), demo));

  it('turns on CloudFront additional metrics and graphs the cache hit rate with -c additionalMetrics=true', () => {
    const site = Template.fromStack(app().stack);
    site.hasResourceProperties('AWS::CloudFront::MonitoringSubscription', {
      DistributionId: { Ref: Match.stringLikeRegexp('^Distribution') },
      MonitoringSubscription: {
        RealtimeMetricsSubscriptionConfig: { RealtimeMetricsSubscriptionStatus: 'Enabled' },
      },
    });
    const hit = dashboardWidgets(site)
      .flatMap((w) => w.metrics)
      .filter((m) => m.metricName === 'CacheHitRate');
    expect(hit).toHaveLength(1);
  });

  it('e-mails every alarm, in us-east-1 and in each Region, with -c alarmEmail=…', () => {
    for (const stack of [app().stack, ...app().regionStacks]) {
      const t = Template.fromStack(stack);
      t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
      for (const alarm of Object.values(t.findResources('AWS::CloudWatch::Alarm')))
        expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
    }
  });

  it.each([
    [{ alarmEmail: 'not an address' }, "alarmEmail must be an e-mail address, got: 'not an address'"],
    [{ additionalMetrics: 'yes' }, "context additionalMetrics must be true or false, got: 'yes'"],
  ])('throws if given %j', (ctx, message) => {
    expect(() => buildApp(testApp({ context: ctx }), demo)).toThrow(message);
  });

  it('throws if the dashboard would outgrow CloudWatch’s metrics-per-widget quota', () => {
    const metrics = Array.from(
      { length: 501 },
      (_, i) => new cloudwatch.Metric({ namespace: 'N', metricName: `m${i}` }),
    );
    expect(() => checkDashboardQuotas([new cloudwatch.GraphWidget({ title: 'big', left: metrics })])).toThrow(
      "dashboard widget 'big' needs 501 metrics, CloudWatch allows 500 per widget",
    );
  });
});
