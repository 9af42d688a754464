/// <reference lib="dom" />
/**
 * The product as a visitor meets it: a real browser against the local CloudFront (real bundles, real cache,
 * real security headers) started on a free port.
 */
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startServer } from '../../emulator';
import { loadConfig } from '../../edge-functions/config/load';
import { browserAvailable, launch } from './browser';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const PAGES = ['/en/', '/en/features/', '/en/architecture/', '/ja/', '/ja/features/', '/ja/architecture/'];
const VARIANTS = ['control', 'bold'] as const;

const suite = browserAvailable() ? describe : describe.skip;

suite('the site in a real browser', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;

  beforeAll(async () => {
    const site = loadConfig();
    server = await startServer({ port: 0, log: false, config: site.config, siteDir: site.siteDir });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh context (no cookies) with the given browser language, collecting errors and CSP violations. */
  async function open(
    locale = 'en-US',
  ): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.exposeFunction('__reportViolation', (v: string) => problems.push(`CSP violation: ${v}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as unknown as { __reportViolation(v: string): void }).__reportViolation(
          `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
        ),
      );
    });
    return { context, page, problems };
  }

  const variantOf = (page: Page) => page.locator('body').getAttribute('data-variant');

  it.each([
    ['ja-JP', '/ja/'],
    ['en-US', '/en/'],
    ['fr-FR', '/en/'],
  ])('lands a %s browser on %s', async (locale, expected) => {
    const { context, page } = await open(locale);
    const response = await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe(expected);
    expect(response?.status()).toBe(200);
    expect(await page.locator('html').getAttribute('lang')).toBe(expected.slice(1, 3));
    await context.close();
  });

  it("keeps the switcher's choice across reloads, ahead of Accept-Language", async () => {
    const { context, page } = await open('en-US');
    await page.goto(`${server.url}/en/features/`);
    await Promise.all([
      page.waitForURL('**/ja/features/'),
      page.locator('a[data-locale="ja"]').first().click(),
    ]);
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'locale')?.value).toBe('ja');
    for (let i = 0; i < 3; i++) {
      await page.reload();
      expect(new URL(page.url()).pathname).toBe('/ja/features/');
    }
    await page.goto(`${server.url}/`);
    expect(new URL(page.url()).pathname).toBe('/ja/');
    await context.close();
  });

  it('keeps the home variant stable across 5 reloads in one browser context', async () => {
    const { context, page } = await open();
    await page.goto(`${server.url}/en/`);
    const first = await variantOf(page);
    expect(VARIANTS).toContain(first);
    for (let i = 0; i < 5; i++) {
      await page.reload();
      expect(await variantOf(page)).toBe(first);
    }
    await context.close();
  });

  it('splits 200 fresh browsers between the variants within ±10 points of 50/50', async () => {
    const counts: Record<string, number> = { control: 0, bold: 0 };
    const one = async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      // The variant is in the HTML itself; waiting for styles and scripts would only slow 200 visits down.
      await page.goto(`${server.url}/en/`, { waitUntil: 'domcontentloaded' });
      const v = (await variantOf(page)) ?? 'none';
      counts[v] = (counts[v] ?? 0) + 1;
      await context.close();
    };
    for (let i = 0; i < 200; i += 8) await Promise.all(Array.from({ length: 8 }, one));
    expect(counts.control! + counts.bold!).toBe(200);
    expect(counts.bold! / 200).toBeGreaterThanOrEqual(0.4);
    expect(counts.bold! / 200).toBeLessThanOrEqual(0.6);
  }, 600_000);

  it.each([...PAGES, '/en/?xp-home-hero=bold', '/ja/?xp-home-hero=bold'])(
    'renders %s with no console errors and no CSP violations',
    async (pathname) => {
      const { context, page, problems } = await open();
      const response = await page.goto(`${server.url}${pathname}`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toContain("default-src 'none'");
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it.each([
    ['/ja/no-such-page/', 'ja'],
    ['/en/missing.html', 'en'],
    ['/no-such-file.txt', 'en'],
  ])('renders the not-found page for %s localized (%s) with status 404', async (pathname, lang) => {
    const { context, page, problems } = await open('en-US');
    const response = await page.goto(`${server.url}${pathname}`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    expect(await page.locator('body').getAttribute('data-page')).toBe('not-found');
    expect(response?.headers()['strict-transport-security']).toMatch(/max-age=\d+/);
    await page.waitForLoadState('networkidle');
    // A 404 status is the point here; Chromium reports it as a console error for the document itself.
    expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
    await context.close();
  });

  it.each(['en', 'ja'].flatMap((l) => VARIANTS.map((v) => [l, v] as const)))(
    'screenshots the %s home page, variant %s',
    async (locale, variant) => {
      mkdirSync(ARTIFACTS, { recursive: true });
      const { context, page } = await open(locale);
      await page.goto(`${server.url}/${locale}/?xp-home-hero=${variant}`);
      expect(await variantOf(page)).toBe(variant);
      const file = path.join(ARTIFACTS, `home-${locale}-${variant}.png`);
      await page.screenshot({ path: file, fullPage: false });
      await context.close();
    },
  );
});
