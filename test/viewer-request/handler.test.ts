import type { CloudFrontRequest, CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import { resolveConfig, viewerConfig } from '../../edge-functions/config/resolve';
import type { SiteConfig } from '../../edge-functions/config/schema';

const viewerResolved = (c: SiteConfig) => viewerConfig(resolveConfig(c));
import { createHandler, type ViewerRequestDeps } from '../../edge-functions/viewer-request/handler';
import { viewerRequest, type HeaderInput } from '../support/events';
import { fixture } from '../support/fixtures';

const config = fixture('demo').viewer;
const siteConfig = fixture('demo').config;

function setup(over: Partial<ViewerRequestDeps> = {}) {
  const lines: string[] = [];
  const handler = createHandler({
    config,
    random: () => 0.75,
    now: () => 1_700_000_000_000,
    log: (l) => lines.push(l),
    ...over,
  });
  const run = async (uri: string, headers: HeaderInput = {}, querystring = '') =>
    handler(viewerRequest({ uri, headers, querystring }));
  return { run, lines };
}

const asResponse = (r: unknown) => r as CloudFrontResultResponse;
const asRequest = (r: unknown) => r as CloudFrontRequest;
const header = (r: unknown, name: string) => asResponse(r).headers?.[name]?.[0]?.value;
const BROWSER = { 'Sec-Fetch-Mode': 'navigate' };

describe('viewer-request handler', () => {
  describe('locale redirect mode', () => {
    it.each([
      ['/', { 'Accept-Language': 'ja-JP,ja;q=0.9' }, '', '/ja/'],
      ['/', {}, '', '/en/'],
      ['/index.html', { 'Accept-Language': 'ja' }, '', '/ja/'],
      ['/about/index.html', {}, '', '/en/about/'],
      ['/about', { 'Accept-Language': 'ja' }, '', '/ja/about/'],
      ['/about/', { Cookie: 'locale=ja', 'Accept-Language': 'en' }, '', '/ja/about/'],
      ['/a/b.html', {}, 'x=1&y=%20&z', '/en/a/b.html?x=1&y=%20&z'],
      ['//evil.com', {}, '', '/en/evil.com/'],
      ['/\\evil.com', {}, '', '/en/evil.com/'],
      ['/%2F%2Fevil.com', {}, '', '/en/evil.com/'],
      ['/%5Cevil.com/', {}, '', '/en/evil.com/'],
    ])('answers %s %j ?%s with 302 to %s', async (uri, headers, qs, location) => {
      const { run, lines } = setup();
      const r = asResponse(await run(uri, headers, qs));
      expect(r.status).toBe('302');
      expect(header(r, 'location')).toBe(location);
      expect(header(r, 'cache-control')).toBe('private, no-store');
      expect(header(r, 'vary')).toBe('Accept-Language, Cookie');
      expect(header(r, 'strict-transport-security')).toMatch(/max-age=63072000/);
      expect(lines).toEqual([]); // lean logs: a redirect feeds no metric
      const debug = setup({ config: { ...config, debug: true } });
      await debug.run(uri, headers, qs);
      expect(JSON.parse(debug.lines[0]!)).toMatchObject({ action: 'respond', status: 302 });
    });

    it('never emits a Location that a browser reads as another host', async () => {
      const { run } = setup();
      for (const uri of ['//evil.com/', '/\\/evil.com', '/%2f%2fevil.com', '/.//evil.com', '/..//evil.com']) {
        const loc = header(await run(uri), 'location')!;
        expect(loc).toMatch(/^\/[^/\\]/);
        expect(new URL(loc, 'https://site.example').host).toBe('site.example');
      }
    });
  });

  describe('canonical paths', () => {
    it.each([
      ['/ja/about', '/ja/about/'],
      ['/ja', '/ja/'],
      ['/en/v1.2', '/en/v1.2/'],
    ])('answers %s with 301 to %s', async (uri, location) => {
      const r = asResponse(await setup().run(uri, {}, 'q=1'));
      expect(r.status).toBe('301');
      expect(header(r, 'location')).toBe(`${location}?q=1`);
    });

    it.each([
      ['/ja/about/', '/ja/about/index.html'],
      ['/en/v1.2/', '/en/v1.2/index.html'],
      ['/ja//about/./', '/ja/about/index.html'],
      ['/ja/../en/features/', '/en/features/index.html'],
      ['/en/a.css', '/en/a.css'],
      ['/robots.txt', '/robots.txt'],
      ['/assets/site.css', '/assets/site.css'],
    ])('rewrites %s to %s', async (uri, object) => {
      expect(asRequest(await setup().run(uri)).uri).toBe(object);
    });

    it.each(['/%', '/%zz/', '/a%00b', '/%C0%AF'])(
      'answers %j with a 400 carrying security headers',
      async (uri) => {
        const r = asResponse(await setup().run(uri));
        expect(r.status).toBe('400');
        expect(header(r, 'content-security-policy')).toContain("default-src 'none'");
        expect(header(r, 'x-content-type-options')).toBe('nosniff');
      },
    );

    it('keeps the query string byte for byte on a forwarded request', async () => {
      const r = asRequest(await setup().run('/en/', BROWSER, 'a=%2F&b=+&a=2&&'));
      expect(r.querystring).toBe('a=%2F&b=+&a=2&&');
    });
  });

  describe('experiments', () => {
    it('assigns a new browser with the injected random source and writes the canonical cookie', async () => {
      const { run, lines } = setup({ random: () => 0.75 });
      const r = asRequest(await run('/en/', { ...BROWSER, Cookie: 'locale=en; other=1' }));
      expect(r.uri).toBe('/en/index.bold.html');
      expect(r.headers.cookie).toEqual([{ key: 'Cookie', value: 'locale=en; other=1; xp-home-hero=bold' }]);
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0]!);
      expect(line).toMatchObject({
        Experiment: 'home-hero',
        Variant: 'bold',
        Enrollments: 1,
      });
      expect(line._aws.CloudWatchMetrics[0]).toEqual({
        Namespace: 'EdgePersonalisation',
        Dimensions: [['Experiment', 'Variant']],
        Metrics: [{ Name: 'Enrollments' }],
      });
      expect(lines.join('\n')).not.toMatch(/203\.0\.113|other=1|curl/);
    });

    it('keeps a valid cookie and replaces a tampered one', async () => {
      const { run } = setup({ random: () => 0.1 });
      expect(asRequest(await run('/ja/', { Cookie: 'xp-home-hero=bold' })).uri).toBe('/ja/index.bold.html');
      const r = asRequest(await run('/ja/', { ...BROWSER, Cookie: 'xp-home-hero=<script>' }));
      expect(r.uri).toBe('/ja/index.html');
      expect(r.headers.cookie![0]!.value).toBe('xp-home-hero=control');
    });

    it('lets the override parameter win', async () => {
      const r = asRequest(
        await setup().run('/en/', { ...BROWSER, Cookie: 'xp-home-hero=control' }, 'xp-home-hero=bold'),
      );
      expect(r.uri).toBe('/en/index.bold.html');
      expect(r.headers.cookie![0]!.value).toBe('xp-home-hero=bold');
    });

    it('gives cookieless clients a stable page, no cookie and no enrollment', async () => {
      const { run, lines } = setup({ random: () => 0.99 });
      const a = asRequest(await run('/en/'));
      const b = asRequest(await setup({ random: () => 0 }).run('/en/'));
      expect(a.uri).toBe(b.uri);
      expect(a.headers.cookie).toBeUndefined();
      expect(lines).toEqual([]); // not enrolled, not counted
    });

    it('removes experiment cookies on paths the experiment does not cover', async () => {
      const r = asRequest(await setup().run('/en/features/', { Cookie: 'xp-home-hero=bold; locale=en' }));
      expect(r.uri).toBe('/en/features/index.html');
      expect(r.headers.cookie).toEqual([{ key: 'Cookie', value: 'locale=en' }]);
      const only = asRequest(await setup().run('/en/features/', { Cookie: 'xp-home-hero=bold' }));
      expect(only.headers.cookie).toBeUndefined();
    });

    it('joins several Cookie lines before reading them', async () => {
      const r = asRequest(await setup().run('/en/', { Cookie: ['a=1', 'xp-home-hero=bold'] }));
      expect(r.uri).toBe('/en/index.bold.html');
      expect(r.headers.cookie).toEqual([{ key: 'Cookie', value: 'a=1; xp-home-hero=bold' }]);
    });

    it('serves control and writes no cookie when the experiment is disabled', async () => {
      const off = viewerResolved({
        ...siteConfig,
        experiments: {
          ...siteConfig.experiments,
          list: siteConfig.experiments.list.map((e) => ({ ...e, enabled: false })),
        },
      });
      const r = asRequest(
        await setup({ config: off }).run('/en/', { ...BROWSER, Cookie: 'xp-home-hero=bold' }),
      );
      expect(r.uri).toBe('/en/index.html');
      expect(r.headers.cookie).toBeUndefined();
    });

    it('uses the deterministic assignment and writes no cookie without consent', async () => {
      const gated = viewerResolved({
        ...siteConfig,
        experiments: { ...siteConfig.experiments, consentCookieName: 'consent' },
      });
      const without = asRequest(await setup({ config: gated }).run('/en/', { ...BROWSER, Cookie: 'a=1' }));
      expect(without.headers.cookie).toEqual([{ key: 'Cookie', value: 'a=1' }]);
      const withConsent = asRequest(
        await setup({ config: gated, random: () => 0.75 }).run('/en/', { ...BROWSER, Cookie: 'consent=yes' }),
      );
      expect(withConsent.headers.cookie![0]!.value).toBe('consent=yes; xp-home-hero=bold');
    });
  });

  describe('rewrite mode', () => {
    const rewrite = viewerResolved({ ...siteConfig, locales: { ...siteConfig.locales, mode: 'rewrite' } });
    it('serves the localized object at the neutral URL', async () => {
      const r = asRequest(await setup({ config: rewrite }).run('/features/', { 'Accept-Language': 'ja' }));
      expect(r.uri).toBe('/ja/features/index.html');
    });
    it('still redirects extensionless paths to their directory, without a locale', async () => {
      const r = asResponse(await setup({ config: rewrite }).run('/features'));
      expect(header(r, 'location')).toBe('/features/');
    });
  });

  describe('failure', () => {
    it('passes the request through unchanged and logs one line when a dependency throws', async () => {
      const { run, lines } = setup({
        random: () => {
          throw new Error('entropy exhausted');
        },
      });
      const r = asRequest(await run('/en/', { ...BROWSER, Cookie: 'a=1' }));
      expect(r.uri).toBe('/en/');
      expect(r.headers.cookie).toEqual([{ key: 'Cookie', value: 'a=1' }]);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', code: 'E_INTERNAL' });
    });

    it('still applies its decision when the logger throws (lines are written after deciding)', async () => {
      const { run } = setup({
        log: () => {
          throw new Error('stdout closed');
        },
      });
      expect(asRequest(await run('/en/', BROWSER)).uri).toBe('/en/index.bold.html');
      expect(asResponse(await run('/%zz')).status).toBe('400');
    });

    it('logs nothing but the error line when deciding fails half-way', async () => {
      const { run, lines } = setup({
        random: () => {
          throw new Error('entropy exhausted');
        },
      });
      await run('/en/', BROWSER);
      expect(lines.map((l) => JSON.parse(l).code)).toEqual(['E_INTERNAL']);
    });

    it('answers a malformed event with a 400 and one E_EVENT line', async () => {
      const lines: string[] = [];
      const handler = createHandler({ config, random: () => 0, now: () => 0, log: (l) => lines.push(l) });
      const r = asResponse(await handler({ Records: [{ cf: {} }] }));
      expect(r.status).toBe('400');
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', code: 'E_EVENT' });
    });
  });
});
