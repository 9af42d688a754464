/**
 * The CDK app (`cdk.json` runs it with tsx). Offline: no context lookups, no credentials needed to synth.
 * Optional context: `-c priceClass=PriceClass_All -c domainName=www.example.com -c certificateArn=arn:…`.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadConfig } from '../edge-functions/config/load';
import { applyNagSuppressions } from './nag';
import { SiteStack } from './site-stack';

/** The app for a loaded configuration (`edge.config.ts` by default): its stack is named `stackName`. */
export function buildApp(app = new App(), site = loadConfig()): { app: App; stack: SiteStack } {
  const context = (key: string): string | undefined => {
    const v: unknown = app.node.tryGetContext(key);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const stack = new SiteStack(
    app,
    site.config.stackName,
    {
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: 'us-east-1' },
      priceClass: context('priceClass'),
      domainName: context('domainName'),
      certificateArn: context('certificateArn'),
      destroyOnDelete: context('destroyOnDelete') === 'true',
      description:
        'Edge personalisation service: S3 + CloudFront + Lambda@Edge (locale, A/B, security headers)',
    },
    site,
  );
  applyNagSuppressions(stack);
  // cdk-nag 3 is a policy-validation plugin: an unacknowledged finding fails `cdk synth`.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

if (require.main === module) buildApp().app.synth();
