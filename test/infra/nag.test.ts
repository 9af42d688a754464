/**
 * cdk-nag's AwsSolutions pack over every stack of the synthesized app (the us-east-1 site stack and each
 * edge Region's stack): zero unacknowledged findings, and every acknowledgement sits on one resource (never
 * a stack) with a reason.
 */
import { testApp } from '../support/cdk';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp, type EdgeApp } from '../../infra/app';
import { cloudFrontFunctionsTarget } from '../support/cloudfront-functions';
import { fixture } from '../support/fixtures';

const VARIANTS = {
  'the default app': {},
  'a custom-domain app with alarm e-mails and additional metrics': {
    domainName: 'www.example.com',
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd',
    alarmEmail: 'ops@example.com',
    additionalMetrics: 'true',
  },
  "viewer.runtime: 'cloudfront-functions'": { alarmEmail: 'ops@example.com' },
};

describe('cdk-nag AwsSolutions', () => {
  const apps = new Map<string, EdgeApp>();
  const appFor = (name: keyof typeof VARIANTS) =>
    apps.get(name) ??
    apps
      .set(
        name,
        buildApp(
          testApp({ context: VARIANTS[name] }),
          name === "viewer.runtime: 'cloudfront-functions'"
            ? cloudFrontFunctionsTarget('demo')
            : fixture('demo'),
        ),
      )
      .get(name)!;

  it.each(Object.keys(VARIANTS) as (keyof typeof VARIANTS)[])(
    'reports no unacknowledged errors or warnings for %s, in any stack',
    (name) => {
      const { app, stack, regionStacks } = appFor(name);
      for (const s of [stack, ...regionStacks]) {
        const report = new AwsSolutionsChecks(app).validateScope(s);
        const findings = report.violations.map(
          (v) =>
            `${s.stackName} ${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId).join(', ')}`,
        );
        expect(findings).toEqual([]);
        expect(report.success).toBe(true);
      }
    },
  );

  it('acknowledges findings on single resources only, each with a reason', () => {
    const { app } = appFor('a custom-domain app with alarm e-mails and additional metrics');
    const acks: { path: string; id: string; reason: string }[] = [];
    for (const c of app.node.findAll()) {
      for (const entry of c.node.metadata) {
        if (entry.type !== 'aws:cdk:acknowledged-rules') continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>))
          if (id.includes('AwsSolutions-')) acks.push({ path: c.node.path, id, reason });
      }
    }
    expect(acks.length).toBeGreaterThan(0);
    const stackPaths = app.node.children.map((s) => s.node.path);
    for (const a of acks) {
      expect(stackPaths).not.toContain(a.path);
      expect(a.reason.length).toBeGreaterThan(40);
    }
  });
});
