/**
 * The bench's traffic is derived from the loaded configuration and site: on each fixture, the trace asks
 * for that site's pages in every locale, carries its own cookies, and fetches its own neutral files.
 */
import { takeInventory } from '../../site-checks/inventory';
import { benchSite, byPopularity, experimentsOn, runsViewerRequest } from '../../bench/site';
import { localeFor, seeded, traceRequest, type TraceRequest } from '../../bench/trace';
import { FIXTURES, fixture } from '../support/fixtures';

const SAMPLE = 4_000;

function trace(name: (typeof FIXTURES)[number], seed = 7, size = SAMPLE): TraceRequest[] {
  const site = benchSite(fixture(name));
  const random = seeded(seed);
  return Array.from({ length: size }, () => traceRequest(site, random));
}

const cookieValue = (cookie: string | undefined, name: string) =>
  cookie
    ?.split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);

describe.each(FIXTURES)('bench traffic on the %s fixture', (name) => {
  const f = fixture(name);
  const site = benchSite(f);
  const inventory = takeInventory(f.config, f.siteDir);
  const requests = trace(name);

  it('lists every page of every locale, home page first', () => {
    for (const locale of f.config.locales.supported) {
      const pages = [...inventory.pages.get(locale)!.keys()];
      expect([...site.pages.get(locale)!].sort()).toEqual([...pages].sort());
      expect(site.pages.get(locale)![0]).toBe('/');
    }
  });

  it('requests every page of every locale, and only pages the site has', () => {
    const asked = new Set(requests.filter((r) => r.kind === 'page').map((r) => r.path));
    const expected = f.config.locales.supported.flatMap((l) =>
      [...inventory.pages.get(l)!.keys()].map((p) => `/${l}${p}`),
    );
    expect([...asked].sort()).toEqual([...expected].sort());
  });

  it('fetches the neutral files the site holds, and nothing else without a locale but entry pages', () => {
    const neutral = requests.filter((r) => r.kind === 'neutral').map((r) => r.path);
    expect(neutral.length).toBeGreaterThan(0);
    for (const p of neutral) expect(inventory.files.has(p.slice(1))).toBe(true);
    for (const r of requests.filter((x) => x.kind === 'entry'))
      expect(f.config.locales.supported.some((l) => r.path.startsWith(`/${l}/`))).toBe(false);
  });

  it("returning visitors carry the configured locale, consent and every experiment's cookie", () => {
    const cookies = requests.map((r) => r.headers.Cookie).filter((c): c is string => c !== undefined);
    expect(cookies.length).toBeGreaterThan(SAMPLE / 3);
    const consent = f.config.experiments.consentCookieName;
    for (const c of cookies) {
      expect(f.config.locales.supported).toContain(cookieValue(c, f.config.locales.cookieName));
      if (consent !== undefined) expect(cookieValue(c, consent)).toBeDefined();
    }
    for (const e of f.config.experiments.list) {
      const seen = new Set(cookies.map((c) => cookieValue(c, e.cookieName)));
      expect([...seen].sort()).toEqual(e.variants.map((v) => v.name).sort());
    }
  });

  it('sends QA overrides only for experiments covering the requested page', () => {
    const overridden = requests.filter((r) => r.querystring !== '');
    expect(overridden.length).toBeGreaterThan(0);
    for (const r of overridden) {
      const [param] = r.querystring.split('=');
      const page = r.kind === 'entry' ? r.path : r.path.replace(/^\/[^/]+/, '');
      expect(experimentsOn(site, page).map((e) => e.overrideParam)).toContain(param);
    }
  });

  it('includes clients without cookies or Sec-Fetch-Mode (crawlers)', () => {
    const crawlers = requests.filter((r) => r.headers['Sec-Fetch-Mode'] === undefined);
    expect(crawlers.length).toBeGreaterThan(0);
    expect(crawlers.every((r) => r.headers.Cookie === undefined)).toBe(true);
  });

  it('maps each supported language to its locale and any other to the default', () => {
    for (const locale of f.config.locales.supported)
      expect(localeFor(`${locale}-XX,${locale};q=0.9,zz;q=0.1`, site)).toBe(locale);
    expect(localeFor('zz-ZZ,zz;q=0.9', site)).toBe(f.config.locales.default);
    expect(localeFor('', site)).toBe(f.config.locales.default);
  });

  it("skips viewer-request for the behaviour without it (the site's neutral files under it)", () => {
    const skipped = site.neutralFiles.filter((p) => !runsViewerRequest(site, p));
    expect(skipped.length).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', () => {
    expect(trace(name, 3, 500)).toEqual(trace(name, 3, 500));
    expect(trace(name, 3, 500)).not.toEqual(trace(name, 4, 500));
  });
});

describe('byPopularity', () => {
  it('puts the home page first, then shallower pages, then by name', () => {
    expect(byPopularity(['/b/x/', '/a/', '/', '/c/'])).toEqual(['/', '/a/', '/c/', '/b/x/']);
  });
});
