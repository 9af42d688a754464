/**
 * Proofs of enrollment in the bench, on each fixture: the trace agrees with the shipped viewer-request on
 * every issuing redirect (a new visitor follows one, then holds a proof the bundle accepts with no further
 * 302), and the HTTP replay counts issuing redirects apart from locale and QA redirects. No timing
 * assertions.
 */
import type { CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import { splitLocale } from '../../edge-functions/shared/locales';
import { startServer } from '../../emulator';
import { measureInvocations } from '../../bench/cost/invocations';
import { issuingEvents } from '../../bench/events';
import type { AnyHandler } from '../../bench/measure';
import { generatedAnswer, replay, type ReplayResult } from '../../bench/replay';
import { createTrace } from '../../bench/sessions';
import { issuingOf } from '../../bench/sections/cache';
import { proofTargets } from '../../bench/sections/proof';
import { benchSite, experimentsOn, runsViewerRequest, type BenchSite } from '../../bench/site';
import { seeded, type TraceRequest } from '../../bench/trace';
import { viewerRequest } from '../support/events';
import { TEST_SIGNING_KEYS } from '../support/keys';
import { FIXTURES, fixture, handlerOf, serverOptions } from '../support/fixtures';

interface Answered {
  readonly t: TraceRequest;
  readonly result: CloudFrontResultResponse & { uri?: string; headers?: Record<string, { value: string }[]> };
  readonly lines: string[];
}

/** The trace's requests that reach viewer-request, each answered by the fixture's shipped bundle in order. */
async function answer(site: BenchSite, name: (typeof FIXTURES)[number], n: number, legacyPct?: number) {
  const handler = handlerOf(name, 'viewer-request');
  const next = createTrace(site, seeded(7), { legacyPct });
  const out: Answered[] = [];
  const log = jest.spyOn(console, 'log');
  try {
    for (let i = 0; i < n; i++) {
      const t = next();
      if (!runsViewerRequest(site, t.path)) continue;
      const lines: string[] = [];
      log.mockImplementation((line: string) => void lines.push(line));
      const event = viewerRequest({ uri: t.path, querystring: t.querystring, headers: t.headers });
      out.push({ t, result: await handler(event), lines });
    }
  } finally {
    log.mockRestore();
  }
  return out;
}

const setCookies = (a: Answered) => (a.result.headers?.['set-cookie'] ?? []).map((h) => h.value);
const isIssuing = (site: BenchSite, a: Answered) =>
  generatedAnswer(site, Number(a.result.status ?? 0), setCookies(a)) === 'issuing' &&
  a.result.status !== undefined;
const enrollments = (a: Answered) => a.lines.filter((l) => l.includes('"Enrollments":1'));

describe.each(FIXTURES)('the bench trace against the %s shipped viewer-request', (name) => {
  const f = fixture(name);
  const site = benchSite(f, TEST_SIGNING_KEYS);
  let answered: Answered[];
  beforeAll(async () => {
    answered = await answer(site, name, 2_000);
  });

  it('answers an issuing 302 exactly where the trace expects one, and logs one enrollment for each', () => {
    const issued = answered.filter((a) => isIssuing(site, a));
    expect(issued.length).toBeGreaterThan(10);
    for (const a of answered) expect(isIssuing(site, a)).toBe(a.t.issues !== undefined);
    for (const a of issued.filter((x) => x.t.issues === 'e')) {
      expect(enrollments(a)).toHaveLength(1);
      expect(setCookies(a).join()).toMatch(/=[a-z]+\.e[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22};/);
    }
  });

  it('lets every follow-up through with no further 302: the proof it carries becomes the bare variant', () => {
    const follows = answered.filter((a) => a.t.follows);
    expect(follows.length).toBeGreaterThan(10);
    let withProof = 0;
    for (const a of follows) {
      expect(a.result.status).toBeUndefined(); // forwarded, not answered
      expect(enrollments(a)).toEqual([]);
      for (const e of experimentsOn(site, splitLocale(a.t.path, f.config.locales).rest)) {
        const held = a.t.headers.Cookie?.match(new RegExp(`${e.cookieName}=([^;]+)`))?.[1];
        if (held === undefined) continue;
        withProof++;
        expect(held.split('.')).toHaveLength(3);
        expect(a.result.headers!.cookie![0]!.value).toContain(`${e.cookieName}=${held.split('.')[0]}`);
      }
    }
    expect(withProof).toBeGreaterThan(0);
  });

  it('re-issues a bare pre-proof cookie once, as a proof of kind l, without an enrollment', async () => {
    const legacy = await answer(site, name, 1_000, 100);
    const reissued = legacy.filter((a) => a.t.issues === 'l');
    expect(reissued.length).toBeGreaterThan(0);
    for (const a of reissued) {
      expect(isIssuing(site, a)).toBe(true);
      expect(setCookies(a).join()).toMatch(/=[a-z]+\.l[A-Za-z0-9_-]{16}\./);
      expect(enrollments(a)).toEqual([]);
    }
    for (const a of legacy) expect(isIssuing(site, a)).toBe(a.t.issues !== undefined);
  });

  it('gives the cost model issuing events the bundle answers with a 302 and one enrollment line', async () => {
    const handler = handlerOf(name, 'viewer-request') as unknown as AnyHandler;
    const stats = await measureInvocations(handler, issuingEvents(site, 40), issuingEvents(site, 5, 9));
    expect(stats.answers).toEqual({ 302: 40 });
    expect(stats.lines).toBe(1);
    expect(stats.enrollmentFieldBytes).toBe(`"Enrollment":"${'x'.repeat(16)}",`.length);
  });
});

describe('the HTTP replay on the three-locales fixture', () => {
  const site = benchSite(fixture('three-locales'), TEST_SIGNING_KEYS);
  let r: ReplayResult;
  beforeAll(async () => {
    const server = await startServer({ ...serverOptions('three-locales'), port: 0, log: false });
    try {
      r = await replay(site, server.port, 1_500, 7, 16);
    } finally {
      await server.close();
    }
  });

  it('counts issuing redirects apart from locale and QA redirects, each answer once', () => {
    expect(r.issuing.new).toBeGreaterThan(0);
    expect(r.redirects).toBeGreaterThan(0);
    const { hits, misses, overrides, redirects, errorResponses, errors } = r;
    expect(hits + misses + issuingOf(r) + overrides + redirects + errorResponses + errors).toBe(r.requests);
    expect(errors).toBe(0);
  });

  it('sees issuing redirects exactly where the trace expects them, each followed once', () => {
    expect(r.unexpected).toBe(0);
    expect(proofTargets(r)[0]!.met).toBe(true);
    expect(r.followUps).toBeLessThanOrEqual(issuingOf(r));
    expect(r.followUps).toBeGreaterThanOrEqual(issuingOf(r) - 1); // the last may be cut off
    expect(r.newVisitsOnCovered).toBeGreaterThan(0);
  });
});
