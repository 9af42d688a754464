import { testApp } from '../support/cdk';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { SiteStack } from '../../infra/site-stack';
import { fixture } from '../support/fixtures';

const demo = fixture('demo');
const siteConfig = demo.config;
const site = (config: SiteConfig = siteConfig) => ({ ...demo, config });

const synth = (props: ConstructorParameters<typeof SiteStack>[2] = {}, config = siteConfig) =>
  Template.fromStack(new SiteStack(testApp(), 'Test', props, site(config)));

/** Each variant is synthesized once for the whole suite (a synth takes seconds on this machine). */
const CUSTOM = {
  domainName: 'www.example.com',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abcd-1234',
  priceClass: 'PriceClass_All',
  destroyOnDelete: true,
};

describe('SiteStack', () => {
  const stack = new SiteStack(testApp(), 'Test', {}, site());
  const template = Template.fromStack(stack);
  let custom: Template;
  const customTemplate = () => (custom ??= synth(CUSTOM));
  const functions = () =>
    template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp('^Lambda@Edge') },
    });
  const distribution = () =>
    Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;

  it('deploys to us-east-1', () => {
    expect(stack.region).toBe('us-east-1');
  });

  it('throws if asked for another region', () => {
    expect(() => new SiteStack(testApp(), 'X', { env: { region: 'eu-west-1' } }, site())).toThrow(
      "env.region must be us-east-1 (Lambda@Edge), got: 'eu-west-1'",
    );
  });

  it('creates two nodejs22.x x86_64 functions with no environment variables', () => {
    const fns = Object.values(functions());
    expect(fns).toHaveLength(2);
    for (const fn of fns) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['x86_64']);
      expect(fn.Properties.Environment).toBeUndefined();
      expect(fn.Properties.MemorySize).toBe(128);
      expect(fn.Properties.Layers).toBeUndefined();
      expect(fn.DeletionPolicy).toBe('Retain');
    }
    expect(fns.map((f) => f.Properties.Timeout).sort()).toEqual([30, 5]);
  });

  it('trusts edgelambda.amazonaws.com in the function roles', () => {
    const roles = template.findResources('AWS::IAM::Role', {
      Properties: {
        AssumeRolePolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } }),
            Match.objectLike({ Principal: { Service: 'edgelambda.amazonaws.com' } }),
          ]),
        },
      },
    });
    expect(Object.keys(roles)).toHaveLength(2);
  });

  it('attaches numbered versions: viewer-request + origin-response on pages, origin-response only on assets', () => {
    const versions = template.findResources('AWS::Lambda::Version');
    expect(Object.keys(versions)).toHaveLength(2);
    const config = distribution();
    const arnRef = (a: { LambdaFunctionARN: { Ref: string } }) => a.LambdaFunctionARN.Ref;
    const pages = config.DefaultCacheBehavior.LambdaFunctionAssociations;
    expect(pages.map((a: { EventType: string }) => a.EventType)).toEqual([
      'viewer-request',
      'origin-response',
    ]);
    for (const a of pages) expect(Object.keys(versions)).toContain(arnRef(a));
    const assets = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === 'assets/*');
    expect(assets.LambdaFunctionAssociations.map((a: { EventType: string }) => a.EventType)).toEqual([
      'origin-response',
    ]);
    for (const v of Object.values(versions)) expect(v.DeletionPolicy).toBe('Retain');
  });

  it('blocks public access, enforces SSL, encrypts, versions and retains the site bucket', () => {
    template.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3-access/' }),
        WebsiteConfiguration: Match.absent(),
      }),
      DeletionPolicy: 'Retain',
    });
    const policies = Object.values(template.findResources('AWS::S3::BucketPolicy'));
    for (const p of policies)
      expect(p.Properties.PolicyDocument.Statement).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      );
  });

  it('deletes the buckets with the stack only when destroyOnDelete is set', () => {
    const t = customTemplate();
    expect(
      Object.values(t.findResources('AWS::S3::Bucket')).every((b) => b.DeletionPolicy === 'Delete'),
    ).toBe(true);
  });

  it('reads S3 through Origin Access Control, granted to this distribution only', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    const origin = distribution().Origins[0];
    expect(origin.OriginAccessControlId).toBeDefined();
    expect(origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    const grants = Object.values(template.findResources('AWS::S3::BucketPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .filter(
        (s: { Principal?: { Service?: string } }) => s.Principal?.Service === 'cloudfront.amazonaws.com',
      );
    expect(grants).toHaveLength(1);
    expect(grants[0].Action).toBe('s3:GetObject');
    expect(JSON.stringify(grants[0].Condition)).toMatch(/AWS:SourceArn/);
    expect(JSON.stringify(grants[0].Condition)).toMatch(/distribution\//);
  });

  it('redirects to HTTPS, speaks HTTP/2 and HTTP/3, compresses, and has no error-page rewrites', () => {
    const config = distribution();
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.DefaultCacheBehavior.Compress).toBe(true);
    expect(config.CacheBehaviors[0].ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(config.HttpVersion).toBe('http2and3');
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.PriceClass).toBe('PriceClass_100');
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.Logging).toMatchObject({ Prefix: 'cloudfront/' });
  });

  it('uploads the site with exact Content-Type and Cache-Control, and invalidates once', () => {
    const deployments = Object.values(template.findResources('Custom::CDKBucketDeployment')).map(
      (d) => d.Properties,
    );
    const html = deployments.find((d) => d.SystemMetadata?.['content-type'] === 'text/html; charset=utf-8');
    expect(html.SystemMetadata['cache-control']).toBe(siteConfig.cache.htmlCacheControl);
    const immutable = deployments.filter(
      (d) => d.SystemMetadata?.['cache-control'] === siteConfig.cache.immutableCacheControl,
    );
    expect(immutable.map((d) => d.SystemMetadata['content-type']).sort()).toEqual([
      'image/svg+xml',
      'text/css; charset=utf-8',
      'text/javascript; charset=utf-8',
    ]);
    // Uploads never prune; the one pruning deployment (site-upload.test.ts) invalidates.
    const uploads = deployments.filter((d) => d.SystemMetadata !== undefined);
    expect(uploads.every((d) => d.Prune === false)).toBe(true);
    expect(deployments.filter((d) => d.DistributionId !== undefined)).toHaveLength(1);
  });

  it('outputs the distribution domain name, distribution id, bucket name and dashboard URL', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'BucketName',
      'DashboardUrl',
      'DistributionDomainName',
      'DistributionId',
    ]);
  });

  it('serves a custom domain with TLSv1.2_2021 when given a us-east-1 certificate', () => {
    const t = customTemplate();
    const config = Object.values(t.findResources('AWS::CloudFront::Distribution'))[0]!.Properties
      .DistributionConfig;
    expect(config.Aliases).toEqual(['www.example.com']);
    expect(config.ViewerCertificate).toMatchObject({
      MinimumProtocolVersion: 'TLSv1.2_2021',
      SslSupportMethod: 'sni-only',
    });
    expect(config.PriceClass).toBe('PriceClass_All');
  });
});
