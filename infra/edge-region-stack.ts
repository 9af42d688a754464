/**
 * One small stack per Region with a CloudFront regional edge cache (`edge-regions.ts`): it pre-creates the
 * log groups Lambda@Edge writes to there (`/aws/lambda/us-east-1.<name>`), so they have the configured
 * retention instead of none, and alarms on the replicas' errors there (alarms cannot watch another Region).
 * CDK's `logRetention`/`logGroup` only reach us-east-1 (aws-cdk issues #12690, #34824).
 *
 * It holds no assets, so it uses the BootstraplessSynthesizer (as aws-cdk-lib's own cross-region EdgeFunction
 * stacks do): only us-east-1 needs `cdk bootstrap`, and these stacks deploy with the caller's credentials.
 */
import { BootstraplessSynthesizer, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName } from '../edge-functions/functions';
import { functionErrorsAlarm, notify } from './alarms';
import { replicaLogGroupName, type EdgeFunctionNames } from './edge-names';

export interface EdgeRegionStackProps extends StackProps {
  /** The Region this stack deploys to. */
  readonly region: string;
  /** The site stack's name: stack and alarm names derive from it. */
  readonly siteStackName: string;
  readonly functionNames: EdgeFunctionNames;
  /**
   * The Lambda@Edge functions deployed (origin-response alone beside CloudFront Functions).
   * @default FUNCTIONS
   */
  readonly functions?: readonly FunctionName[];
  /** One of CloudWatch Logs' retention values (`config.logs.retentionDays`, validated with the config). */
  readonly retentionDays: number;
  /** @default - no notifications */
  readonly alarmEmail?: string;
}

/** `<stackName>-edge-<region>`: one per Region, in the same app as the site stack. */
export const edgeRegionStackName = (siteStackName: string, region: string): string =>
  `${siteStackName}-edge-${region}`;

export class EdgeRegionStack extends Stack {
  readonly logGroups: Readonly<Partial<Record<FunctionName, logs.LogGroup>>>;
  readonly errorsAlarm: cloudwatch.Alarm;
  readonly topic: sns.Topic | undefined;

  constructor(scope: Construct, id: string, props: EdgeRegionStackProps) {
    super(scope, id, {
      ...props,
      env: { account: props.env?.account, region: props.region },
      synthesizer: new BootstraplessSynthesizer(),
      description: `Edge personalisation: Lambda@Edge log retention and error alarm in ${props.region}`,
    });
    const functions = props.functions ?? FUNCTIONS;
    this.logGroups = Object.fromEntries(
      functions.map((fn) => [
        fn,
        new logs.LogGroup(this, `${pascal(fn)}Logs`, {
          logGroupName: replicaLogGroupName(props.functionNames[fn]),
          retention: props.retentionDays as logs.RetentionDays,
          // Kept with the stack gone: a replica may still run and would recreate it with no expiry.
          removalPolicy: RemovalPolicy.RETAIN,
        }),
      ]),
    );
    this.errorsAlarm = functionErrorsAlarm(
      this,
      props.siteStackName,
      props.functionNames,
      props.region,
      functions,
    );
    this.topic = notify(this, [this.errorsAlarm], props.alarmEmail);
  }
}

const pascal = (s: string) => s.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());
