/**
 * The whole service in one us-east-1 stack: a private, versioned S3 bucket behind CloudFront with Origin
 * Access Control, the Lambda@Edge functions from `dist/` attached by numbered version (viewer-request and
 * origin-response; with `viewer.runtime: 'cloudfront-functions'`, origin-response beside the CloudFront
 * Functions and their KeyValueStore, `viewer-functions.ts`), a cache policy
 * derived from the shared configuration, the site uploaded with exact Content-Type/Cache-Control (and pruned),
 * and the cross-region dashboard and alarms. The replicas' log groups live in the per-region stacks
 * (`edge-region-stack.ts`).
 * Deployment rules: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-at-edge-function-restrictions.html
 * Cache key: https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/understanding-the-cache-key.html
 */
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { packagePath, packageSha256, type BuildTarget, type FunctionName } from '../edge-functions/build';
import type { ViewerRuntime } from '../edge-functions/cloudfront-functions/contract';
import { TIMEOUT_SECONDS } from '../edge-functions/cloudfront/limits';
import { cacheBehaviors } from '../edge-functions/config/cache-policy';
import { validateConfig } from '../edge-functions/config/validate';
import { distributionBehaviors, type ViewerAssociation } from './behaviors';
import {
  edgeFunctionNames,
  FUNCTION_REGION,
  lambdaEdgeFunctions,
  type EdgeFunctionNames,
} from './edge-names';
import { Monitoring } from './monitoring';
import { validateStackProps, type SiteStackProps } from './props';
import { deploySite, type SiteUpload } from './site-upload';
import { ViewerFunctions } from './viewer-functions';

/** The stack's Region: Lambda@Edge functions are created in us-east-1 only. */
export const EDGE_REGION = FUNCTION_REGION;

export class SiteStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** `viewer.runtime` of the configuration deployed. */
  readonly viewerRuntime: ViewerRuntime;
  /** The viewer-request Lambda@Edge function, with `viewer.runtime: 'lambda-edge'` only. */
  readonly viewerRequest: cloudfront.experimental.EdgeFunction | undefined;
  /** The CloudFront Functions and their KeyValueStore, with `viewer.runtime: 'cloudfront-functions'` only. */
  readonly viewerFunctions: ViewerFunctions | undefined;
  readonly originResponse: cloudfront.experimental.EdgeFunction;
  readonly functionNames: EdgeFunctionNames;
  /** The Lambda@Edge functions this stack deploys (the Region stacks keep their logs and alarm on them). */
  readonly lambdaEdgeFunctions: readonly FunctionName[];
  readonly upload: SiteUpload;
  readonly monitoring: Monitoring;
  /** Where `npm run build` wrote the bundles and their packages (`dist/` by default). */
  private readonly outDir: string | undefined;
  private readonly retentionDays: number;

  /**
   * @param site the loaded `edge.config.ts` (configuration + site folder) and, in `outDir`, the bundles
   *   `npm run build` made from it.
   */
  constructor(scope: Construct, id: string, props: SiteStackProps, site: BuildTarget) {
    const { config } = site;
    validateStackProps(props);
    if (props.env?.region !== undefined && props.env.region !== EDGE_REGION)
      throw new Error(`env.region must be ${EDGE_REGION} (Lambda@Edge), got: '${props.env.region}'`);
    super(scope, id, { ...props, env: { account: props.env?.account, region: EDGE_REGION } });
    validateConfig(config);
    this.functionNames = edgeFunctionNames(config.stackName);
    this.viewerRuntime = config.viewer.runtime;
    this.lambdaEdgeFunctions = lambdaEdgeFunctions(this.viewerRuntime);
    this.retentionDays = config.logs.retentionDays;
    const removalPolicy = props.destroyOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const siteDir = site.siteDir;
    this.outDir = site.outDir;

    // Access logs for the site bucket and CloudFront standard logs. CloudFront's legacy logging writes
    // with an ACL, so this bucket keeps ACLs enabled (ObjectWriter); it is never public.
    const logBucket = new s3.Bucket(this, 'LogBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
      autoDeleteObjects: props.destroyOnDelete ?? false,
    });

    this.bucket = new s3.Bucket(this, 'SiteBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: logBucket,
      serverAccessLogsPrefix: 's3-access/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
      autoDeleteObjects: props.destroyOnDelete ?? false,
    });

    this.viewerRequest = this.lambdaEdgeFunctions.includes('viewer-request')
      ? this.edgeFunction('ViewerRequest', 'viewer-request')
      : undefined;
    this.originResponse = this.edgeFunction('OriginResponse', 'origin-response');
    this.viewerFunctions =
      this.viewerRequest === undefined
        ? new ViewerFunctions(this, 'ViewerFunctions', { config, outDir: this.outDir })
        : undefined;

    const behaviors = distributionBehaviors(this, {
      facts: cacheBehaviors(config),
      origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
      viewer: this.viewerAssociation(),
      originResponse: this.originResponse,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Edge personalisation: locale, experiments, security headers',
      ...behaviors,
      // `/` reaches viewer-request as `/` (the default root object is applied after it), which redirects to the
      // visitor's locale; the root object only names what a `/` that reached the origin would get.
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: (props.priceClass ?? 'PriceClass_100') as cloudfront.PriceClass,
      ...(props.domainName !== undefined && props.certificateArn !== undefined
        ? {
            domainNames: [props.domainName],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      enableLogging: true,
      logBucket,
      logFilePrefix: 'cloudfront/',
      // No errorResponses: origin-response turns S3's 403 into a localized 404 itself.
    });

    this.upload = deploySite(this, {
      siteDir,
      config,
      bucket: this.bucket,
      distribution: this.distribution,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      config,
      distribution: this.distribution,
      functionNames: this.functionNames,
      lambdaEdgeFunctions: this.lambdaEdgeFunctions,
      cloudFrontFunctionNames: this.viewerFunctions?.names,
      additionalMetrics: props.additionalMetrics ?? false,
      alarmEmail: props.alarmEmail,
      regions: props.regions,
    });

    new CfnOutput(this, 'DistributionDomainName', { value: this.distribution.distributionDomainName });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    if (this.viewerFunctions)
      new CfnOutput(this, 'KeyValueStoreArn', {
        value: this.viewerFunctions.keyValueStore.keyValueStoreArn,
        description: 'The CloudFront Functions’ KeyValueStore (live experiment control: npm run experiments)',
      });
  }

  private viewerAssociation(): ViewerAssociation {
    if (this.viewerRequest) return { lambda: this.viewerRequest };
    return { functions: this.viewerFunctions!.functions };
  }

  /**
   * A Lambda@Edge function from `dist/<name>/`: nodejs22.x, x86_64, no environment, retained on delete, with
   * its fixed name (`edge-names.ts`). Its own log group (`/aws/lambda/<name>`, used only for direct
   * invocations) keeps the configured retention like the replicas' groups.
   */
  private edgeFunction(id: string, name: FunctionName): cloudfront.experimental.EdgeFunction {
    const fn = new cloudfront.experimental.EdgeFunction(this, id, {
      functionName: this.functionNames[name],
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.X86_64,
      handler: 'index.handler',
      // The reproducible package `npm run build` made, and its hash on the version: CloudFormation publishes
      // no other code (edge-functions/build/package.ts).
      code: lambda.Code.fromAsset(packagePath(name, this.outDir)),
      memorySize: 128,
      timeout: Duration.seconds(TIMEOUT_SECONDS[name]),
      description: `Lambda@Edge ${name} (edge personalisation)`,
      // Replicas linger for hours after the distribution lets go, so deleting the function would fail.
      currentVersionOptions: {
        removalPolicy: RemovalPolicy.RETAIN,
        codeSha256: packageSha256(name, this.outDir),
      },
    });
    (fn.lambda.node.defaultChild as lambda.CfnFunction).applyRemovalPolicy(RemovalPolicy.RETAIN);
    // Created by `@aws-cdk/aws-lambda:useCdkManagedLogGroup` (cdk.json) with CDK's default retention.
    const group = fn.lambda.node.tryFindChild('LogGroup')?.node.defaultChild;
    if (group instanceof logs.CfnLogGroup) group.retentionInDays = this.retentionDays;
    return fn;
  }
}
