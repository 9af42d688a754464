/**
 * The pure parts of the bench's proof-of-enrollment figures: which generated answers are issuing redirects,
 * the enrollment field a bare-cookie design would not write, and the issuing redirect's cost model on known
 * inputs.
 */
import { metricLine } from '../../edge-functions/shared/log';
import { enrollmentFieldBytes } from '../../bench/cost/invocations';
import { COST_ITEMS } from '../../bench/cost/model';
import { proofFigures } from '../../bench/cost/proof';
import { generatedAnswer, type ReplayResult } from '../../bench/replay';
import { benchSite } from '../../bench/site';
import { TEST_SIGNING_KEYS } from '../support/keys';
import { fixture } from '../support/fixtures';

describe('generated answers', () => {
  const site = benchSite(fixture('three-locales'), TEST_SIGNING_KEYS);
  const [e] = site.experiments;
  it.each([
    [302, [`${e!.cookieName}=table.eAAAAAAAAAAAAAAAA.x; Max-Age=60; Path=/`], 'issuing'],
    [302, [`consent=1`, `${e!.cookieName}=control.lAAAAAAAAAAAAAAAA.x`], 'issuing'],
    [302, [`${e!.cookieName}-qa=table; Path=/`], 'override'],
    [302, [`${e!.cookieName}-qa=; Max-Age=0`], 'override'],
    [302, [], 'redirect'],
    [301, [], 'redirect'],
    [302, [`${e!.cookieName}x=table`], 'redirect'],
    [302, [`x${e!.cookieName}=table`], 'redirect'],
    [302, ['garbage'], 'redirect'],
  ])('%p setting %j is a %s', (status, cookies, kind) => {
    expect(generatedAnswer(site, status, cookies)).toBe(kind);
  });
});

describe('the enrollment field a bare-cookie design would not write', () => {
  it('is the difference between the line with and without the identifier', () => {
    const with_ = metricLine('Enrollments', ['home-hero', 'bold'], 1, 'AbC-_0123456789xy');
    const without = metricLine('Enrollments', ['home-hero', 'bold'], 1);
    expect(enrollmentFieldBytes(with_)).toBe(with_.length - without.length);
    expect(enrollmentFieldBytes(without)).toBe(0);
    expect(enrollmentFieldBytes('{"action":"forward","experiments":["x=y(cookie)"]}')).toBe(0);
  });
});

describe('the issuing redirect cost model', () => {
  const stats = (over: object) => ({
    invocations: 100,
    billedMs: 1,
    printedBytes: 0,
    lines: 0,
    meanUs: 0,
    answers: {},
    enrollmentFieldBytes: 0,
    ...over,
  });
  const replayed: ReplayResult = {
    requests: 10_000,
    hits: 9_000,
    misses: 100,
    issuing: { new: 400, returning: 100 },
    overrides: 0,
    redirects: 400,
    errorResponses: 0,
    errors: 0,
    idealKeys: 10,
    followUps: 500,
    newVisitsOnCovered: 500,
    unexpected: 0,
  };
  const f = proofFigures({
    replay: replayed,
    shares: { viewerPerRequest: 0.8, originPerRequest: 0.01 },
    viewer: stats({ printedBytes: 10, lines: 0.04, enrollmentFieldBytes: 1.5 }),
    origin: stats({}),
    issuing: stats({ meanUs: 500, printedBytes: 250, lines: 1, enrollmentFieldBytes: 32 }),
    memoryMb: 128,
  });

  it('prices one redirect as a CloudFront request, an invocation, its billed ms, its platform lines and the identifier', () => {
    const usd = Object.fromEntries(f.perMillionRedirects.map((l) => [l.item, l.usd]));
    expect(usd[COST_ITEMS.cloudFront]).toBeCloseTo(1, 10);
    expect(usd[COST_ITEMS.requests]).toBeCloseTo(0.6, 10);
    expect(usd[COST_ITEMS.duration]).toBeCloseTo(1e6 * 0.001 * 0.125 * 0.00005001, 10);
    expect(usd[COST_ITEMS.ours]).toBeCloseTo(32e6 * 0.5e-9, 10); // the identifier only, no new line
    expect(usd[COST_ITEMS.platform]).toBeCloseTo(335e6 * 0.5e-9, 10);
    expect(usd[COST_ITEMS.total]).toBeCloseTo(1.78975125, 10);
  });

  it('scales it by redirects per request and per first-time visitor on a covered page', () => {
    expect(f.issuingPerRequest).toBe(0.05);
    expect(f.issuingPerNewVisitor).toBe(0.8);
    expect(f.addedPerMillionRequests).toBeCloseTo(1.78975125 * 0.05, 10);
    expect(f.addedPerMillionNewVisitors).toBeCloseTo(1.78975125 * 0.8, 10);
  });

  it('adds one round trip and the measured 302 to a new visitor, at each RTT', () => {
    expect(f.redirectMs).toBe(0.5);
    expect(f.latencyMs).toEqual([
      { rttMs: 20, addedMs: 20.5 },
      { rttMs: 50, addedMs: 50.5 },
      { rttMs: 100, addedMs: 100.5 },
    ]);
  });

  it('reads log bytes and cache answers before from the same lines and views without the redirects', () => {
    expect(f.logBytes.after).toBeCloseTo(8, 10);
    expect(f.logBytes.before).toBeCloseTo((8 - 0.8 * 1.5) / 0.95, 10);
    expect(f.fromCache).toEqual({ before: 9_000 / 9_500, after: 0.9 });
  });
});
