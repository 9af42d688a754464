/**
 * The whole service in one us-east-1 stack: a private, versioned S3 bucket behind CloudFront with Origin
 * Access Control, the two Lambda@Edge functions from `dist/` attached by numbered version, a cache policy
 * derived from the shared configuration, and the site uploaded with exact Content-Type/Cache-Control.
 * Contract: ../shared/reference/lambda-edge.md §5–7 (cache key, OAC, deployment rules).
 */
import * as path from 'node:path';
import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { bundlePath, type BuildTarget, type FunctionName } from '../edge-functions/build';
import { cacheBehaviors, type BehaviorFacts } from '../edge-functions/config/cache-policy';
import { validateConfig } from '../edge-functions/config/validate';
import { validateStackProps, type SiteStackProps } from './props';
import { uploadGroups } from './site-files';

export const EDGE_REGION = 'us-east-1';

export class SiteStack extends Stack {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly viewerRequest: cloudfront.experimental.EdgeFunction;
  readonly originResponse: cloudfront.experimental.EdgeFunction;
  private readonly bundleDir: (name: FunctionName) => string;

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
    const removalPolicy = props.destroyOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const siteDir = site.siteDir;
    this.bundleDir = (name) => path.dirname(bundlePath(name, site.outDir));

    // Access logs for the site bucket and CloudFront standard logs. CloudFront's legacy logging writes
    // with an ACL, so this bucket keeps ACLs enabled (ObjectWriter); it is never public.
    const logs = new s3.Bucket(this, 'LogBucket', {
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
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 's3-access/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
      autoDeleteObjects: props.destroyOnDelete ?? false,
    });

    this.viewerRequest = this.edgeFunction('ViewerRequest', 'viewer-request', Duration.seconds(5));
    this.originResponse = this.edgeFunction('OriginResponse', 'origin-response', Duration.seconds(30));

    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const all = cacheBehaviors(config);
    const pages = all.find((b) => b.pathPattern === '*')!;
    const assets = all.find((b) => b.pathPattern === '/assets/*')!;
    const behavior = (facts: BehaviorFacts, policyId: string): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      compress: true,
      cachePolicy: this.cachePolicy(policyId, facts),
      edgeLambdas: [
        ...(facts.viewerRequest
          ? [
              {
                functionVersion: this.viewerRequest.currentVersion,
                eventType: cloudfront.LambdaEdgeEventType.VIEWER_REQUEST,
              },
            ]
          : []),
        ...(facts.originResponse
          ? [
              {
                functionVersion: this.originResponse.currentVersion,
                eventType: cloudfront.LambdaEdgeEventType.ORIGIN_RESPONSE,
              },
            ]
          : []),
      ],
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Edge personalisation: locale, experiments, security headers',
      defaultBehavior: behavior(pages, 'PagesCachePolicy'),
      additionalBehaviors: { [assets.pathPattern.replace(/^\//, '')]: behavior(assets, 'AssetsCachePolicy') },
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
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      // No errorResponses: origin-response turns S3's 403 into a localized 404 itself.
    });

    const groups = uploadGroups(siteDir, config);
    const source = s3deploy.Source.asset(siteDir);
    const deployments = groups.map(
      (g) =>
        new s3deploy.BucketDeployment(this, `Deploy${g.id}`, {
          sources: [source],
          destinationBucket: this.bucket,
          exclude: ['*'],
          include: [...g.files],
          contentType: g.contentType,
          cacheControl: [s3deploy.CacheControl.fromString(g.cacheControl)],
          // Several deployments share the bucket; pruning would delete the other groups' files.
          prune: false,
          memoryLimit: 256,
        }),
    );
    // One invalidation of /*, after every group has been uploaded (fingerprinted assets never need one).
    const last = new s3deploy.BucketDeployment(this, 'DeployInvalidate', {
      sources: [source],
      destinationBucket: this.bucket,
      exclude: ['*'],
      include: groups
        .filter((g) => g.invalidate)
        .flatMap((g) => g.files)
        .slice(0, 1),
      prune: false,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    for (const d of deployments) last.node.addDependency(d);

    new CfnOutput(this, 'DistributionDomainName', { value: this.distribution.distributionDomainName });
    new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
  }

  /** A Lambda@Edge function from `dist/<name>/`: nodejs22.x, x86_64, no environment, retained on delete. */
  private edgeFunction(
    id: string,
    name: FunctionName,
    timeout: Duration,
  ): cloudfront.experimental.EdgeFunction {
    const fn = new cloudfront.experimental.EdgeFunction(this, id, {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.X86_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(this.bundleDir(name)),
      memorySize: 128,
      timeout,
      description: `Lambda@Edge ${name} (edge personalisation)`,
      // Replicas linger for hours after the distribution lets go, so deleting the function would fail.
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
    });
    (fn.lambda.node.defaultChild as lambda.CfnFunction).applyRemovalPolicy(RemovalPolicy.RETAIN);
    return fn;
  }

  private cachePolicy(id: string, facts: BehaviorFacts): cloudfront.CachePolicy {
    const p = facts.cachePolicy;
    return new cloudfront.CachePolicy(this, id, {
      comment: `Derived from edge-functions/config (${facts.pathPattern})`,
      cookieBehavior:
        p.cookies.length > 0
          ? cloudfront.CacheCookieBehavior.allowList(...p.cookies)
          : cloudfront.CacheCookieBehavior.none(),
      // Never Accept-Language (one entry per visitor) nor Host (breaks OAC signing).
      headerBehavior:
        p.headers.length > 0
          ? cloudfront.CacheHeaderBehavior.allowList(...p.headers)
          : cloudfront.CacheHeaderBehavior.none(),
      queryStringBehavior:
        p.queryStrings.length > 0
          ? cloudfront.CacheQueryStringBehavior.allowList(...p.queryStrings)
          : cloudfront.CacheQueryStringBehavior.none(),
      enableAcceptEncodingGzip: p.gzip,
      enableAcceptEncodingBrotli: p.brotli,
      minTtl: Duration.seconds(p.ttl.min),
      defaultTtl: Duration.seconds(p.ttl.default),
      maxTtl: Duration.seconds(p.ttl.max),
    });
  }
}
