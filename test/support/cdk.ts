/**
 * A CDK app for the infra suites. CDK's built-in CloudFormation validation compiles a WebAssembly validator on
 * a file's first synthesis (5–7 s) and in jest (no cdk.json context) can only warn, never fail; the real
 * `cdk synth` keeps it (test/infra/synth.test.ts runs the CLI), and cdk-nag runs either way.
 */
import { App, type AppProps } from 'aws-cdk-lib';

export const testApp = (props: AppProps = {}): App =>
  new App({ builtinCloudFormationValidation: false, ...props } as AppProps);
