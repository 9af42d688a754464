/**
 * Your site as a visitor meets it: real Chromium against the local CloudFront (real bundles, real cache,
 * real security headers), driven by the root `edge.config.ts` and its site — so it passes on the demo and on
 * any valid site. Every locale lands and renders, every experiment variant loads through its override
 * parameter with zero console errors and zero CSP violations, fresh browsers split by the weights and stay
 * on their variant. Screenshots per locale × variant go to test-artifacts/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { loadConfig } from '../../edge-functions/config/load';
import { matchesPath, variantObject } from '../../edge-functions/shared/paths';
import type { LocalCloudFront } from '../../emulator';
import { localeFolder, takeInventory } from '../../site-checks/inventory';
import { browserAvailable, launch, openVisitor } from './browser';
import { serveSite } from './serve';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
const site = loadConfig();
const { config } = site;
const inventory = takeInventory(config, site.siteDir);
const { supported, default: defaultLocale } = config.locales;
const read = (file: string) => readFileSync(path.join(site.siteDir, file), 'utf8');

/** Each enabled experiment's first covered page in each locale, with the file each variant is served from. */
const cases = config.experiments.list
  .filter((e) => e.enabled)
  .flatMap((e) =>
    supported.flatMap((locale) => {
      const entry = [...(inventory.pages.get(locale) ?? [])].find(([page]) => matchesPath(e.paths, page));
      if (!entry) return [];
      const [page, file] = entry;
      return e.variants.map((v) => ({
        experiment: e,
        locale,
        url: `/${localeFolder(config, locale)}${page}`,
        variant: v.name,
        file: v.name === e.control ? file : variantObject(`/${file}`, v.name).slice(1),
      }));
    }),
  );

const suite = browserAvailable() ? describe : describe.skip;

suite('your site in a real browser', () => {
  let server: LocalCloudFront;
  let browser: Browser;

  beforeAll(async () => {
    server = await serveSite(site);
    browser = await launch();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const open = (locale = 'en-US') =>
    openVisitor(browser, { locale, url: server.url, consentCookie: config.experiments.consentCookieName });

  const unsupported = ['fi', 'sv', 'pl', 'tr', 'cs'].find((l) => !supported.includes(l))!;
  it.each([...supported.map((l) => [l, l]), [unsupported, defaultLocale]])(
    'lands a browser speaking %s on the %s home page, rendered without errors',
    async (language, expected) => {
      const { context, page, problems } = await open(language);
      const response = await page.goto(`${server.url}/`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      if (config.locales.mode === 'redirect')
        expect(new URL(page.url()).pathname).toBe(`/${localeFolder(config, expected)}/`);
      expect((await page.locator('html').getAttribute('lang'))?.toLowerCase()).toMatch(
        new RegExp(`^${expected.toLowerCase()}`),
      );
      expect(response?.headers()['content-security-policy']).toBeDefined();
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, `home-${expected}.png`) });
      await context.close();
    },
  );

  it.each(cases.map((c) => [c.experiment.id, c.locale, c.variant, c]))(
    'serves experiment %s in %s, variant %s, through its override parameter without errors',
    async (id, locale, variant, c) => {
      const { context, page, problems } = await open(locale);
      const response = await page.goto(`${server.url}${c.url}?${c.experiment.overrideParam}=${variant}`, {
        waitUntil: 'load',
      });
      expect(response?.status()).toBe(200);
      expect(await response?.text()).toBe(read(c.file));
      await page.waitForLoadState('networkidle');
      expect(problems).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, `${id}-${locale}-${variant}.png`) });
      await context.close();
    },
  );

  it.each(supported)(
    'answers a missing page in %s with its localized not-found page (404)',
    async (locale) => {
      const { context, page, problems } = await open(locale);
      const folder = localeFolder(config, locale);
      const response = await page.goto(`${server.url}/${folder}/no-such-page-${Date.now()}/`);
      expect(response?.status()).toBe(404);
      expect(await response?.text()).toBe(read(`${folder}/${config.locales.notFoundObject}`));
      expect(response?.headers()['strict-transport-security']).toMatch(/max-age=\d+/);
      await page.waitForLoadState('networkidle');
      // Chromium reports the 404 of the document itself as a console error; nothing else may appear.
      expect(problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
      await context.close();
    },
  );

  const first = cases.filter((c) => c.locale === defaultLocale && c.experiment === cases[0]?.experiment);
  const variantOfBody = (body: string) => first.find((c) => read(c.file) === body)?.variant ?? 'unknown';

  (first.length > 0 ? it : it.skip)('keeps a visitor on one variant across 5 reloads', async () => {
    const { context, page } = await open();
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++)
      seen.add(variantOfBody(await (await page.goto(`${server.url}${first[0]!.url}`))!.text()));
    expect([...seen]).toHaveLength(1);
    expect(seen.has('unknown')).toBe(false);
    await context.close();
  });

  (first.length > 0 ? it : it.skip)(
    'splits 200 new visitors between the variants by their weights (within 5 standard deviations)',
    async () => {
      const n = 200;
      const counts = new Map<string, number>();
      // One browser, its cookies cleared before each visit: every visit is a new visitor to the edge, without
      // paying for 200 browser contexts.
      const { context, page } = await open();
      const consent = await context.cookies();
      for (let i = 0; i < n; i++) {
        await context.clearCookies();
        await context.addCookies(consent);
        const response = await page.goto(`${server.url}${first[0]!.url}`, { waitUntil: 'commit' });
        const v = variantOfBody((await response?.text()) ?? '');
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      await context.close();
      const e = first[0]!.experiment;
      const total = e.variants.reduce((s, v) => s + v.weight, 0);
      expect(counts.get('unknown')).toBeUndefined();
      for (const v of e.variants) {
        const p = v.weight / total;
        const sd = Math.sqrt(n * p * (1 - p));
        expect(Math.abs((counts.get(v.name) ?? 0) - n * p)).toBeLessThanOrEqual(5 * sd);
      }
    },
    300_000,
  );
});
