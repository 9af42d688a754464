/**
 * The sections' pure parts on the fixtures: which section runs, the pages and events each one picks from
 * the loaded site, and how rows and targets read measurements and the build's budgets.
 */
import { reportBundle, type BundleReport } from '../../edge-functions/build';
import { CODE_BUDGET } from '../../edge-functions/budgets';
import { splitLocale } from '../../edge-functions/shared/locales';
import { idealKey, type ReplayResult } from '../../bench/replay';
import { selectSections } from '../../bench/run';
import { bundleTargets } from '../../bench/sections/bundles';
import { cacheRow, cacheTargets } from '../../bench/sections/cache';
import { coldCases } from '../../bench/sections/cold';
import { loadPaths } from '../../bench/sections/load';
import { perEventTargets, VIEWER } from '../../bench/sections/per-event';
import { throughputPage } from '../../bench/sections/throughput';
import { benchSite, experimentPage, experimentsOn } from '../../bench/site';
import { takeInventory } from '../../site-checks/inventory';
import { TEST_SIGNING_KEYS } from '../support/keys';
import { FIXTURES, fixture } from '../support/fixtures';

describe('section selection', () => {
  it('runs every section by default, bundles first and proof last', () => {
    expect(selectSections(undefined).map((s) => s.name)).toEqual([
      'bundles',
      'perEvent',
      'cold',
      'cache',
      'throughput',
      'load',
      'memory',
      'cost',
      'runtimes',
      'proof',
    ]);
  });

  it('adds bundles and the sections a chosen one needs, in run order', () => {
    expect(selectSections(['cost']).map((s) => s.name)).toEqual(['bundles', 'cache', 'cost']);
    expect(selectSections(['proof']).map((s) => s.name)).toEqual(['bundles', 'cache', 'cost', 'proof']);
    expect(selectSections(undefined, ['load']).map((s) => s.name)).not.toContain('load');
  });

  it('names the sections to choose from when given an unknown one', () => {
    expect(() => selectSections(['perevent'])).toThrow(
      /unknown section\(s\) perevent: choose from bundles, perEvent/,
    );
  });
});

describe.each(FIXTURES)('sections on the %s fixture', (name) => {
  const f = fixture(name);
  const site = benchSite(f, TEST_SIGNING_KEYS);
  const files = takeInventory(f.config, f.siteDir).files;

  it('reads the code budgets the build uses', async () => {
    const reports = await Promise.all(
      (['viewer-request', 'origin-response'] as const).map((fn) => reportBundle(fn, f.outDir)),
    );
    const code = bundleTargets(reports).filter((t) => t.target.includes(' code '));
    expect(code.map((t) => t.met)).toEqual(reports.map((r) => r.codeBytes <= CODE_BUDGET[r.name]));
    const over: BundleReport = { ...reports[0]!, codeBytes: CODE_BUDGET[reports[0]!.name] + 1 };
    expect(bundleTargets([over]).find((t) => t.target.includes(' code '))!.met).toBe(false);
  });

  it('starts cold on a page an experiment covers, with its cookies, and fetches that page from the site', () => {
    const [returning, fresh, origin] = coldCases(site) as unknown as [any, any, any];
    const uri: string = returning.event.Records[0].cf.request.uri;
    const page = splitLocale(uri, site.config.locales).rest;
    const covering = experimentsOn(site, page);
    expect(covering.length).toBeGreaterThan(0);
    const cookie: string = returning.event.Records[0].cf.request.headers.cookie[0].value;
    for (const e of covering) expect(cookie).toContain(`${e.cookieName}=`);
    expect(fresh.label).toMatch(/CSPRNG/);
    const consent = f.config.experiments.consentCookieName;
    if (consent !== undefined)
      expect(fresh.event.Records[0].cf.request.headers.cookie[0].value).toBe(`${consent}=1`);
    expect(files.has(origin.event.Records[0].cf.request.uri.slice(1))).toBe(true);
  });

  it('measures throughput on a page no experiment covers, and sirv on its object', () => {
    const { url, object } = throughputPage(site);
    expect(experimentsOn(site, splitLocale(url, site.config.locales).rest)).toEqual([]);
    expect(files.has(object.slice(1))).toBe(true);
  });

  it('loads with distinct missing pages under the default locale beside the trace', () => {
    const next = loadPaths(site);
    const paths = Array.from({ length: 2_000 }, next);
    const gone = paths.filter((p) => p.startsWith(`/${f.config.locales.default}/gone-`));
    expect(gone.length / paths.length).toBeGreaterThan(0.25);
    expect(gone.length / paths.length).toBeLessThan(0.35);
    expect(new Set(gone).size).toBeGreaterThan(gone.length * 0.99);
  });

  it("keys the ideal cache by URL and the variant cookies of the page's experiments only", () => {
    const covered = experimentPage(site)!;
    const page = `/${site.defaultLocale}${covered}`;
    const covering = experimentsOn(site, covered);
    expect(covering.length).toBeGreaterThan(0);
    const cookies = site.experiments.map((e) => `${e.cookieName}=${e.variants[1]!.name}; Max-Age=60; Path=/`);
    const expected = covering.map((e) => e.variants[1]!.name).join(',');
    expect(idealKey(site, page, cookies.join(', '), '')).toBe(`${page} ${expected}`);
    expect(idealKey(site, page, '', '')).toBe(`${page} ${covering.map(() => 'none').join(',')}`);
  });
});

describe('cache rows', () => {
  const r: ReplayResult = {
    requests: 1_000,
    hits: 890,
    misses: 10,
    issuing: { new: 60, returning: 5 },
    overrides: 5,
    redirects: 30,
    errorResponses: 0,
    errors: 0,
    idealKeys: 9,
    followUps: 65,
    newVisitsOnCovered: 50,
    unexpected: 0,
  };

  it('compares the hit ratio with the ideal (1 − distinct keys ÷ cacheable answers)', () => {
    expect(cacheRow('deployed', r)).toMatchObject({
      cacheable: 900,
      'hit ratio %': 98.89,
      'ideal %': 99,
      'of ideal %': 99.89,
      'issuing 302s (proof)': 65,
      'QA 302s': 5,
      'locale/dir redirects': 30,
    });
    expect(cacheTargets(r)[0]).toMatchObject({ value: '99.89%', met: false });
    expect(cacheTargets({ ...r, idealKeys: 10 })[0]!.met).toBe(true);
  });
});

describe('per-event targets', () => {
  it('reads the medians of the shipped handlers only', () => {
    const t = (medianUs: number) => ({ medianUs, p99Us: medianUs * 10, events: 100 });
    const targets = perEventTargets({ [VIEWER]: t(2.5), 'no-op handler (floor)': t(0.1) });
    expect(targets).toEqual([expect.objectContaining({ value: '2.5 µs', met: true })]);
    expect(perEventTargets({ [VIEWER]: t(3.5) })[0]!.met).toBe(false);
  });
});
