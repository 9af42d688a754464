/**
 * `npm run fuzz`: 1,000,000 generated events per handler through bundles built from a configuration
 * (`--config=<file>`, else `EDGE_CONFIG`, else the root `edge.config.ts`; `--runs=N` to change the count).
 * Names (locales, cookies, variants, paths) come from that configuration (`fuzz/arbitraries.ts`). Checks: no
 * throw, every result passes the Lambda@Edge validator, no internal-error fallback, no `Location` leaves the
 * site, the log records only what happened, only canonical experiment cookies reach the cache key, and every
 * experiment `Set-Cookie` is well-formed and on a page (`fuzz/checks.ts`).
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildAll, bundlePath } from '../edge-functions/build';
import type { CloudFrontResultResponse } from '../edge-functions/cloudfront/types';
import { validateResult } from '../edge-functions/cloudfront/validator';
import { loadConfig } from '../edge-functions/config/load';
import type { SiteConfig } from '../edge-functions/config/schema';
import { loadHandler } from '../emulator/lambda';
import { originResponse, viewerRequest } from '../test/support/events';
import { arbitraries, malformed } from './fuzz/arbitraries';
import {
  checkCacheKeyCookies,
  checkLocation,
  checkLog,
  checkSetCookie,
  type ViewerResult,
} from './fuzz/checks';

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(flag('runs') ?? 1_000_000);
const SEED = 20261125;
export type Handler = (e: unknown) => Promise<unknown>;

/** Outcomes by status (`forwarded`, `302`, …, `malformed`), plus how many cookies the checks looked at. */
export type Tally = Record<string, number>;
const CHECKED_KEY = 'experiment cookies in the key';
const CHECKED_SET_COOKIE = 'experiment Set-Cookies';
const count = (t: Tally, key: string) => void (t[key] = (t[key] ?? 0) + 1);

/** Capture what the handler prints, per event. */
function captureLog(): { lines: string[]; restore: () => void } {
  const lines: string[] = [];
  const original = console.log;
  console.log = (line: unknown) => void lines.push(String(line));
  return { lines, restore: () => (console.log = original) };
}

/** Valid events, and 1 in 100 made malformed (missing or wrongly typed parts). */
const withMalformed = (valid: fc.Arbitrary<unknown>, base: () => unknown): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 99 }, { arbitrary: malformed(base as never), weight: 1 });

/** `check` on each generated event, given the lines the handler printed for that event alone. */
async function forEachEvent(
  event: fc.Arbitrary<unknown>,
  runs: number,
  seed: number,
  check: (e: unknown, lines: readonly string[]) => Promise<void>,
): Promise<void> {
  const log = captureLog();
  try {
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        log.lines.length = 0;
        await check(e, log.lines);
      }),
      { numRuns: runs, seed },
    );
  } finally {
    log.restore();
  }
}

/** Throws with the first way `result` breaks the Lambda@Edge contract. */
function assertValid(input: Parameters<typeof validateResult>[0], result: unknown): void {
  const violations = validateResult(input, result as never);
  if (violations.length > 0) throw new Error(`${violations[0]!.code}: ${violations[0]!.message}`);
}

const outcome = (lines: readonly string[], status: string): string =>
  lines.some((l) => l.includes('E_EVENT')) ? 'malformed' : status;

export async function fuzzViewer(
  config: SiteConfig,
  handler: Handler,
  runs: number,
  seed = SEED,
): Promise<Tally> {
  const a = arbitraries(config);
  const valid = fc
    .tuple(a.uri, a.query, a.viewerHeaders)
    .map(([uri, querystring, headers]) => viewerRequest({ uri, querystring, headers }) as unknown);
  const t: Tally = {};
  await forEachEvent(
    withMalformed(valid, () => viewerRequest()),
    runs,
    seed,
    async (e, lines) => {
      const before = structuredClone(
        (e as ReturnType<typeof viewerRequest> | undefined)?.Records?.[0]?.cf?.request?.headers ?? {},
      );
      const result = (await handler(e)) as ViewerResult;
      assertValid({ eventType: 'viewer-request', requestHeaders: before }, result);
      checkLog(config, result, lines);
      checkLocation(result);
      for (let i = checkCacheKeyCookies(config, result); i > 0; i--) count(t, CHECKED_KEY);
      count(t, outcome(lines, result.status ?? 'forwarded'));
    },
  );
  return t;
}

export async function fuzzOrigin(
  config: SiteConfig,
  handler: Handler,
  runs: number,
  seed = SEED,
): Promise<Tally> {
  const a = arbitraries(config);
  const name = fc
    .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
    .filter((n) => n !== 'transfer-encoding' && n !== 'via');
  const valid = fc
    .tuple(
      fc.constantFrom('200', '204', '206', '301', '304', '400', '403', '404', '500', '502', '503'),
      fc.dictionary(name, a.headerValue, { maxKeys: 6 }),
      a.objectUri,
      a.cookieHeader,
    )
    .map(([status, responseHeaders, uri, cookie]) =>
      originResponse({ status, uri, responseHeaders, headers: cookie ? { Cookie: cookie } : {} }),
    );
  const t: Tally = {};
  await forEachEvent(
    withMalformed(valid, () => originResponse()),
    runs,
    seed,
    async (e, lines) => {
      const cf = (e as ReturnType<typeof originResponse> | undefined)?.Records?.[0]?.cf;
      const input = {
        eventType: 'origin-response' as const,
        requestHeaders: structuredClone(cf?.request?.headers ?? {}),
        responseHeaders: structuredClone(cf?.response?.headers ?? {}),
      };
      const originCookies = (cf?.response?.headers?.['set-cookie'] ?? []).map((h) => h.value);
      const result = (await handler(e)) as CloudFrontResultResponse;
      assertValid(input, result);
      if (lines.some((l) => l.includes('E_INTERNAL'))) throw new Error(`internal error: ${lines[0]}`);
      if (result.headers?.['strict-transport-security']?.length !== 1)
        throw new Error('security headers missing');
      for (const h of result.headers?.['set-cookie'] ?? [])
        if (!originCookies.includes(h.value)) {
          checkSetCookie(config, cf?.request?.uri ?? '', h.value);
          count(t, CHECKED_SET_COOKIE);
        }
      count(t, outcome(lines, result.status));
    },
  );
  return t;
}

async function main(): Promise<void> {
  const loaded = loadConfig(flag('config') ? path.resolve(flag('config')!) : undefined);
  const outDir = mkdtempSync(path.join(tmpdir(), 'edge-fuzz-'));
  try {
    await buildAll({ ...loaded, outDir });
    const rows = [];
    for (const [fn, fuzz] of [
      ['viewer-request', fuzzViewer],
      ['origin-response', fuzzOrigin],
    ] as const) {
      const handler = loadHandler(bundlePath(fn, outDir)) as Handler;
      const start = process.hrtime.bigint();
      const t = await fuzz(loaded.config, handler, RUNS);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const { [CHECKED_KEY]: inKey = 0, [CHECKED_SET_COOKIE]: setCookies = 0, ...outcomes } = t;
      const events = Object.values(outcomes).reduce((n, v) => n + v, 0);
      rows.push({
        bundle: fn,
        events,
        outcomes: Object.entries(outcomes)
          .sort(([, x], [, y]) => y - x)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
        'cookies checked': fn === 'viewer-request' ? inKey : setCookies,
        failures: 0,
        seconds: Number(seconds.toFixed(1)),
      });
    }
    const rel = path.relative(process.cwd(), loaded.file);
    console.log(
      `\nfuzz: ${RUNS.toLocaleString('en')} generated events per bundle built from ${rel} (seed ${SEED})`,
    );
    console.table(rows);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
