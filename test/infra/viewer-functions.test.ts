/**
 * The stack with `viewer.runtime: 'cloudfront-functions'`, on the demo fixture: the CloudFront Functions and
 * their KeyValueStore, how the behaviours use them beside origin-response on Lambda@Edge, their logs and
 * metric filters, and the store the deploy syncs in place, read back from the synthesized assembly.
 */
import { testApp } from '../support/cdk';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import {
  CLOUDFRONT_FUNCTIONS,
  FUNCTION_SIZE_LIMIT,
} from '../../edge-functions/cloudfront-functions/contract';
import { METRIC_NAMESPACE } from '../../edge-functions/shared/log-schema';
import { buildApp, type EdgeApp } from '../../infra/app';
import { cloudFrontFunctionNames, replicaLogGroupName, edgeFunctionNames } from '../../infra/edge-names';
import { metricWordsPattern } from '../../infra/function-log-metrics';
import { SiteStack } from '../../infra/site-stack';
import { functionCodePath } from '../../infra/viewer-functions';
import { cloudFrontFunctionsTarget } from '../support/cloudfront-functions';

describe("SiteStack with viewer.runtime: 'cloudfront-functions'", () => {
  const target = cloudFrontFunctionsTarget('demo');
  const { config } = target;
  const names = cloudFrontFunctionNames(config.stackName);
  let built: { edge: EdgeApp; t: Template } | undefined;
  const app = () => {
    if (!built) {
      const edge = buildApp(testApp(), target);
      built = { edge, t: Template.fromStack(edge.stack) };
    }
    return built;
  };
  const t = () => app().t;
  const distribution = () =>
    Object.values(t().findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
  const logicalId = (type: string, name: string) =>
    Object.entries(t().findResources(type)).find(([, r]) => r.Properties.Name === name)![0];

  it('deploys one cloudfront-js-2.0 function per name, published, with the built code and the store', () => {
    const store = Object.keys(t().findResources('AWS::CloudFront::KeyValueStore'));
    expect(store).toHaveLength(1);
    t().resourceCountIs('AWS::CloudFront::Function', CLOUDFRONT_FUNCTIONS.length);
    for (const fn of CLOUDFRONT_FUNCTIONS)
      t().hasResourceProperties('AWS::CloudFront::Function', {
        Name: names[fn],
        AutoPublish: true,
        FunctionCode: readFileSync(functionCodePath(fn, target.outDir), 'utf8'),
        FunctionConfig: Match.objectLike({
          Runtime: 'cloudfront-js-2.0',
          KeyValueStoreAssociations: [{ KeyValueStoreARN: { 'Fn::GetAtt': [store[0], 'Arn'] } }],
        }),
      });
  });

  it('runs viewer-request on pages and edge-endpoints on /__edge/*, no function on assets', () => {
    const arn = (fn: (typeof CLOUDFRONT_FUNCTIONS)[number]) => ({
      'Fn::GetAtt': [logicalId('AWS::CloudFront::Function', names[fn]), 'FunctionARN'],
    });
    const d = distribution();
    const by = (p: string) => d.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === p);
    expect(d.DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: arn('viewer-request') },
    ]);
    expect(by('__edge/*').FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: arn('edge-endpoints') },
    ]);
    expect(by('assets/*').FunctionAssociations).toBeUndefined();
  });

  it('keeps origin-response on Lambda@Edge and deploys no viewer-request Lambda (AWS allows not both)', () => {
    const lambdas = t().findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('^Lambda@Edge') },
    });
    expect(Object.values(lambdas).map((f) => f.Properties.FunctionName)).toEqual([
      edgeFunctionNames(config.stackName)['origin-response'],
    ]);
    const d = distribution();
    const events = (b: { LambdaFunctionAssociations?: { EventType: string }[] }) =>
      (b.LambdaFunctionAssociations ?? []).map((a) => a.EventType);
    for (const b of [d.DefaultCacheBehavior, ...d.CacheBehaviors])
      expect(events(b)).not.toContain('viewer-request');
    expect(events(d.DefaultCacheBehavior)).toEqual(['origin-response']);
  });

  it('creates the store without an import source: CloudFormation could never update one', () => {
    const store = Object.values(t().findResources('AWS::CloudFront::KeyValueStore'))[0]!;
    expect(store.Properties.ImportSource).toBeUndefined();
    expect(store.Properties.Comment).toMatch(/npm run deploy/);
  });

  it('keeps one store, by name, across every configuration change: the deploy syncs it in place', () => {
    const storeName = (change: Parameters<typeof cloudFrontFunctionsTarget>[1]) => {
      const stack = new SiteStack(testApp(), 'X', {}, cloudFrontFunctionsTarget('demo', change));
      return Object.values(Template.fromStack(stack).findResources('AWS::CloudFront::KeyValueStore'))[0]!
        .Properties.Name as string;
    };
    const reweighted = storeName((c) => ({
      ...c,
      experiments: {
        ...c.experiments,
        list: c.experiments.list.map((e) => ({
          ...e,
          variants: e.variants.map((v, i) => ({ ...v, weight: i + 1 })),
        })),
      },
    }));
    const relocalised = storeName((c) => ({
      ...c,
      locales: { ...c.locales, supported: [...c.locales.supported, 'fr'] },
    }));
    const mine = t().findResources('AWS::CloudFront::KeyValueStore');
    const name = Object.values(mine)[0]!.Properties.Name as string;
    expect(name).toBe(`${config.stackName}-live`);
    expect(reweighted).toBe(name);
    expect(relocalised).toBe(name);
  });

  it('keeps each function’s log group in us-east-1 with the retention, and counts metric words there', () => {
    for (const fn of CLOUDFRONT_FUNCTIONS) {
      const group = Object.entries(t().findResources('AWS::Logs::LogGroup')).find(
        ([, g]) => g.Properties.LogGroupName === `/aws/cloudfront/function/${names[fn]}`,
      )![0];
      // Created before the function can run and create it without a retention.
      expect(t().toJSON().Resources[logicalId('AWS::CloudFront::Function', names[fn])].DependsOn).toContain(
        group,
      );
      t().hasResource('AWS::Logs::LogGroup', {
        Properties: {
          LogGroupName: `/aws/cloudfront/function/${names[fn]}`,
          RetentionInDays: config.logs.retentionDays,
        },
        DeletionPolicy: 'Retain',
      });
      for (const metric of ['Enrollments', 'Conversions'] as const)
        t().hasResourceProperties('AWS::Logs::MetricFilter', {
          LogGroupName: { Ref: Match.stringLikeRegexp('Logs') },
          FilterPattern: metricWordsPattern(metric).logPatternString,
          MetricTransformations: [
            Match.objectLike({ MetricNamespace: METRIC_NAMESPACE, MetricName: metric, MetricValue: '1' }),
          ],
        });
    }
    t().resourceCountIs('AWS::Logs::MetricFilter', CLOUDFRONT_FUNCTIONS.length * 2);
  });

  it('pre-creates and alarms on origin-response alone in the edge Regions', () => {
    const origin = edgeFunctionNames(config.stackName)['origin-response'];
    for (const r of app().edge.regionStacks) {
      const rt = Template.fromStack(r);
      expect(
        Object.values(rt.findResources('AWS::Logs::LogGroup')).map((g) => g.Properties.LogGroupName),
      ).toEqual([replicaLogGroupName(origin)]);
      const alarm = Object.values(rt.findResources('AWS::CloudWatch::Alarm'))[0]!;
      expect(alarm.Properties.Metrics.filter((m: { MetricStat?: unknown }) => m.MetricStat)).toHaveLength(1);
    }
  });

  it('outputs the store’s ARN for npm run experiments', () => {
    expect(JSON.stringify(t().findOutputs('KeyValueStoreArn'))).toContain('Arn');
  });

  it.each([
    ['missing', () => undefined, `is missing: run npm run build`],
    [
      'over the size limit',
      () => `// ${'x'.repeat(FUNCTION_SIZE_LIMIT)}\n`,
      `CloudFront Functions allow ${FUNCTION_SIZE_LIMIT}`,
    ],
  ])('fails synth naming the file when the code is %s', (_, code, message) => {
    const bad = cloudFrontFunctionsTarget('demo', undefined, (fn) =>
      fn === 'edge-endpoints' ? code() : 'x',
    );
    expect(() => new SiteStack(testApp(), 'Y', {}, bad)).toThrow(
      /cloudfront-functions\/edge-endpoints\.js is /,
    );
    expect(() => new SiteStack(testApp(), 'Z', {}, bad)).toThrow(message);
  });
});
