/**
 * Your site as a visitor meets it: real Chromium against the local CloudFront (real bundles, real cache,
 * real security headers), driven by the root `edge.config.ts` and its site — so it passes on the demo and on
 * any valid site. Every locale lands and renders, every experiment variant loads through its override
 * parameter with zero console errors and zero CSP violations, fresh browsers are enrolled into every variant
 * and stay on theirs, new visitors split by the weights. Screenshots per locale × variant go to test-artifacts/screenshots/.
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
import { newVisitorLands, visitsToSeeAll } from './visitors';

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
  it.concurrent.each([...supported.map((l) => [l, l]), [unsupported, defaultLocale]])(
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
      // The screenshot is taken while the network settles: the wait is a quiet 500 ms, not work.
      await Promise.all([
        page.waitForLoadState('networkidle'),
        page.screenshot({ path: path.join(ARTIFACTS, `home-${expected}.png`) }),
      ]);
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it.concurrent.each(cases.map((c) => [c.experiment.id, c.locale, c.variant, c]))(
    'serves experiment %s in %s, variant %s, through its override parameter without errors',
    async (id, locale, variant, c) => {
      const { context, page, problems } = await open(locale);
      const response = await page.goto(`${server.url}${c.url}?${c.experiment.overrideParam}=${variant}`, {
        waitUntil: 'load',
      });
      expect(response?.status()).toBe(200);
      expect(await response?.text()).toBe(read(c.file));
      await Promise.all([
        page.waitForLoadState('networkidle'),
        page.screenshot({ path: path.join(ARTIFACTS, `${id}-${locale}-${variant}.png`) }),
      ]);
      expect(problems).toEqual([]);
      await context.close();
    },
  );

  it.concurrent.each(supported)(
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

  const consentName = config.experiments.consentCookieName;
  const consentPair = consentName ? [`${consentName}=1`] : [];
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

  /**
   * Fresh browsers (cookies cleared between visits, the consent cookie put back): each is enrolled, and served
   * the file of the variant its proof names. They visit until every variant has been drawn, at most
   * `visitsToSeeAll` times: with the configured weights, missing a variant by chance then has probability
   * under 1e-6, so a failure means a variant no browser gets. (Weights so uneven that this takes over 40
   * visits are left to the split below.)
   */
  (first.length > 0 ? it : it.skip)(
    'enrolls fresh browsers into every variant, each served the variant its cookie names',
    async () => {
      const e = first[0]!.experiment;
      const bound = visitsToSeeAll(e.variants, 1e-6);
      const { context, page } = await open();
      const consent = await context.cookies();
      const seen = new Set<string>();
      for (let i = 0; i < Math.min(bound, 40) && seen.size < e.variants.length; i++) {
        await context.clearCookies();
        await context.addCookies(consent);
        const response = await page.goto(`${server.url}${first[0]!.url}`, { waitUntil: 'commit' });
        const served = variantOfBody((await response?.text()) ?? '');
        const proof = (await context.cookies()).find((c) => c.name === e.cookieName);
        expect(proof?.value.split('.')[0]).toBe(served);
        seen.add(served);
      }
      await context.close();
      if (bound <= 40) expect([...seen].sort()).toEqual(e.variants.map((v) => v.name).sort());
    },
  );

  /**
   * The split by weight is a property of the bundle, not of the browser: it is proven at scale in
   * test/shared/experiments.test.ts (20,000 draws) and test/emulator/experiments-simulation.test.ts (the shipped
   * bundle through the local CloudFront, checked against SciPy's sample-ratio test). Here it is checked on this
   * site's own weights, with new visitors sending what a browser's navigation sends (the test above proves a
   * real browser is enrolled the same way).
   */
  (first.length > 0 ? it : it.skip)(
    'splits 200 new visitors between the variants by their weights (within 5 standard deviations)',
    async () => {
      const n = 200;
      const counts = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const v = variantOfBody(await newVisitorLands(server.url, first[0]!.url, consentPair));
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const e = first[0]!.experiment;
      const total = e.variants.reduce((s, v) => s + v.weight, 0);
      expect(counts.get('unknown')).toBeUndefined();
      for (const v of e.variants) {
        const p = v.weight / total;
        const sd = Math.sqrt(n * p * (1 - p));
        expect(Math.abs((counts.get(v.name) ?? 0) - n * p)).toBeLessThanOrEqual(5 * sd);
      }
    },
  );
});
