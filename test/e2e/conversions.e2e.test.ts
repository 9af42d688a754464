/**
 * Conversions as real visitors make them: fresh Chromium browsers land on pages that fire a goal (found in
 * the root configuration's site, so any valid site works), a seeded subset clicks the goal's element —
 * some twice — and the local CloudFront's function logs must count exactly what they did, both through
 * `npm run report`'s code and on the `/__cloudfront/experiments` page, which must render in Chromium under
 * its CSP with the same numbers. Screenshot: test-artifacts/screenshots/experiments-report.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seeded } from '../../bench/trace';
import { loadConfig } from '../../edge-functions/config/load';
import { GOAL_ENDPOINT_PREFIX } from '../../edge-functions/shared/endpoints';
import { goalCookieName } from '../../edge-functions/shared/goals';
import type { LocalCloudFront } from '../../emulator';
import { reportFromLogs } from '../../report';
import { reportConfigOf } from '../../report/cli';
import { takeInventory } from '../../site-checks/inventory';
import { browserAvailable, launch, openVisitor } from './browser';
import { serveSite } from './serve';
import { goalPages, type GoalPage } from './goal-pages';
import { readReportTables } from './report-tables';
import { countsOf, tally, type Visit } from './tally';

const ARTIFACTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
/**
 * Enough for every kind of visitor, not for statistics: counting is exact per visitor, and exact counts at
 * scale (1,000 visitors, beacons twice or without cookies) are test/emulator/experiments-simulation.test.ts's.
 * Each visitor is a fresh browser (a second or more of CPU on the 2-core machine), so there are no more than
 * the kinds need: with the seed below, visitors 0 and 1 click 0 times, 7 once and 2 twice whatever variant
 * they draw (their first draw is ≥ 0.8 or < 0.2, outside every conversion rate), 3–6 as their variant's rate
 * decides, and the goal pages take turns (even visitors on one, odd on the other when there are two).
 */
const VISITORS = 8;
const SEED = 20260688;
/** Browsers at once: enough to overlap page loads on a 2-core machine without starving the server. */
const CONCURRENCY = 4;
const site = loadConfig();
const { config } = site;
const pages = goalPages(config, takeInventory(config, site.siteDir));
const { list: experiments } = config.experiments;
const goals = config.experiments.goals.map((g) => g.id);
/** An access line for a goal beacon, `POST /__edge/goal/<id> → 204 Generated 0.8 ms`: its status. */
const BEACON_LINE = new RegExp(`^[A-Z]+ ${GOAL_ENDPOINT_PREFIX}\\S+ → (\\d+) `);

/** The chance this visitor converts: 20% on the first variant up to 80% on the last, so the arms differ. */
function conversionRate(where: GoalPage, landed: ReadonlyMap<string, string>): number {
  const e = where.experiments[0]!;
  const index = e.variants.findIndex((v) => v.name === landed.get(e.id));
  return 0.2 + (0.6 * index) / Math.max(1, e.variants.length - 1);
}

/** `run` over `items`, at most `n` at a time, the results in the items' order. */
async function pooled<T, R>(n: number, items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}

const suite = browserAvailable() ? describe : describe.skip;

suite('conversions made by real browsers, counted by the report', () => {
  const logDir = mkdtempSync(path.join(tmpdir(), 'cf-e2e-logs-'));
  let server: LocalCloudFront;
  let browser: Browser;
  let visits: Visit[] = [];
  /** The status of every beacon the local CloudFront answered, from its access log. */
  const beaconAnswers: number[] = [];

  beforeAll(async () => {
    server = await serveSite(site, {
      log: (line) => {
        const beacon = BEACON_LINE.exec(line);
        if (beacon) beaconAnswers.push(Number(beacon[1]));
      },
      logDir,
    });
    browser = await launch();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  const open = (locale: string) =>
    openVisitor(browser, { locale, url: server.url, consentCookie: config.experiments.consentCookieName });

  /** Experiment id → variant, read from the proofs in the browser's own cookie jar (`<variant>.<id>.<sig>`). */
  async function enrollments(context: BrowserContext): Promise<Map<string, string>> {
    const jar = new Map((await context.cookies(server.url)).map((c) => [c.name, c.value]));
    return new Map(
      experiments
        .filter((e) => jar.has(e.cookieName))
        .map((e) => [e.id, jar.get(e.cookieName)!.split('.')[0]!]),
    );
  }

  /**
   * Clicks the goal's element and waits for the beacon the click fires. A click that navigates detaches the
   * beacon from the page: Chromium still delivers it (the point of sendBeacon), but DevTools then reports it
   * aborted with no answer, so the answers are checked in the local CloudFront's access log as well.
   */
  async function clickGoal(page: Page, where: GoalPage): Promise<void> {
    const endpoint = `${GOAL_ENDPOINT_PREFIX}${where.goal}`;
    const sent = page.context().waitForEvent('request', (r) => new URL(r.url()).pathname === endpoint);
    await page.locator(where.selector).first().click();
    const response = await (await sent).response();
    if (response) expect(response.status()).toBe(204);
    // A click that navigates returns once the next page is committed (Playwright waits for navigations an
    // action starts): let it load, so its problems are seen too.
    await page.waitForLoadState('load');
  }

  async function visit(where: GoalPage, random: readonly [number, number]): Promise<Visit> {
    const { context, page, problems } = await open(where.locale);
    const landing = `${server.url}${where.url}`;
    expect((await page.goto(landing, { waitUntil: 'load' }))?.status()).toBe(200);
    const landed = await enrollments(context);
    expect([...landed.keys()]).toEqual(expect.arrayContaining(where.experiments.map((e) => e.id)));
    const clicks = random[0] >= conversionRate(where, landed) ? 0 : random[1] < 0.3 ? 2 : 1;
    for (let i = 0; i < clicks; i++) {
      if (page.url() !== landing) await page.goto(landing, { waitUntil: 'load' });
      await clickGoal(page, where);
      // The first answer's dedupe cookie is what keeps a second click from counting.
      const jar = (await context.cookies(server.url)).map((c) => c.name);
      expect(jar).toContain(goalCookieName(where.goal));
    }
    const left = await enrollments(context);
    await context.close();
    return { where, landed, left, clicks, problems };
  }

  (pages.length > 0 ? it : it.skip)(
    `counts the enrollments and first conversions of ${VISITORS} visitors exactly`,
    async () => {
      const random = seeded(SEED);
      const plan = Array.from(
        { length: VISITORS },
        (_, i) => [pages[i % pages.length]!, random(), random()] as const,
      );
      visits = await pooled(CONCURRENCY, plan, ([where, a, b]) => visit(where, [a, b]));
      expect(visits.flatMap((v) => v.problems)).toEqual([]);
      // The run exercised what it claims: visitors who left, converted once, and clicked twice.
      expect(new Set(visits.map((v) => v.clicks))).toEqual(new Set([0, 1, 2]));
      const clicks = visits.reduce((sum, v) => sum + v.clicks, 0);
      expect(beaconAnswers).toEqual(Array.from({ length: clicks }, () => 204));
      const report = await reportFromLogs(logDir, reportConfigOf(config));
      expect(countsOf(report, goals)).toEqual(tally(visits, experiments, goals));
    },
  );

  (pages.length > 0 ? it : it.skip)(
    'shows the same numbers on /__cloudfront/experiments, rendered under its CSP without errors',
    async () => {
      expect(visits).toHaveLength(VISITORS);
      const { context, page, problems } = await open('en-US');
      const response = await page.goto(`${server.url}/__cloudfront/experiments`, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toMatch(/default-src 'none'/);
      await page.waitForLoadState('networkidle');
      const tables = await readReportTables(page, goals);
      expect(tables.counts).toEqual(tally(visits, experiments, goals));
      expect(tables.chartsWithoutArea).toEqual([]);
      expect(problems).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'experiments-report.png'), fullPage: true });
      await context.close();
    },
  );
});
