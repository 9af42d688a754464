/**
 * Log retention in every edge Region: one stack per Region in EDGE_REGIONS, each pre-creating both replicas'
 * log groups with the configured retention, deployed before the site stack; fixed function names they match.
 */
import { testApp } from '../support/cdk';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS } from '../../edge-functions/functions';
import { buildApp, type EdgeApp } from '../../infra/app';
import { EdgeRegionStack, edgeRegionStackName } from '../../infra/edge-region-stack';
import { EDGE_REGIONS } from '../../infra/edge-regions';
import { MAX_FUNCTION_NAME_LENGTH } from '../../edge-functions/functions';
import { edgeFunctionNames, replicaLogGroupName } from '../../infra/edge-names';
import { fixture, FIXTURES, type FixtureName } from '../support/fixtures';

describe('EDGE_REGIONS', () => {
  it('lists distinct Region codes, us-east-1 (where the functions live) among them', () => {
    expect(new Set(EDGE_REGIONS).size).toBe(EDGE_REGIONS.length);
    for (const r of EDGE_REGIONS) expect(r).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(EDGE_REGIONS).toContain('us-east-1');
  });
});

describe('edgeFunctionNames', () => {
  it('derives one fixed name per function from the stack name', () => {
    expect(edgeFunctionNames('Shop')).toEqual({
      'viewer-request': 'Shop-viewer-request',
      'origin-response': 'Shop-origin-response',
    });
  });

  it('throws if a name would be longer than Lambda allows', () => {
    const stackName = 'S'.repeat(MAX_FUNCTION_NAME_LENGTH - '-origin-response'.length + 1);
    expect(() => edgeFunctionNames(stackName)).toThrow(
      `function name must be at most 64 characters (Lambda's limit): shorten stackName, got: '${stackName}-origin-response' (65)`,
    );
  });
});

describe.each(FIXTURES)('per-Region stacks (%s)', (name: FixtureName) => {
  const f = fixture(name);
  const { stackName, logs } = f.config;
  let built: EdgeApp;
  const app = () => (built ??= buildApp(testApp(), f));
  const names = edgeFunctionNames(stackName);

  it('creates one stack per edge Region, in that Region, named after the site stack', () => {
    const stacks = app().regionStacks;
    expect(stacks.map((s) => s.region)).toEqual([...EDGE_REGIONS]);
    expect(stacks.map((s) => s.stackName)).toEqual(
      EDGE_REGIONS.map((r) => edgeRegionStackName(stackName, r)),
    );
  });

  it.each(EDGE_REGIONS)(
    'pre-creates both replicas’ log groups in %s with the configured retention, kept on delete',
    (region) => {
      const t = Template.fromStack(app().regionStacks.find((s) => s.region === region)!);
      const groups = Object.values(t.findResources('AWS::Logs::LogGroup'));
      expect(groups.map((g) => g.Properties.LogGroupName).sort()).toEqual(
        FUNCTIONS.map((fn) => `/aws/lambda/us-east-1.${stackName}-${fn}`).sort(),
      );
      for (const g of groups) {
        expect(g.Properties.RetentionInDays).toBe(logs.retentionDays);
        expect(g.DeletionPolicy).toBe('Retain');
      }
    },
  );

  it('gives the functions the fixed names the log groups are named after', () => {
    const t = Template.fromStack(app().stack);
    const fnNames = Object.values(t.findResources('AWS::Lambda::Function'))
      .map((r) => r.Properties.FunctionName)
      .filter(Boolean)
      .sort();
    expect(fnNames).toEqual(Object.values(names).sort());
    for (const fn of FUNCTIONS)
      expect(replicaLogGroupName(names[fn])).toBe(`/aws/lambda/us-east-1.${names[fn]}`);
  });

  it('keeps the functions’ own us-east-1 log groups for the configured retention too', () => {
    const t = Template.fromStack(app().stack);
    for (const g of Object.values(t.findResources('AWS::Logs::LogGroup')))
      expect(g.Properties.RetentionInDays).toBe(logs.retentionDays);
  });

  it('deploys every Region stack before the site stack, and needs no bootstrap in those Regions', () => {
    const { stack, regionStacks } = app();
    expect(stack.dependencies.map((d) => d.stackName).sort()).toEqual(
      regionStacks.map((s) => s.stackName).sort(),
    );
    for (const r of regionStacks) {
      const t = Template.fromStack(r).toJSON();
      // No CheckBootstrapVersion rule and no asset parameters: the BootstraplessSynthesizer.
      expect(t.Rules).toBeUndefined();
      expect(t.Parameters).toBeUndefined();
    }
  });
});

describe('EdgeRegionStack', () => {
  it('takes the retention it is given', () => {
    const stack = new EdgeRegionStack(testApp(), 'X', {
      region: 'eu-west-1',
      siteStackName: 'Shop',
      functionNames: edgeFunctionNames('Shop'),
      retentionDays: 90,
    });
    const t = Template.fromStack(stack);
    t.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 90 }, 2);
    t.resourceCountIs('AWS::SNS::Topic', 0);
  });
});
