/**
 * Parity: one decision core, two runtimes. The same generated viewer requests go through each fixture's
 * Lambda@Edge bundle under Node and its CloudFront Functions bundles under njs (the engine closest to
 * cloudfront-js-2.0, `emulator/njs/`), routed as the distribution routes them (`/__edge/*` to
 * `edge-endpoints`, each locale folder to `locale-pages`, the rest to `viewer-request`), with the KeyValueStore seeded as deploy seeds it and the
 * clock frozen alike. Every decision must match: status, headers (Location included), generated body, cookies
 * written, URI and experiment cookies forwarded, and the log lines; only what each runtime draws itself (a
 * new enrollment's variant and identifier) is set aside, and every proof must verify.
 */
import fc from 'fast-check';
import { arbitraries } from '../../bench/fuzz/arbitraries';
import { randomBeacons } from '../../bench/fuzz/beacon';
import { mintPool } from '../../bench/fuzz/pool';
import { call } from '../../bench/fuzz/run';
import { buildFunctions, functionPath } from '../../edge-functions/build/cloudfront-functions';
import { seedEntries } from '../../edge-functions/build/kvs-seed';
import { functionRouter } from '../../edge-functions/config/cache-policy';
import {
  CLOUDFRONT_FUNCTIONS,
  FUNCTION_MEMORY_LIMIT,
} from '../../edge-functions/cloudfront-functions/contract';
import { MAX_REQUEST_BYTES } from '../../edge-functions/cloudfront/limits';
import { runBatch } from '../../emulator/njs';
import { viewerRequest, type RequestInput } from '../support/events';
import { fixture, handlerOf, type FixtureName } from '../support/fixtures';
import { TEST_SIGNING_KEYS } from '../support/keys';
import { functionEvent, functionOutcome, lambdaOutcome, type Outcome } from '../support/parity';
import type { ViewerResult } from '../support/bundles';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

/** URI, query string and header lines within CloudFront's request limit (its "General quotas"). */
const deliverable = (r: RequestInput): boolean =>
  (r.uri ?? '').length +
    (r.querystring ?? '').length +
    Object.entries(r.headers ?? {}).reduce(
      (n, [k, v]) => n + [v].flat().reduce((m, line) => m + k.length + line.length + 4, 0),
      0,
    ) <=
  MAX_REQUEST_BYTES;

/**
 * Events per fixture: 1,000 in `npm test`, 34,000 in `npm run parity` (3 fixtures × 34,000 = 102,000). CI runs
 * `npm run parity` after `npm test`, so the breadth is proven there; `npm test`'s share has to reach every kind
 * of decision in every function (checked below) within the suite's time budget, at ~3 s of njs CPU a fixture.
 */
const EVENTS = Number(process.env.PARITY_EVENTS || 1_000); // `||`: an empty PARITY_EVENTS is the default
/**
 * Requests found by the corpus once, kept for good: in njs 0.7 a global regex over text holding a non-ASCII
 * character (a `\\` separator after `あ`, a `+` in a query beside one) threw or never returned.
 */
const HOSTILE: readonly RequestInput[] = [
  { uri: '/%2e%2e/zh-Hant/%61ssets/v1.2/v1.2/%E3%81%82/%5C', headers: { 'Accept-Language': 'de' } },
  { uri: '/%E3%81%82/%5C%5Ca/%5C', querystring: 'q=%E3%81%82+b+%F0%9F%98%80+c' },
  { uri: '/en/%E3%81%82%5C..%5Cb', querystring: 'xp-home-hero=bold+%E3%81%82' },
];
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
/**
 * `npm test` covers the two `redirect`-mode fixtures; `npm run parity` (any `PARITY_EVENTS`) adds the
 * `rewrite`-mode one, whose default behaviour serves pages too, within `npm test`'s time budget otherwise.
 */
const PARITY_FIXTURES: readonly FixtureName[] = process.env.PARITY_EVENTS
  ? ['demo', 'three-locales', 'four-locales']
  : ['demo', 'three-locales'];

jest.spyOn(Date, 'now').mockReturnValue(NOW);

describe.each(PARITY_FIXTURES)(
  'the %s fixture decides alike on Lambda@Edge and CloudFront Functions',
  (name) => {
    const f = fixture(name);
    const outDir = path.join(f.outDir, 'parity');
    let requests: RequestInput[] = [];
    const lambda: Outcome[] = [];
    const functions: Outcome[] = [];
    let memory = 0;
    const perFunction: Record<string, number> = {};

    beforeAll(async () => {
      const built = await buildFunctions({ ...f, signingKeys: TEST_SIGNING_KEYS }, outDir);
      expect(built.bundles.map((b) => b.name)).toEqual([...CLOUDFRONT_FUNCTIONS]);
      const handler = handlerOf(name, 'viewer-request');
      const pool = await mintPool(f.config, handler);
      const a = arbitraries(f.config, pool);
      const page = fc.record({
        uri: a.uri,
        querystring: a.query,
        method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST'),
        headers: a.viewerHeaders,
      });
      // Only what CloudFront delivers: a request within its size limit never reaches a function otherwise.
      // One beacon in five: a counted conversion needs a pooled proof, consent and same-origin metadata at
      // once, so it is rare; this keeps as many beacons (and counted conversions) as 2,000 events at one in ten.
      const any = fc
        .oneof({ arbitrary: page, weight: 4 }, { arbitrary: randomBeacons(f.config, pool), weight: 1 })
        .filter(deliverable);
      requests = [...fc.sample(any, { numRuns: EVENTS, seed: 19 }), ...HOSTILE];

      const delivered = requests.map((r) => viewerRequest(r).Records[0]!.cf.request);
      for (const request of delivered) {
        const { result, lines } = await call(handler, {
          Records: [{ cf: { request: structuredClone(request) } }],
        });
        lambda.push(lambdaOutcome(f.config, result as ViewerResult, lines));
      }
      const store = { data: seedEntries(f.config) };
      const events = delivered.map((r, i) => functionEvent(r, `parity-${i}`));
      const route = functionRouter(f.config);
      const routed = events.map((e) => route(e.request.uri));
      for (const fn of CLOUDFRONT_FUNCTIONS) {
        const mine = events.map((e, i) => [e, i] as const).filter(([, i]) => routed[i] === fn);
        perFunction[fn] = mine.length;
        const reports = await runBatch(
          functionPath(fn, outDir),
          mine.map(([e]) => e),
          store,
          {
            now: () => NOW,
            batchSize: 2000,
          },
        );
        reports.forEach((report, k) => {
          const i = mine[k]![1];
          memory = Math.max(memory, report.memoryBytes);
          const o = report.outcome;
          functions[i] =
            o.kind === 'result'
              ? functionOutcome(f.config, o.result, report.logs)
              : {
                  status: -1,
                  body: `${o.kind}: ${o.kind === 'invalid' ? JSON.stringify(o.violations) : JSON.stringify(o)}`,
                  lines: [...report.logs],
                };
        });
      }
    }, 600_000);

    it(`decides all ${EVENTS} generated requests and the hostile rows alike`, () => {
      const differences = requests
        .map((request, i) => ({ request, lambda: lambda[i], cloudfrontFunctions: functions[i] }))
        .filter((d) => !isDeepStrictEqual(d.lambda, d.cloudfrontFunctions));
      expect(lambda).toHaveLength(EVENTS + HOSTILE.length);
      expect(functions.filter(Boolean)).toHaveLength(EVENTS + HOSTILE.length);
      const shown = differences.slice(0, 4).map((d) => ({
        request: { ...d.request, headers: JSON.stringify(d.request.headers).slice(0, 300) },
        lambda: JSON.stringify(d.lambda).slice(0, 400),
        cloudfrontFunctions: JSON.stringify(d.cloudfrontFunctions).slice(0, 400),
      }));
      // Every difference, whole, for whoever debugs it.
      if (differences.length > 0)
        writeFileSync(path.join(outDir, 'differences.json'), JSON.stringify(differences, null, 1));
      const kinds: Record<string, number> = {};
      for (const d of differences) {
        const k = String(d.cloudfrontFunctions?.body).slice(0, 160);
        kinds[k] = (kinds[k] ?? 0) + 1;
      }
      expect({ kinds, shown }).toEqual({ kinds: {}, shown: [] });
      expect(differences).toHaveLength(0);
    });

    it('exercises every kind of decision, not one path', () => {
      const kinds = new Set(lambda.map((o) => (o.status === undefined ? 'forward' : String(o.status))));
      expect([...kinds].sort()).toEqual(expect.arrayContaining(['204', '301', '302', 'forward']));
      expect(lambda.some((o) => o.setCookies?.some((c) => c.includes('<proof ? e>')))).toBe(true);
      expect(lambda.some((o) => o.lines.some((l) => l.startsWith('Conversions ')))).toBe(true);
      // Every function decided a share of them (each behaviour's paths).
      for (const fn of CLOUDFRONT_FUNCTIONS) expect(perFunction[fn]).toBeGreaterThan(EVENTS / 20);
    });

    it(`stays under the ${FUNCTION_MEMORY_LIMIT}-byte memory limit on every request`, () => {
      const summary = { events: EVENTS, maxMemoryBytes: memory };
      writeFileSync(path.join(outDir, 'summary.json'), JSON.stringify(summary));
      expect(memory).toBeGreaterThan(0);
      expect(memory).toBeLessThanOrEqual(FUNCTION_MEMORY_LIMIT);
    });
  },
);
