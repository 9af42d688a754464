/**
 * The runtimes section's pure parts: the cost lines on known inputs (expected values worked out by hand from
 * the inputs and the published prices), CloudFront's function log lines, the rows without njs, and the
 * KeyValueStore read count of the instrumented copy on a hand-written function under njs. No timing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EVENT_OVERHEAD_BYTES, FUNCTION_LINE_PREFIX, functionPlatformBytes } from '../../bench/cost/platform';
import { functionLines, lambdaEdgeLines, priceLabel } from '../../bench/cost/runtimes';
import type { InvocationStats } from '../../bench/cost/invocations';
import { countingSource, measureFunctions } from '../../bench/njs/measure';
import { PRICES } from '../../bench/prices';
import { callRows, NO_NJS } from '../../bench/sections/runtimes';
import { describeNjs, functionEvent } from '../njs/support';

const usdOf = (lines: readonly { item: string; usd: number }[]) =>
  Object.fromEntries(lines.map((l) => [l.item, l.usd]));

describe("CloudFront Functions' log lines", () => {
  it('prefixes each line with the 56-character request id and a space; START and END take 207 B ingested', () => {
    expect(FUNCTION_LINE_PREFIX).toHaveLength(57);
    // START: 57 + 36 + newline = 94; END: 57 + 3 + newline = 61; each plus 26 B of event overhead.
    expect(EVENT_OVERHEAD_BYTES).toBe(26);
    expect(functionPlatformBytes()).toBe(94 + 26 + 61 + 26);
  });
});

describe('cost per 1M viewer requests on each runtime', () => {
  it('bills Lambda@Edge requests, billed duration at 128 MB, START/END/REPORT and our EMF lines', () => {
    const lines = usdOf(lambdaEdgeLines({ billedMs: 1.5, printedBytes: 30, lines: 0.1, memoryMb: 128 }));
    expect(lines.requests).toBeCloseTo(0.6, 10);
    // 1M × 1.5 ms = 1,500 s × 0.125 GB = 187.5 GB-s at $0.00005001
    expect(lines['duration (128 MB, billed ms)']).toBeCloseTo(187.5 * 0.00005001, 10);
    // 335 B per invocation × 1M = 0.335 GB at $0.50
    expect(lines['logs: START/END/REPORT']).toBeCloseTo(0.335 * 0.5, 10);
    // 30 B + 0.1 × (67 B prefix + 26 B) = 39.3 B × 1M = 0.0393 GB at $0.50
    expect(lines['logs: our lines (EMF)']).toBeCloseTo(0.0393 * 0.5, 10);
    expect(lines.total).toBeCloseTo(0.6 + 187.5 * 0.00005001 + 0.335 * 0.5 + 0.0393 * 0.5, 10);
  });

  it('bills CloudFront Functions invocations, each KeyValueStore read, and the lines of logged calls only', () => {
    const lines = usdOf(functionLines({ kvsReads: 0.5, printedBytes: 10, lines: 0.2, loggedShare: 0.25 }));
    expect(lines.invocations).toBeCloseTo(0.1, 10);
    // 0.5 reads × 1M = 500,000 reads at $0.03 per 1M
    expect(lines['KeyValueStore reads (lt:, xp:)']).toBeCloseTo(0.015, 10);
    // a quarter of 1M calls × 207 B = 0.05175 GB at $0.50
    expect(lines['logs: START/END (logged calls)']).toBeCloseTo(0.05175 * 0.5, 10);
    // 10 B + 0.2 × (57 B prefix + 26 B) = 26.6 B × 1M = 0.0266 GB at $0.50
    expect(lines['logs: our lines (metric words)']).toBeCloseTo(0.0266 * 0.5, 10);
    expect(lines.total).toBeCloseTo(0.1 + 0.015 + 0.05175 * 0.5 + 0.0266 * 0.5, 10);
  });

  it('names every price and its source, and says when a price is unverified', () => {
    const all = [
      ...lambdaEdgeLines({ billedMs: 1, printedBytes: 0, lines: 0, memoryMb: 128 }),
      ...functionLines({ kvsReads: 1, printedBytes: 0, lines: 0, loggedShare: 0 }),
    ].filter((l) => l.item !== 'total');
    for (const l of all) expect(l.price?.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
    expect(priceLabel(PRICES.lambdaEdgeRequest)).toBe('$0.6 per 1M request');
    expect(priceLabel(PRICES.keyValueStoreRead)).toMatch(/^\$0\.03 per 1M .*\(unverified\)$/);
  });
});

describe('the per-call table without njs', () => {
  it('prints the Lambda@Edge column and says how to install njs in the other', () => {
    const lambda = { invocations: 4, meanUs: 2, billedMs: 1, printedBytes: 0, lines: 0 } as InvocationStats;
    const rows = callRows(lambda, undefined);
    expect(rows[0]).toEqual({
      measure: 'events (same trace)',
      'Lambda@Edge (Node)': 4,
      'CloudFront Functions (njs)': NO_NJS,
    });
    expect(rows.every((r) => r['CloudFront Functions (njs)'] === NO_NJS)).toBe(true);
  });
});

describe('the instrumented copy', () => {
  it('refuses a bundle that no longer imports the store as the banner does', () => {
    expect(() => countingSource('async function handler(e){return e.request}')).toThrow(/update bench/);
  });
});

describeNjs('KeyValueStore reads counted under njs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'runtimes-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts each get and exists call and the lines a call prints, per event', async () => {
    const file = path.join(dir, 'reads.js');
    // A miss on `a` (get rejects, then exists), a hit on `b`, one line: 2 gets, 1 exists, 1 line per call.
    writeFileSync(
      file,
      "import cf from 'cloudfront';async function handler(event){var v;" +
        "try{v=await cf.kvs().get('a')}catch(e){v=await cf.kvs().exists('a')}" +
        "v=await cf.kvs().get('b');console.log('seen '+v);return event.request}\n",
    );
    const events = [functionEvent({ uri: '/' }), functionEvent({ uri: '/x/' }), functionEvent()];
    const store = { data: [{ key: 'b', value: 'yes' }] };
    const files = { 'viewer-request': file, 'locale-pages': file, 'edge-endpoints': file };
    const s = await measureFunctions(files, events, store, () => 'viewer-request');
    expect(s).toMatchObject({ events: 3, failed: 0, kvsGets: 2, kvsExists: 1, lines: 1, loggedShare: 1 });
    expect(s.printedBytes).toBe('seen yes\n'.length);
  }, 30_000);
});
