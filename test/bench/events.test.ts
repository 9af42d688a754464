/**
 * The bench's Lambda@Edge event mixes, on each fixture: viewer events are the requests CloudFront runs
 * viewer-request for, and the fixture's shipped bundle sends the page requests among them to objects its
 * site holds; origin events fetch the site's own objects and variants; beacons go to the configured goals.
 */
import { GOAL_ENDPOINT_PREFIX } from '../../edge-functions/config/cache-policy';
import type { CloudFrontRequest } from '../../edge-functions/cloudfront/types';
import { validateResult } from '../../edge-functions/cloudfront/validator';
import { beaconEvents, originEvents, viewerEvents } from '../../bench/events';
import { benchSite, experimentsOn, runsViewerRequest } from '../../bench/site';
import { takeInventory } from '../../site-checks/inventory';
import { TEST_SIGNING_KEYS } from '../support/keys';
import { FIXTURES, fixture, handlerOf } from '../support/fixtures';

describe.each(FIXTURES)('bench events on the %s fixture', (name) => {
  const f = fixture(name);
  const site = benchSite(f, TEST_SIGNING_KEYS);
  const files = takeInventory(f.config, f.siteDir).files;

  it('gives viewer-request only requests its behaviour runs it for', () => {
    const events = viewerEvents(site, 2_000);
    expect(events).toHaveLength(2_000);
    for (const e of events) expect(runsViewerRequest(site, e.Records[0]!.cf.request.uri)).toBe(true);
  });

  it("drives the fixture's shipped viewer-request to valid answers and to objects the site holds", async () => {
    const handler = handlerOf(name, 'viewer-request');
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const forwarded: string[] = [];
    try {
      for (const e of viewerEvents(site, 1_500, 5)) {
        const requestHeaders = structuredClone(e.Records[0]!.cf.request.headers);
        const result = await handler(e);
        expect(validateResult({ eventType: 'viewer-request', requestHeaders }, result)).toEqual([]);
        const uri = (result as CloudFrontRequest).uri;
        if (uri !== undefined && !/\/missing-\d\//.test(uri)) forwarded.push(uri);
      }
    } finally {
      log.mockRestore();
    }
    expect(forwarded.length).toBeGreaterThan(500);
    for (const uri of forwarded) expect(files.has(uri.slice(1))).toBe(true);
  });

  it('brings back the variant objects the site holds for the cookies of covering experiments', () => {
    const pages = originEvents(site, 3_000).filter((e) =>
      /^(200|304)$/.test(e.Records[0]!.cf.response.status),
    );
    const variants = new Set<string>();
    for (const e of pages) {
      const { uri, headers } = e.Records[0]!.cf.request;
      expect(files.has(uri.slice(1))).toBe(true);
      const cookie = headers.cookie?.[0]?.value ?? '';
      for (const part of cookie.split('; ').filter(Boolean)) {
        variants.add(part);
        const [cookieName, variant] = part.split('=') as [string, string];
        const e = f.config.experiments.list.find((x) => x.cookieName === cookieName)!;
        if (variant !== e.control) expect(uri).toContain(`.${variant}.`);
      }
    }
    const expected = f.config.experiments.list.flatMap((e) =>
      e.variants.map((v) => `${e.cookieName}=${v.name}`),
    );
    expect([...variants].sort()).toEqual(expected.sort());
  });

  it('sends cookies to the origin only for pages an experiment covers', () => {
    for (const e of originEvents(site, 2_000)) {
      const { uri, headers } = e.Records[0]!.cf.request;
      const page = uri.replace(/^\/[^/]+/, '').replace(/index(\.[a-z0-9-]+)?\.html$/, '');
      if (headers.cookie) expect(experimentsOn(site, page).length).toBeGreaterThan(0);
    }
  });

  it('posts beacons to each configured goal', () => {
    const goals = f.config.experiments.goals.map((g) => g.id);
    const beacons = beaconEvents(site, goals.length * 3);
    expect(beacons).toHaveLength(goals.length * 3);
    const uris = new Set(beacons.map((e) => e.Records[0]!.cf.request.uri));
    expect([...uris].sort()).toEqual(goals.map((g) => `${GOAL_ENDPOINT_PREFIX}${g}`).sort());
    for (const e of beacons) expect(e.Records[0]!.cf.request.method).toBe('POST');
  });
});

describe('beaconEvents', () => {
  it('is empty when no goal is configured', () => {
    const f = fixture('demo');
    const site = benchSite(
      { ...f, config: { ...f.config, experiments: { ...f.config.experiments, goals: [] } } },
      TEST_SIGNING_KEYS,
    );
    expect(beaconEvents(site, 10)).toEqual([]);
  });
});
