/**
 * `npm run fuzz`: 1,000,000 generated events per handler through the shipped bundles (`--runs=N` to change).
 * Checks: no throw, every result passes the Lambda@Edge validator, no internal-error fallback was needed,
 * no `Location` leaves the site, and every `Set-Cookie` is well-formed with Path=/, Secure, SameSite, Max-Age.
 */
import fc from 'fast-check';
import { parseSetCookie } from 'cookie';
import { bundlePath } from '../edge-functions/build';
import { loadHandler } from '../emulator/lambda';
import type { CloudFrontResultResponse } from '../edge-functions/cloudfront/types';
import { validateResult } from '../edge-functions/cloudfront/validator';
import { originResponse, viewerRequest } from '../test/support/events';

const RUNS = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice(7) ?? 1_000_000);
type Handler = (e: unknown) => Promise<unknown>;
const load = (name: 'viewer-request' | 'origin-response') => loadHandler(bundlePath(name)) as Handler;

const noCtl = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, '');
const hostile = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom(
    '',
    ';;;',
    '%',
    '%zz',
    '%C0%AF',
    '%00',
    'toString=',
    '__proto__=x',
    '=',
    'a'.repeat(4096),
    '\u2028',
  ),
);
const segment = fc.oneof(
  fc.constantFrom(
    '',
    '.',
    '..',
    '%2e%2e',
    '%2F',
    '%5C',
    '\\',
    'en',
    'ja',
    'index.html',
    'a.css',
    '%E3%81%82',
    'evil.com',
    'v1.2',
  ),
  hostile.map((s) => encodeURI(noCtl(s)).slice(0, 40)),
);
const uri = fc.oneof(
  fc
    .tuple(fc.constantFrom('/en/', '/ja/'), fc.array(segment, { maxLength: 5 }), fc.constantFrom('', '/'))
    .map(([l, p, end]) => `${l}${p.join('/')}${end}`),

  fc.array(segment, { maxLength: 7 }).map((p) => `/${p.join('/')}`),
  hostile.map((s) => `/${s.replace(/[\u0000-\u0020\u007f]/g, '')}`),
);
const headerValue = fc.oneof(
  hostile.map(noCtl),
  fc.constantFrom(
    'ja-JP,ja;q=0.9',
    'en;q=0, *',
    'xp-home-hero=bold',
    'xp-home-hero=control; locale=ja',
    'locale=xx',
  ),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('xp-home-hero=bold', 'xp-home-hero=nope&a=1'),
  fc.string({ maxLength: 60 }).map((s) => s.replace(/[\u0000-\u0020\u007f#]/g, '')),
);

interface Tally {
  events: number;
  redirects: number;
  rejected: number;
  forwarded: number;
  setCookies: number;
}

function checkSetCookie(line: string): void {
  const c = parseSetCookie(line);
  if (
    !c.name ||
    c.path !== '/' ||
    !c.secure ||
    !c.sameSite ||
    typeof c.maxAge !== 'number' ||
    c.expires !== undefined
  )
    throw new Error(`malformed Set-Cookie: ${line}`);
}

async function fuzzViewer(runs: number): Promise<Tally> {
  const handler = load('viewer-request');
  const t: Tally = { events: 0, redirects: 0, rejected: 0, forwarded: 0, setCookies: 0 };
  const log = console.log;
  let internal = 0;
  console.log = (line: string) => void (String(line).includes('E_INTERNAL') && internal++);
  try {
    await fc.assert(
      fc.asyncProperty(
        uri,
        headerValue,
        headerValue,
        query,
        fc.boolean(),
        async (u, al, cookie, qs, browser) => {
          const headers: Record<string, string> = { 'Accept-Language': al, Cookie: cookie };
          if (browser) headers['Sec-Fetch-Mode'] = 'navigate';
          const event = viewerRequest({ uri: u, headers, querystring: qs });
          const before = structuredClone(event.Records[0]!.cf.request.headers);
          const result = (await handler(event)) as CloudFrontResultResponse & { uri?: string };
          const violations = validateResult({ eventType: 'viewer-request', requestHeaders: before }, result);
          if (violations.length > 0) throw new Error(`${violations[0]!.code}: ${violations[0]!.message}`);
          if (internal > 0) throw new Error('internal error fallback used');
          t.events++;
          if (result.status === undefined) return void t.forwarded++;
          if (result.status === '400') return void t.rejected++;
          t.redirects++;
          const loc = result.headers?.location?.[0]?.value ?? '';
          if (
            !/^\/(?![/\\])/.test(loc) ||
            new URL(loc, 'https://site.example').origin !== 'https://site.example'
          )
            throw new Error(`off-site Location: ${loc}`);
        },
      ),
      { numRuns: runs, seed: 20261125 },
    );
  } finally {
    console.log = log;
  }
  return t;
}

async function fuzzOrigin(runs: number): Promise<Tally> {
  const handler = load('origin-response');
  const t: Tally = { events: 0, redirects: 0, rejected: 0, forwarded: 0, setCookies: 0 };
  const name = fc
    .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
    .filter((n) => n !== 'transfer-encoding' && n !== 'via');
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('200', '204', '206', '301', '304', '400', '403', '404', '500', '502', '503'),
      fc.dictionary(name, headerValue, { maxKeys: 6 }),
      uri,
      headerValue,
      async (status, responseHeaders, u, cookie) => {
        const event = originResponse({
          status,
          uri: u,
          responseHeaders,
          headers: cookie ? { Cookie: cookie } : {},
        });
        const { request, response } = event.Records[0]!.cf;
        const input = {
          eventType: 'origin-response' as const,
          requestHeaders: structuredClone(request.headers),
          responseHeaders: structuredClone(response.headers),
        };
        const result = (await handler(event)) as CloudFrontResultResponse;
        const violations = validateResult(input, result);
        if (violations.length > 0) throw new Error(`${violations[0]!.code}: ${violations[0]!.message}`);
        if (result.headers?.['strict-transport-security']?.length !== 1)
          throw new Error('security headers missing');
        for (const h of result.headers?.['set-cookie'] ?? []) {
          if (!responseHeaders['set-cookie'] || !responseHeaders['set-cookie'].includes(h.value)) {
            checkSetCookie(h.value);
            t.setCookies++;
          }
        }
        t.events++;
        t.forwarded++;
      },
    ),
    { numRuns: runs, seed: 20261125 },
  );
  return t;
}

async function main(): Promise<void> {
  const rows = [];
  for (const [name, fuzz] of [
    ['viewer-request', fuzzViewer],
    ['origin-response', fuzzOrigin],
  ] as const) {
    const start = process.hrtime.bigint();
    const t = await fuzz(RUNS);
    const s = Number(process.hrtime.bigint() - start) / 1e9;
    rows.push({
      bundle: name,
      events: t.events,
      forwarded: t.forwarded,
      redirects: t.redirects,
      '400s': t.rejected,
      'experiment Set-Cookies checked': t.setCookies,
      failures: 0,
      seconds: Number(s.toFixed(1)),
    });
  }
  console.log(`\nfuzz: ${RUNS.toLocaleString('en')} generated events per shipped bundle (seed 20261125)`);
  console.table(rows);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
