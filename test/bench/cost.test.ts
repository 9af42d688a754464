/**
 * The cost model's arithmetic on a known input, the log-line sizes it documents, how it measures a handler,
 * and its rows — no timing assertions.
 */
import { answersAll2xx, measureInvocations } from '../../bench/cost/invocations';
import { beaconCostPerMillion, billedMs, COST_ITEMS, costPerMillion } from '../../bench/cost/model';
import {
  EVENT_OVERHEAD_BYTES,
  ingestedBytes,
  PLATFORM_LINES,
  platformBytesPerInvocation,
  RUNTIME_PREFIX,
} from '../../bench/cost/platform';
import { beaconGap, beaconRows, costRows, logRows, type VariantStats } from '../../bench/cost/rows';
import { BILLING_GRANULARITY_MS, PRICES } from '../../bench/prices';
import { costTargets, LOG_BYTES_TARGET, viewerShare } from '../../bench/sections/cost';
import { benchSite } from '../../bench/site';
import type { AnyHandler } from '../../bench/measure';
import { TEST_SIGNING_KEYS } from '../support/keys';
import { FIXTURES, fixture } from '../support/fixtures';

const byItem = (lines: readonly { item: string; usd: number }[]) =>
  Object.fromEntries(lines.map((l) => [l.item, l.usd]));

describe('billed duration', () => {
  it.each([
    [0.004, 1],
    [1, 1],
    [1.0001, 2],
    [2.5, 3],
  ])('%p ms measured is billed as %p ms at 1 ms granularity', (measured, billed) => {
    expect(BILLING_GRANULARITY_MS).toBe(1);
    expect(billedMs(measured)).toBe(billed);
  });
});

describe('platform log lines', () => {
  it('counts START (66 B), END (52 B) and REPORT (139 B) lines, plus 26 B per event: 335 B per invocation', () => {
    expect(PLATFORM_LINES.map((l) => Buffer.byteLength(l))).toEqual([66, 52, 139]);
    expect(EVENT_OVERHEAD_BYTES).toBe(26);
    expect(platformBytesPerInvocation()).toBe(335);
  });

  it("adds the runtime's 67-byte prefix and the event overhead to each of our lines", () => {
    expect(Buffer.byteLength(RUNTIME_PREFIX)).toBe(67);
    expect(ingestedBytes(100, 2)).toBe(100 + 2 * (67 + 26));
  });
});

describe('cost per 1M requests', () => {
  const inputs = {
    viewerPerRequest: 0.75,
    originPerRequest: 0.01,
    viewer: { billedMs: 1, printedBytes: 10, lines: 0.1 },
    origin: { billedMs: 2, printedBytes: 0, lines: 0 },
    memoryMb: 128,
  };

  it('sums CloudFront requests, Lambda@Edge requests and duration, and both kinds of log ingestion', () => {
    const lines = byItem(costPerMillion(inputs));
    expect(lines[COST_ITEMS.cloudFront]).toBeCloseTo(1.0, 10); // $0.0100 per 10,000
    expect(lines[COST_ITEMS.requests]).toBeCloseTo(0.76 * 0.6, 10);
    // (0.75 × 1 ms + 0.01 × 2 ms) × 1M = 770 s × 0.125 GB × $0.00005001
    expect(lines[COST_ITEMS.duration]).toBeCloseTo(770 * 0.125 * 0.00005001, 10);
    // 0.75 × (10 + 0.1 × 93) B = 14.475 B per request → 14.475 MB per 1M at $0.50 per 10^9 B
    expect(lines[COST_ITEMS.ours]).toBeCloseTo(0.014475 * 0.5, 10);
    // 0.76 invocations × 335 B = 254.6 MB per 1M
    expect(lines[COST_ITEMS.platform]).toBeCloseTo(0.2546 * 0.5, 10);
    const parts = costPerMillion(inputs).filter((l) => l.item !== COST_ITEMS.total);
    expect(lines[COST_ITEMS.total]).toBeCloseTo(
      parts.reduce((s, l) => s + l.usd, 0),
      12,
    );
  });

  it('reads every price from prices.ts', () => {
    const doubled = Object.fromEntries(
      Object.entries(PRICES).map(([k, p]) => [k, { ...p, usd: p.usd * 2 }]),
    ) as unknown as typeof PRICES;
    const base = costPerMillion(inputs);
    costPerMillion(inputs, doubled).forEach((l, i) => expect(l.usd).toBeCloseTo(base[i]!.usd * 2, 10));
  });

  it('prices a beacon as one viewer-request invocation and no origin-response', () => {
    const lines = byItem(beaconCostPerMillion({ billedMs: 1, printedBytes: 0, lines: 0 }, 128));
    expect(lines[COST_ITEMS.requests]).toBeCloseTo(0.6, 10);
    expect(lines[COST_ITEMS.ours]).toBe(0);
    expect(lines[COST_ITEMS.platform]).toBeCloseTo(335e-9 * 1e6 * 0.5, 10);
  });
});

describe('measureInvocations', () => {
  it('counts printed bytes and lines per invocation, bills each at least 1 ms, and records the answers', async () => {
    let i = 0;
    const handler = (async () => {
      if (i++ % 2 === 0) console.log('abc'); // 4 bytes with its newline
      return { status: '204' };
    }) as unknown as AnyHandler;
    const stats = await measureInvocations(handler, [1, 2, 3, 4], [0]);
    expect(stats.invocations).toBe(4);
    expect(stats.lines).toBe(0.5); // the warm-up line is not counted
    expect(stats.printedBytes).toBe(2);
    expect(stats.billedMs).toBeGreaterThanOrEqual(1);
    expect(stats.answers).toEqual({ 204: 4 });
    expect(answersAll2xx(stats)).toBe(true);
    expect(answersAll2xx({ ...stats, answers: { 204: 3, 302: 1 } })).toBe(false);
  });
});

const variant = (viewerBytes: number, beaconAnswers?: Record<string, number>): VariantStats => {
  const stats = {
    invocations: 10,
    billedMs: 1,
    printedBytes: viewerBytes,
    lines: 1,
    meanUs: 5,
    answers: {},
    enrollmentFieldBytes: 0,
  };
  return {
    viewer: stats,
    origin: { ...stats, printedBytes: 0, lines: 0 },
    beacon: beaconAnswers && {
      ...stats,
      answers: beaconAnswers,
      answered: answersAll2xx({ ...stats, answers: beaconAnswers }),
    },
  };
};

describe('cost rows', () => {
  const shares = { viewerPerRequest: 0.5, originPerRequest: 0.1 };

  it('puts debug off and on side by side, item by item', () => {
    const off = costPerMillion({
      ...shares,
      viewer: variant(10).viewer,
      origin: variant(10).origin,
      memoryMb: 128,
    });
    const on = costPerMillion({
      ...shares,
      viewer: variant(200).viewer,
      origin: variant(200).origin,
      memoryMb: 128,
    });
    const rows = costRows({ 'debug off': off, 'debug on': on });
    expect(rows.map((r) => r.item)).toEqual(Object.values(COST_ITEMS));
    const ours = rows.find((r) => r.item === COST_ITEMS.ours)!;
    expect(ours['debug on $/1M']).toBeGreaterThan(ours['debug off $/1M'] as number);
  });

  it('shows our log bytes per viewer-request invocation and per CloudFront request', () => {
    const rows = logRows({ 'debug off': variant(12), 'debug on': variant(120) }, shares);
    expect(rows[0]).toMatchObject({ 'debug off': 12, 'debug on': 120 });
    expect(rows.find((r) => String(r.measure).includes('per CloudFront request'))).toMatchObject({
      'debug off': 6,
      'debug on': 60,
    });
  });

  it('holds our log bytes per CloudFront request, not per invocation, to the target', () => {
    // viewer-request on half the requests: 2 × the target per invocation is exactly the target per request.
    const at = (bytes: number) =>
      costTargets(
        { 'debug off': variant(bytes), 'debug on': variant(500) },
        { viewerPerRequest: 0.5, originPerRequest: 0.1 },
      )[0]!;
    expect(at(2 * LOG_BYTES_TARGET)).toMatchObject({ value: `${LOG_BYTES_TARGET} B`, met: true });
    expect(at(2 * LOG_BYTES_TARGET + 1)).toMatchObject({ met: false });
  });

  it('prints the beacon as n/a without goals or when the bundle does not answer it', () => {
    expect(beaconGap([], variant(0))).toMatch(/^n\/a: no goals/);
    expect(beaconGap(['signup'], variant(0, { 302: 5 }))).toMatch(/^n\/a: .*302/);
    expect(beaconGap(['signup'], variant(0, { 204: 5 }))).toBeUndefined();
    expect(beaconRows('n/a: no goals configured', undefined)).toEqual([
      expect.objectContaining({ 'debug off $/1M': 'n/a', 'debug on $/1M': 'n/a' }),
    ]);
  });
});

describe.each(FIXTURES)('viewer-request share of the %s trace', (name) => {
  it('leaves out requests under a behaviour without viewer-request', () => {
    const share = viewerShare(benchSite(fixture(name), TEST_SIGNING_KEYS), 5_000);
    expect(share).toBeGreaterThan(0.5);
    expect(share).toBeLessThan(1);
  });
});
