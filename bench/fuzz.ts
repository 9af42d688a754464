/**
 * `npm run fuzz`: 1,000,000 generated events per handler through bundles built from a configuration
 * (`--config=<file>`, else `EDGE_CONFIG`, else the root `edge.config.ts`; `--runs=N` to change the count),
 * signed with a random key of this run only. Names (locales, cookies, variants, goals, paths) come from that
 * configuration (`fuzz/arbitraries.ts`, `fuzz/beacon.ts`); real proofs of enrollment are minted by the
 * bundle first (`fuzz/pool.ts`). Checks: no throw, every result passes the Lambda@Edge validator, no
 * internal-error fallback, no `Location` leaves the site, the log records exactly what happened (an
 * enrollment per proof issued, a conversion only for a minted proof on a beacon that may count,
 * `fuzz/oracle.ts`), only bare variants reach the cache key, every `Set-Cookie` is well-formed and where it
 * belongs, and origin-response adds none (`fuzz/checks.ts`, `fuzz/set-cookie.ts`).
 */
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildAll, bundlePath } from '../edge-functions/build';
import type { CloudFrontResultResponse } from '../edge-functions/cloudfront/types';
import { loadConfig } from '../edge-functions/config/load';
import type { SiteConfig } from '../edge-functions/config/schema';
import { loadHandler } from '../emulator/lambda';
import { originResponse, viewerRequest, type RequestInput } from '../test/support/events';
import { arbitraries, malformed } from './fuzz/arbitraries';
import { beaconRequests } from './fuzz/forgeries';
import { checkCacheKeyCookies, checkLocation, checkLog, type ViewerResult } from './fuzz/checks';
import { goalOf, requestOf } from './fuzz/oracle';
import { mintPool, type Pool } from './fuzz/pool';
import { assertValid, count, forEachEvent, newTally, outcome, withMalformed } from './fuzz/run';
import type { Handler, Tally } from './fuzz/run';
import { checkOriginSetCookies, checkViewerSetCookies } from './fuzz/set-cookie';

export type { Handler, Tally };

const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RUNS = Number(flag('runs') ?? 1_000_000);
const SEED = 20261125;

/** Page events (as before) and, 2 in 5, requests to the edge's own endpoints. */
function viewerEvents(config: SiteConfig, pool: Pool): fc.Arbitrary<unknown> {
  const a = arbitraries(config, pool);
  const page = fc
    .tuple(a.uri, a.query, a.viewerHeaders)
    .map(([uri, querystring, headers]): RequestInput => ({ uri, querystring, headers }));
  const valid = fc
    .oneof({ arbitrary: page, weight: 3 }, { arbitrary: beaconRequests(config, pool), weight: 2 })
    .map((input) => viewerRequest(input) as unknown);
  return withMalformed(valid, malformed((() => viewerRequest()) as never));
}

/** Everything checked on one viewer-request result, and the cases it reached. */
function checkViewer(
  config: SiteConfig,
  pool: Pool,
  before: unknown,
  result: ViewerResult,
  lines: readonly string[],
  t: Tally,
) {
  const headers = (before as ReturnType<typeof viewerRequest> | undefined)?.Records?.[0]?.cf?.request
    ?.headers;
  const request = requestOf(before);
  assertValid({ eventType: 'viewer-request', requestHeaders: headers ?? {} }, result);
  const logged = checkLog(config, pool, request, result, lines);
  checkLocation(result);
  for (const c of checkViewerSetCookies(config, request, result, logged.conversions)) count(t.cases, c);
  count(t.cases, 'experiment cookies in the key', checkCacheKeyCookies(config, result));
  count(t.cases, 'enrollments logged', logged.enrollments);
  count(t.cases, 'conversions logged', logged.conversions);
  if (goalOf(config, request) !== undefined && result.status === '204' && logged.conversions === 0)
    count(t.cases, 'beacon refused');
}

export async function fuzzViewer(
  config: SiteConfig,
  handler: Handler,
  runs: number,
  seed = SEED,
): Promise<Tally> {
  const pool = await mintPool(config, handler);
  const t = newTally();
  count(t.cases, 'proofs minted', pool.proofs.length);
  await forEachEvent(viewerEvents(config, pool), runs, seed, async (e, lines) => {
    const before = structuredClone(e);
    const result = (await handler(e)) as ViewerResult;
    checkViewer(config, pool, before, result, lines, t);
    count(t.outcomes, outcome(lines, result.status ?? 'forwarded'));
  });
  return t;
}

/** What the origin sends: any status and headers, sometimes its own `Set-Cookie` lines. */
function originEvents(config: SiteConfig): fc.Arbitrary<unknown> {
  const a = arbitraries(config);
  const name = fc
    .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
    .filter((n) => n !== 'transfer-encoding' && n !== 'via');
  const originCookies = fc.array(fc.constantFrom('sid=1; Path=/; Secure', 'a=b'), { maxLength: 2 });
  const valid = fc
    .tuple(
      fc.constantFrom('200', '204', '206', '301', '304', '400', '403', '404', '500', '502', '503'),
      fc.dictionary(name, a.headerValue, { maxKeys: 6 }),
      originCookies,
      a.objectUri,
      a.cookieHeader,
    )
    .map(([status, headers, setCookie, uri, cookie]) =>
      originResponse({
        status,
        uri,
        responseHeaders: setCookie.length > 0 ? { ...headers, 'Set-Cookie': setCookie } : headers,
        headers: cookie ? { Cookie: cookie } : {},
      }),
    );
  return withMalformed(valid, malformed((() => originResponse()) as never));
}

export async function fuzzOrigin(
  config: SiteConfig,
  handler: Handler,
  runs: number,
  seed = SEED,
): Promise<Tally> {
  const t = newTally();
  await forEachEvent(originEvents(config), runs, seed, async (e, lines) => {
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
    count(t.cases, "origin's Set-Cookies kept", checkOriginSetCookies(originCookies, result));
    count(t.outcomes, outcome(lines, result.status));
  });
  return t;
}

const list = (c: Record<string, number>): string =>
  Object.entries(c)
    .sort(([, x], [, y]) => y - x)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

async function main(): Promise<void> {
  const loaded = loadConfig(flag('config') ? path.resolve(flag('config')!) : undefined);
  const outDir = mkdtempSync(path.join(tmpdir(), 'edge-fuzz-'));
  try {
    // A key of this run only: never reads nor writes the `.signing-keys` beside the configuration.
    await buildAll({ ...loaded, outDir, signingKeys: [randomBytes(32).toString('base64url')] });
    const rows = [];
    for (const [fn, fuzz] of [
      ['viewer-request', fuzzViewer],
      ['origin-response', fuzzOrigin],
    ] as const) {
      const handler = loadHandler(bundlePath(fn, outDir)) as Handler;
      const start = process.hrtime.bigint();
      const t = await fuzz(loaded.config, handler, RUNS);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const events = Object.values(t.outcomes).reduce((n, v) => n + v, 0);
      rows.push({
        bundle: fn,
        events,
        outcomes: list(t.outcomes),
        checked: list(t.cases),
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
    // fast-check keeps the failed check's own error as the cause.
    const cause = err instanceof Error && err.cause instanceof Error ? `\n${err.cause.message}` : '';
    console.error(err instanceof Error ? err.message + cause : err);
    process.exit(1);
  });
