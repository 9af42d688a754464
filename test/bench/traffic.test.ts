/**
 * The bench's traffic is derived from the loaded configuration and site: on each fixture, the trace asks
 * for that site's pages in every locale, carries its own cookies — proofs of enrollment signed with the
 * fixture bundles' key — and fetches its own neutral files.
 */
import { issuedPair } from '../../edge-functions/shared/experiments';
import { splitLocale } from '../../edge-functions/shared/locales';
import { readProof } from '../../edge-functions/shared/proof';
import { benchSigner } from '../../bench/signing';
import { takeInventory } from '../../site-checks/inventory';
import { benchSite, byPopularity, experimentsOn, runsViewerRequest } from '../../bench/site';
import { createTrace } from '../../bench/sessions';
import { localeFor, MIX, seeded, type TraceRequest } from '../../bench/trace';
import { TEST_SIGNING_KEYS } from '../support/keys';
import { FIXTURES, fixture } from '../support/fixtures';

const SAMPLE = 4_000;

/** A fixed clock: the `_xpe` markers, the only part of the trace that reads one, are then fixed too. */
const now = () => Date.UTC(2026, 10, 25);

function trace(name: (typeof FIXTURES)[number], seed = 7, size = SAMPLE): TraceRequest[] {
  const site = benchSite(fixture(name), TEST_SIGNING_KEYS);
  const next = createTrace(site, seeded(seed), { now });
  return Array.from({ length: size }, next);
}

const cookieValue = (cookie: string | undefined, name: string) =>
  cookie
    ?.split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);

describe.each(FIXTURES)('bench traffic on the %s fixture', (name) => {
  const f = fixture(name);
  const site = benchSite(f, TEST_SIGNING_KEYS);
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

  it("returning visitors carry the configured locale, consent and a proof of every experiment's variant", () => {
    const signer = benchSigner(TEST_SIGNING_KEYS);
    const cookies = requests
      .filter((r) => r.visitor === 'returning')
      .map((r) => r.headers.Cookie)
      .filter((c): c is string => c !== undefined);
    expect(cookies.length).toBeGreaterThan(SAMPLE / 3);
    const consent = f.config.experiments.consentCookieName;
    for (const c of cookies) {
      expect(f.config.locales.supported).toContain(cookieValue(c, f.config.locales.cookieName));
      if (consent !== undefined) expect(cookieValue(c, consent)).toBeDefined();
    }
    for (const e of f.config.experiments.list) {
      const values = cookies.map((c) => cookieValue(c, e.cookieName)!);
      const proofs = values.map((v) => readProof(e, v, signer));
      const variants = new Set(proofs.map((p, i) => p?.variant ?? values[i]));
      expect([...variants].sort()).toEqual(e.variants.map((v) => v.name).sort());
      // A few hold a bare pre-proof variant, until their first covered page re-issues it.
      const bare = values.filter((v) => e.variants.some((x) => x.name === v)).length;
      expect(bare + proofs.filter(Boolean).length).toBe(values.length);
      expect(bare / values.length).toBeLessThan(MIX.legacyCookies / 100 + 0.02);
    }
  });

  it('gives a first-time visitor no cookie at first, then a proof from the redirect it follows, kept to the end', () => {
    const visits = new Map<number, TraceRequest[]>();
    for (const r of requests.filter((x) => x.visitor === 'new'))
      visits.set(r.visit!, [...(visits.get(r.visit!) ?? []), r]);
    let enrolledLater = 0;
    for (const [, list] of visits) {
      expect(list[0]!.headers.Cookie).toBeUndefined();
      for (const e of f.config.experiments.list) {
        const values = list.map((r) => cookieValue(r.headers.Cookie, e.cookieName));
        const first = values.findIndex((v) => v !== undefined);
        if (first < 0) continue;
        enrolledLater++;
        expect(new Set(values.slice(first)).size).toBe(1); // never lost, never changed
        // It arrives on the follow-up of the issuing redirect of a page the experiment covers.
        expect(list[first]).toMatchObject({ follows: true, path: list[first - 1]!.path });
        const issuing = list[first - 1]!;
        // A localized page; in rewrite mode a locale-less entry URL serves (and issues on) the page too.
        const kinds = f.config.locales.mode === 'rewrite' ? ['page', 'entry'] : ['page'];
        expect(issuing).toMatchObject({ issues: 'e' });
        expect(kinds).toContain(issuing.kind);
        expect(issuing.headers.Cookie ?? '').not.toContain(`${e.cookieName}=`);
        const page = splitLocale(issuing.path, f.config.locales).rest;
        expect(experimentsOn(site, page).map((x) => x.id)).toContain(e.id);
      }
      // A browser that keeps cookies is issued a proof once per experiment at most.
      if (list.some((r) => r.headers.Cookie !== undefined))
        expect(list.filter((r) => r.issues !== undefined).length).toBeLessThanOrEqual(
          f.config.experiments.list.length,
        );
    }
    expect(enrolledLater).toBeGreaterThan(0);
  });

  it('follows each issuing redirect at once, to the same URL with its `_xpe` marker', () => {
    const issuing = requests.flatMap((r, i) => (r.issues === undefined ? [] : [i]));
    expect(issuing.length).toBeGreaterThan(0);
    for (const i of issuing) {
      const [r, next] = [requests[i]!, requests[i + 1]];
      if (next === undefined) continue;
      expect(next).toMatchObject({ follows: true, visit: r.visit, path: r.path });
      expect(next.querystring).toBe(issuedPair(now()));
      expect(next.issues).toBeUndefined();
    }
    expect(requests.filter((r) => r.follows).length).toBeGreaterThanOrEqual(issuing.length - 1);
  });

  it(`makes visits of ${MIX.requestsPerVisit} requests on average`, () => {
    const visits = new Map<number, number>();
    for (const r of trace(name, 5, 20_000))
      if (r.visit !== undefined && !r.follows) visits.set(r.visit, (visits.get(r.visit) ?? 0) + 1);
    // Visits still open when the trace ends are cut short: leave out the last ones started.
    const done = [...visits].filter(([id]) => id < visits.size - 200).map(([, n]) => n);
    const mean = done.reduce((a, b) => a + b, 0) / done.length;
    expect(Math.abs(mean - MIX.requestsPerVisit) / MIX.requestsPerVisit).toBeLessThan(0.1);
  });

  it('sends QA overrides only for experiments covering the requested page', () => {
    const overridden = requests.filter((r) => r.querystring !== '' && !r.follows);
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
