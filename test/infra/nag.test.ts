/**
 * cdk-nag's AwsSolutions pack over the synthesized app: zero unacknowledged findings, and every
 * acknowledgement sits on one resource (never the stack) with a reason.
 */
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../infra/app';
import { fixture } from '../support/fixtures';

describe('cdk-nag AwsSolutions', () => {
  it.each([
    ['the default stack', {}],
    [
      'a custom-domain stack',
      {
        domainName: 'www.example.com',
        certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd',
      },
    ],
  ])('reports no unacknowledged errors or warnings for %s', (_name, context) => {
    const { app, stack } = buildApp(new App({ context }), fixture('demo'));
    const report = new AwsSolutionsChecks(app).validateScope(stack);
    const findings = report.violations.map(
      (v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`,
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('acknowledges findings on single resources only, each with a reason', () => {
    const { stack } = buildApp(new App(), fixture('demo'));
    const acks: { path: string; id: string; reason: string }[] = [];
    for (const c of stack.node.findAll()) {
      for (const entry of c.node.metadata) {
        if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>))
          if (id.includes('AwsSolutions-')) acks.push({ path: c.node.path, id, reason });
      }
    }
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.path).not.toBe(stack.node.path);
      expect(a.reason.length).toBeGreaterThan(40);
    }
  });
});
