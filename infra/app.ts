/**
 * The CDK app (`cdk.json` runs it with tsx). Offline: no context lookups, no credentials needed to synth.
 * Stacks: `<stackName>` in us-east-1 (site, functions, distribution, dashboard) and `<stackName>-edge-<region>`
 * per edge Region (log retention, error alarm); `cdk deploy --all` deploys the Region stacks first.
 * Optional context (docs/deploy.md): `-c priceClass=PriceClass_All -c domainName=www.example.com
 * -c certificateArn=arn:… -c destroyOnDelete=true -c additionalMetrics=true -c alarmEmail=ops@example.com`.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from '../edge-functions/config/load';
import { EdgeRegionStack, edgeRegionStackName } from './edge-region-stack';
import { EDGE_REGIONS } from './edge-regions';
import { applyNagSuppressions } from './nag';
import { SiteStack } from './site-stack';

export interface EdgeApp {
  readonly app: App;
  readonly stack: SiteStack;
  readonly regionStacks: readonly EdgeRegionStack[];
}

/** A boolean context flag: absent → false; anything but `true`/`false` fails synth. */
function flag(app: App, key: string): boolean {
  const v: unknown = app.node.tryGetContext(key);
  if (v === undefined || v === false || v === 'false') return false;
  if (v === true || v === 'true') return true;
  throw new Error(`context ${key} must be true or false, got: '${String(v)}'`);
}

/** The app for a loaded configuration (`edge.config.ts` by default): its stacks are named after `stackName`. */
export function buildApp(app = new App(), site = loadConfig(), regions = EDGE_REGIONS): EdgeApp {
  const context = (key: string): string | undefined => {
    const v: unknown = app.node.tryGetContext(key);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  const alarmEmail = context('alarmEmail');
  const stack = new SiteStack(
    app,
    site.config.stackName,
    {
      env: { account, region: 'us-east-1' },
      priceClass: context('priceClass'),
      domainName: context('domainName'),
      certificateArn: context('certificateArn'),
      destroyOnDelete: flag(app, 'destroyOnDelete'),
      additionalMetrics: flag(app, 'additionalMetrics'),
      alarmEmail,
      regions,
      description: `Edge personalisation service: S3 + CloudFront + ${site.config.viewer.runtime === 'lambda-edge' ? 'Lambda@Edge' : 'CloudFront Functions + Lambda@Edge'} (locale, A/B, security headers)`,
    },
    site,
  );
  const regionStacks = regions.map(
    (region) =>
      new EdgeRegionStack(app, edgeRegionStackName(site.config.stackName, region), {
        env: { account },
        region,
        siteStackName: site.config.stackName,
        functionNames: stack.functionNames,
        functions: stack.lambdaEdgeFunctions,
        retentionDays: site.config.logs.retentionDays,
        alarmEmail,
      }),
  );
  // Log groups exist before any replica can run and create them without a retention.
  for (const r of regionStacks) stack.addStackDependency(r, 'log groups before the functions run');
  // The Region stacks (log groups, an alarm, a TLS-only topic) have no findings to acknowledge.
  applyNagSuppressions(stack);
  // cdk-nag 3 is a policy-validation plugin: an unacknowledged finding fails `cdk synth`.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, regionStacks };
}

if (require.main === module) buildApp().app.synth();
