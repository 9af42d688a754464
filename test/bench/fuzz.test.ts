/**
 * A short `npm run fuzz` on every fixture's shipped bundles (signed with the test keys), so the hostile
 * shapes (URLs at the length limit, sub-delimiters, raw UTF-8, non-BMP query strings, 16+ KB cookies,
 * malformed events) and the beacon's forgeries (tampered, forged, replayed proofs; GET, cross-site,
 * prefetch, QA) run in `npm test` too; the long run (1,000,000 events per bundle) is `npm run fuzz`. Each
 * rule the checks enforce is also broken on purpose (a wrapped bundle), to show the run catches it.
 */
import type { CloudFrontRequest } from '../../edge-functions/cloudfront/types';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { fuzzOrigin, fuzzViewer, type Handler } from '../../bench/fuzz';
import { fixture, FIXTURES, handlerOf } from '../support/fixtures';

type Event = { Records?: { cf?: { request?: CloudFrontRequest } }[] } | undefined;
type Result = { status?: string; headers?: Record<string, { key?: string; value: string }[]> };

/** The real bundle, but every beacon request is edited first: a bundle that ignores one rule. */
const ignoring =
  (edit: (r: CloudFrontRequest) => void) =>
  (real: Handler): Handler =>
  (e) => {
    const request = (e as Event)?.Records?.[0]?.cf?.request;
    if (typeof request?.uri === 'string' && request.uri.startsWith('/__edge/') && request.headers)
      edit(request);
    return real(e);
  };

const withoutCookies = (name: RegExp) =>
  ignoring((r) => {
    for (const h of r.headers.cookie ?? [])
      h.value = h.value
        .split(';')
        .filter((p) => !name.test(p.trim()))
        .join(';');
  });

/** A bundle that logs no enrollment. */
const silent =
  (real: Handler): Handler =>
  async (e) => {
    const log = console.log;
    console.log = (line: unknown) => void (String(line).includes('"Enrollments"') || log(line));
    try {
      return await real(e);
    } finally {
      console.log = log;
    }
  };

/** A bundle that forwards the visitor's experiment cookies as they came (proofs in the cache key). */
const leaky =
  (real: Handler): Handler =>
  async (e) => {
    const cookie = structuredClone((e as Event)?.Records?.[0]?.cf?.request?.headers?.cookie);
    const r = (await real(e)) as Result;
    if (r?.status === undefined && r?.headers && cookie) r.headers.cookie = cookie;
    return r;
  };

/** Broken bundles, and how the run must fail on each. */
function mutants(config: SiteConfig): [string, (real: Handler) => Handler, RegExp][] {
  const consent = config.experiments.consentCookieName;
  const counts = /^Conversions logged/;
  const all: [string, (real: Handler) => Handler, RegExp][] = [
    ['counts a GET or HEAD', ignoring((r) => void ((r as { method: string }).method = 'POST')), counts],
    ['counts a cross-site request', ignoring((r) => void delete r.headers['sec-fetch-site']), counts],
    [
      'counts a prefetch',
      ignoring((r) => void (delete r.headers['sec-purpose'], delete r.headers.purpose)),
      counts,
    ],
    ['counts a QA session', withoutCookies(/^[^=]*-qa=/), counts],
    ['counts again despite the dedupe cookie', withoutCookies(/^xg-/), counts],
    ['logs no enrollment', silent, /^Enrollments logged \[\]/],
    ['forwards proofs into the cache key', leaky, /^non-canonical/],
  ];
  if (consent === undefined) return all;
  const add = (r: CloudFrontRequest) =>
    (r.headers.cookie = [{ key: 'Cookie', value: `${consent}=1; ${r.headers.cookie?.[0]?.value ?? ''}` }]);
  return [...all, ['counts without consent', ignoring(add), counts]];
}

/** What a fuzz run failed with (fast-check keeps the check's own error as the cause), or `passed`. */
const failure = (run: Promise<unknown>): Promise<string> =>
  run.then(
    () => 'passed',
    (err: Error) => String((err.cause as Error | undefined)?.message ?? err.message),
  );

describe.each(FIXTURES)('fuzz on the %s bundles', (name) => {
  const { config } = fixture(name);
  const viewer = () => handlerOf(name, 'viewer-request') as Handler;

  it('viewer-request: every outcome valid, logged truthfully, with bare variants in the key', async () => {
    const t = await fuzzViewer(config, viewer(), 1000, 7);
    // The run reaches the cases it exists for.
    for (const outcome of ['forwarded', '302', '204', '404', '405', '414', '400', 'malformed'])
      expect([outcome, t.outcomes[outcome]]).toEqual([outcome, expect.any(Number)]);
    for (const c of [
      'proofs minted',
      'issuing 302',
      'qa 302',
      'enrollments logged',
      'conversions logged',
      'dedupe cookie',
      'beacon refused',
      'experiment cookies in the key',
    ])
      expect([c, t.cases[c]]).toEqual([c, expect.any(Number)]);
    expect(Math.min(...Object.values(t.outcomes), ...Object.values(t.cases))).toBeGreaterThan(0);
  });

  it.each(mutants(config))('viewer-request: a bundle that %s fails the run', async (_, wrap, why) => {
    expect(await failure(fuzzViewer(config, wrap(viewer()), 1000, 7))).toMatch(why);
  });

  it('origin-response: every outcome valid, adds no Set-Cookie, keeps the origin’s own', async () => {
    const real = handlerOf(name, 'origin-response') as Handler;
    const t = await fuzzOrigin(config, real, 1000, 7);
    expect(t.outcomes.malformed).toBeGreaterThan(0);
    expect(t.cases["origin's Set-Cookies kept"]).toBeGreaterThan(0);
    const adding: Handler = async (e) => {
      const r = (await real(e)) as Result;
      const added = { key: 'Set-Cookie', value: 'x=1' };
      if (r.headers) r.headers['set-cookie'] = [...(r.headers['set-cookie'] ?? []), added];
      return r;
    };
    expect(await failure(fuzzOrigin(config, adding, 1000, 7))).toMatch(/^origin-response added Set-Cookie/);
  });
});
