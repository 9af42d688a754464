import { createHmac } from 'node:crypto';
import type { CloudFrontRequest, CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import { resolveConfig, viewerConfig } from '../../edge-functions/config/resolve';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { createHandler, type ViewerRequestDeps } from '../../edge-functions/viewer-request/handler';
import { viewerRequest, type HeaderInput } from '../support/events';
import { fixture } from '../support/fixtures';

const config = fixture('demo').viewer;
const siteConfig = fixture('demo').config;
const viewerResolved = (c: SiteConfig) => viewerConfig(resolveConfig(c), config);
const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64url');
const NOW = 1_700_000_000_000;

function setup(over: Partial<ViewerRequestDeps> = {}) {
  const lines: string[] = [];
  let n = 0;
  const handler = createHandler({
    config,
    random: () => 0.75,
    now: () => NOW,
    log: (l) => lines.push(l),
    newId: () => `id${String(++n).padStart(14, '0')}`,
    hmac,
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
      const r = asRequest(await setup().run('/en/', {}, 'a=%2F&b=+&a=2&&'));
      expect(r.querystring).toBe('a=%2F&b=+&a=2&&');
    });
  });

  describe('experiments', () => {
    const stamp = Math.floor(NOW / 1000).toString(36);
    /** A new browser's first view: the issuing redirect's proof. */
    async function enroll(random = 0.75): Promise<string> {
      const r = asResponse(await setup({ random: () => random }).run('/en/', BROWSER));
      return header(r, 'set-cookie')!.split(';')[0]!;
    }

    it('answers a new browser with a redirect that sets its proof, and logs the enrollment', async () => {
      const { run, lines } = setup({ random: () => 0.75 });
      const r = asResponse(await run('/en/', { ...BROWSER, Cookie: 'locale=en; other=1' }, 'a=1'));
      expect(r.status).toBe('302');
      expect(header(r, 'location')).toBe(`/en/?a=1&_xpe=${stamp}`);
      expect(header(r, 'cache-control')).toBe('private, no-store');
      expect(header(r, 'set-cookie')).toMatch(
        /^xp-home-hero=bold\.eid00000000000001\.[\w-]{22}; Max-Age=2592000; Path=\/; Secure; HttpOnly; SameSite=Lax$/,
      );
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0]!);
      expect(line).toMatchObject({
        Experiment: 'home-hero',
        Variant: 'bold',
        Enrollment: 'id00000000000001',
        Enrollments: 1,
      });
      expect(line._aws.CloudWatchMetrics[0]).toEqual({
        Namespace: 'EdgePersonalisation',
        Dimensions: [['Experiment', 'Variant']],
        Metrics: [{ Name: 'Enrollments' }],
      });
      expect(lines.join('\n')).not.toMatch(/203\.0\.113|other=1|curl/);
    });

    it("serves the proof's variant, with the bare variant in the forwarded cookie, logging nothing", async () => {
      const proof = await enroll(0.75);
      const { run, lines } = setup({ random: () => 0.1 });
      const r = asRequest(await run('/en/', { ...BROWSER, Cookie: `locale=en; ${proof}` }, `_xpe=${stamp}`));
      expect(r.uri).toBe('/en/index.bold.html');
      expect(r.headers.cookie).toEqual([{ key: 'Cookie', value: 'locale=en; xp-home-hero=bold' }]);
      expect(lines).toEqual([]);
    });

    it('serves a browser that refused the cookie unenrolled instead of redirecting again', async () => {
      const { run, lines } = setup();
      const r = asRequest(await run('/en/', BROWSER, `_xpe=${stamp}`));
      expect(r.uri).toMatch(/^\/en\/index\.(bold\.)?html$/);
      expect(r.headers.cookie).toBeUndefined();
      expect(lines).toEqual([]);
      const later = Math.floor(NOW / 1000 - 120).toString(36);
      expect(asResponse(await run('/en/', BROWSER, `_xpe=${later}`)).status).toBe('302');
    });

    it('never issues to a prefetch', async () => {
      const { run, lines } = setup();
      const r = asRequest(await run('/en/', { ...BROWSER, 'Sec-Purpose': 'prefetch;prerender' }));
      expect(r.uri).toMatch(/^\/en\/index\.(bold\.)?html$/);
      expect(lines).toEqual([]);
    });

    it('re-buckets a tampered proof with a new enrollment', async () => {
      const proof = await enroll(0.75);
      const forged = proof.replace('xp-home-hero=bold', 'xp-home-hero=control');
      const { run, lines } = setup({ random: () => 0.1 });
      const r = asResponse(await run('/ja/', { ...BROWSER, Cookie: forged }));
      expect(header(r, 'set-cookie')).toMatch(/^xp-home-hero=control\.e/);
      expect(lines).toHaveLength(1);
    });

    it('moves a QA override into a session cookie and out of the URL, without enrolling', async () => {
      const { run, lines } = setup();
      const r = asResponse(await run('/en/', BROWSER, 'a=1&xp-home-hero=bold&b=2'));
      expect(r.status).toBe('302');
      expect(header(r, 'location')).toBe('/en/?a=1&b=2');
      expect(header(r, 'set-cookie')).toBe('xp-home-hero-qa=bold; Path=/; Secure; HttpOnly; SameSite=Lax');
      const served = asRequest(await run('/en/', { ...BROWSER, Cookie: 'xp-home-hero-qa=bold' }, 'a=1&b=2'));
      expect(served.uri).toBe('/en/index.bold.html');
      expect(lines).toEqual([]);
      const cleared = asResponse(await run('/en/', BROWSER, 'xp-home-hero='));
      expect(header(cleared, 'set-cookie')).toMatch(/^xp-home-hero-qa=; Max-Age=0;/);
    });

    it("leaves an enrolled visitor's proof untouched under an override", async () => {
      const proof = await enroll(0.75);
      const { run, lines } = setup();
      const cookie = `${proof}; xp-home-hero-qa=control`;
      const r = asRequest(await run('/en/', { ...BROWSER, Cookie: cookie }));
      expect(r.uri).toBe('/en/index.html');
      expect(lines).toEqual([]);
    });

    it('shows a non-browser the override directly, with no cookie', async () => {
      const r = asRequest(await setup().run('/en/', {}, 'xp-home-hero=bold'));
      expect(r.uri).toBe('/en/index.bold.html');
      expect(r.headers.cookie).toBeUndefined();
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
      const proof = await enroll(0.75);
      const r = asRequest(await setup().run('/en/', { Cookie: ['a=1', proof] }));
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
      const proof = await enroll(0.75);
      const r = asRequest(await setup({ config: off }).run('/en/', { ...BROWSER, Cookie: proof }));
      expect(r.uri).toBe('/en/index.html');
      expect(r.headers.cookie).toBeUndefined();
    });

    it('uses the deterministic assignment and issues nothing without consent', async () => {
      const gated = viewerResolved({
        ...siteConfig,
        experiments: { ...siteConfig.experiments, consentCookieName: 'consent' },
      });
      const without = asRequest(await setup({ config: gated }).run('/en/', { ...BROWSER, Cookie: 'a=1' }));
      expect(without.headers.cookie).toEqual([{ key: 'Cookie', value: 'a=1' }]);
      const withConsent = asResponse(
        await setup({ config: gated, random: () => 0.75 }).run('/en/', { ...BROWSER, Cookie: 'consent=yes' }),
      );
      expect(header(withConsent, 'set-cookie')).toMatch(/^xp-home-hero=bold\.e/);
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
      expect(asResponse(await run('/en/', BROWSER)).status).toBe('302');
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
      const handler = createHandler({
        config,
        random: () => 0,
        now: () => 0,
        log: (l) => lines.push(l),
        newId: () => '',
        hmac,
      });
      const r = asResponse(await handler({ Records: [{ cf: {} }] }));
      expect(r.status).toBe('400');
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', code: 'E_EVENT' });
    });
  });
});
