/**
 * The distribution's behaviours and cache policies, built from `cacheBehaviors(config)` (the facts the local
 * CloudFront emulates), on both fixtures: expectations come from the fixture's own configuration.
 */
import { testApp } from '../support/cdk';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import {
  cacheBehaviors,
  EDGE_ENDPOINT_PREFIX,
  type BehaviorFacts,
} from '../../edge-functions/config/cache-policy';
import { experimentCookies } from '../../edge-functions/config/resolve';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { behaviorId, distributionBehaviors, type BehaviorsProps } from '../../infra/behaviors';
import { SiteStack } from '../../infra/site-stack';
import { fixture, FIXTURES, type FixtureName } from '../support/fixtures';

interface CfnBehavior {
  PathPattern?: string;
  AllowedMethods: string[];
  CachedMethods: string[];
  CachePolicyId: string | { Ref: string };
  OriginRequestPolicyId?: unknown;
  LambdaFunctionAssociations?: { EventType: string; LambdaFunctionARN: { Ref: string } }[];
}

const synth = (name: FixtureName, config?: SiteConfig) => {
  const f = fixture(name);
  return Template.fromStack(new SiteStack(testApp(), 'Test', {}, { ...f, config: config ?? f.config }));
};
const templates = new Map<FixtureName, Template>();
const templateOf = (name: FixtureName) => templates.get(name) ?? templates.set(name, synth(name)).get(name)!;

const distributionConfig = (t: Template) =>
  Object.values(t.findResources('AWS::CloudFront::Distribution'))[0]!.Properties.DistributionConfig;
const pagePolicy = (t: Template) =>
  t.findResources('AWS::CloudFront::CachePolicy')[
    distributionConfig(t).DefaultCacheBehavior.CachePolicyId.Ref as string
  ]!.Properties.CachePolicyConfig;

describe.each(FIXTURES)('distribution behaviours (%s)', (name) => {
  const config = fixture(name).config;
  const facts = cacheBehaviors(config);
  const t = () => templateOf(name);
  const behaviors = (): CfnBehavior[] => {
    const dc = distributionConfig(t());
    return [...dc.CacheBehaviors, dc.DefaultCacheBehavior];
  };
  const expectedFor = (f: BehaviorFacts) => ({
    path: f.pathPattern === '*' ? undefined : f.pathPattern.replace(/^\//, ''),
    methods:
      f.allowedMethods === 'ALL'
        ? ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']
        : ['GET', 'HEAD'],
    events: [
      ...(f.viewerRequest ? ['viewer-request'] : []),
      ...(f.originResponse ? ['origin-response'] : []),
    ],
  });

  it('has one behaviour per cacheBehaviors fact, in the facts order, with * as the default', () => {
    expect(behaviors().map((b) => b.PathPattern)).toEqual(facts.map((f) => expectedFor(f).path));
  });

  it.each(facts.map((f) => [f.pathPattern, f] as const))(
    'builds %s from its facts: methods, cache policy and function associations',
    (_pattern, f) => {
      const b = behaviors()[facts.indexOf(f)]!;
      const expected = expectedFor(f);
      expect(b.AllowedMethods).toEqual(expected.methods);
      expect(b.CachedMethods).toEqual(['GET', 'HEAD']);
      expect((b.LambdaFunctionAssociations ?? []).map((a) => a.EventType)).toEqual(expected.events);
      if (f.originRequestHeaders.length === 0) expect(b.OriginRequestPolicyId).toBeUndefined();
      else
        expect(b.OriginRequestPolicyId).toEqual({
          Ref: expect.stringMatching(`^${behaviorId(f.pathPattern)}OriginRequestPolicy`),
        });
      if (f.cachingDisabled)
        expect(b.CachePolicyId).toBe(cloudfront.CachePolicy.CACHING_DISABLED.cachePolicyId);
      else
        expect(b.CachePolicyId).toEqual({
          Ref: expect.stringMatching(`^${behaviorId(f.pathPattern)}CachePolicy`),
        });
    },
  );

  it(`routes ${EDGE_ENDPOINT_PREFIX}* through its own behaviour: POST allowed, caching disabled, viewer-request only, nothing forwarded`, () => {
    const edge = behaviors().find((b) => b.PathPattern === `${EDGE_ENDPOINT_PREFIX.slice(1)}*`)!;
    expect(edge.AllowedMethods).toContain('POST');
    // CloudFront's managed CachingDisabled policy: no cookies, headers or query strings in the key or forwarded.
    expect(edge.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad');
    expect(edge.OriginRequestPolicyId).toBeUndefined();
    expect(edge.LambdaFunctionAssociations!.map((a) => a.EventType)).toEqual(['viewer-request']);
    // Listed before the default, so CloudFront matches it first.
    expect(behaviors().indexOf(edge)).toBeLessThan(behaviors().length - 1);
  });

  it("keys the page policy on exactly the configuration's experiment cookies, and never on headers", () => {
    const pages = pagePolicy(t());
    expect(pages.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig.Cookies).toEqual(
      experimentCookies(config.experiments.list),
    );
    expect(pages.DefaultTTL).toBe(config.cache.pages.default);
    for (const p of Object.values(t().findResources('AWS::CloudFront::CachePolicy'))) {
      const params = p.Properties.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin;
      expect(params.CookiesConfig.CookieBehavior).not.toBe('all');
      expect(params.HeadersConfig.HeaderBehavior).toBe('none');
      expect(JSON.stringify(params)).not.toMatch(/accept-language|"host"/i);
      expect(params.QueryStringsConfig.QueryStringBehavior).toBe('none');
      expect(params.EnableAcceptEncodingGzip).toBe(true);
      expect(params.EnableAcceptEncodingBrotli).toBe(true);
    }
  });
});

describe('origin request policies: the headers origin-response lists in Vary reach the origin, never the key', () => {
  const forwarded = (t: Template) =>
    Object.values(t.findResources('AWS::CloudFront::OriginRequestPolicy')).map(
      (p) => p.Properties.OriginRequestPolicyConfig,
    );

  it.each<[FixtureName, string[]]>([
    ['demo', ['sec-fetch-mode', 'sec-purpose', 'purpose']],
    ['plain-files-rewrite', ['accept-language', 'sec-fetch-mode', 'sec-purpose', 'purpose']],
  ])('forwards exactly the Vary headers of %s', (name, headers) => {
    const [policy, ...others] = forwarded(templateOf(name));
    expect(others).toEqual([]);
    expect(policy.HeadersConfig).toEqual({ HeaderBehavior: 'whitelist', Headers: headers });
    expect(policy.CookiesConfig).toEqual({ CookieBehavior: 'none' });
    expect(policy.QueryStringsConfig).toEqual({ QueryStringBehavior: 'none' });
    const key = pagePolicy(templateOf(name)).ParametersInCacheKeyAndForwardedToOrigin;
    expect(key.HeadersConfig.HeaderBehavior).toBe('none');
  });

  it('creates none when nothing is negotiated (redirect mode, no enabled experiment)', () => {
    const demo = fixture('demo').config;
    const t = synth('demo', { ...demo, experiments: { ...demo.experiments, list: [] } });
    expect(forwarded(t)).toEqual([]);
    expect(distributionConfig(t).DefaultCacheBehavior.OriginRequestPolicyId).toBeUndefined();
  });
});

describe('cache policies on other configurations', () => {
  it('keys the three-locales pages on both experiment cookies', () => {
    const cookies = pagePolicy(templateOf('three-locales')).ParametersInCacheKeyAndForwardedToOrigin
      .CookiesConfig;
    expect(cookies.CookieBehavior).toBe('whitelist');
    expect([...cookies.Cookies].sort()).toEqual(['xp-blog-cta', 'xp-pricing-layout']);
  });

  it('forwards no cookies when the configuration has no experiments', () => {
    const demo = fixture('demo').config;
    const t = synth('demo', { ...demo, experiments: { ...demo.experiments, list: [] } });
    for (const p of Object.values(t.findResources('AWS::CloudFront::CachePolicy')))
      expect(
        p.Properties.CachePolicyConfig.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig.CookieBehavior,
      ).toBe('none');
  });

  it('throws unless the facts list exactly one default behaviour', () => {
    const facts = cacheBehaviors(fixture('demo').config).filter((f) => f.pathPattern !== '*');
    expect(() => distributionBehaviors(testApp(), { facts } as unknown as BehaviorsProps)).toThrow(
      "cacheBehaviors must list exactly one '*' behaviour, got: 0",
    );
  });
});
