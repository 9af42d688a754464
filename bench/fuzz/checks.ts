/**
 * What every fuzzed viewer-request result must satisfy beyond the Lambda@Edge validator: redirects stay on
 * the site, the log records only (and all of) what happened, and only bare current variants reach the cache
 * key (and only for pages). `Set-Cookie` checks are in `set-cookie.ts`. Each check throws with a message
 * naming it.
 */
import { parseSetCookie } from 'cookie';
import type { CloudFrontRequest, CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { parseLogLine, type Decision } from '../../edge-functions/shared/log-parse';
import { cookieValues, expectedConversions, GOAL_PREFIX } from './oracle';
import type { Pool } from './pool';

export type ViewerResult = CloudFrontResultResponse & { uri?: string; querystring?: string };

/** A `Location` that a browser resolves on the same site. */
export function checkLocation(result: ViewerResult): void {
  const loc = result.headers?.location?.[0]?.value;
  if (loc === undefined) return;
  if (!/^\/(?![/\\])/.test(loc) || new URL(loc, 'https://site.example').origin !== 'https://site.example')
    throw new Error(`off-site Location: ${loc.slice(0, 200)}`);
}

const ENROLLED = /^([^.]+)\.e([A-Za-z0-9_-]{16})\./;

/** `<experiment> <variant> <id>` for each proof of kind `e` a 302 sets: each must have its line, once. */
function issuedEnrollments(config: SiteConfig, result: ViewerResult): string[] {
  if (result.status !== '302') return [];
  return (result.headers?.['set-cookie'] ?? []).flatMap((h) => {
    const c = parseSetCookie(h.value);
    const e = config.experiments.list.find((x) => x.cookieName === c.name);
    const m = ENROLLED.exec(c.value ?? '');
    return e && m ? [`${e.id} ${m[1]} ${m[2]}`] : [];
  });
}

function sameList(what: string, logged: string[], expected: string[]): void {
  const [a, b] = [logged.sort().join(' | '), expected.sort().join(' | ')];
  if (a !== b) throw new Error(`${what} logged [${a.slice(0, 300)}], expected [${b.slice(0, 300)}]`);
}

/** A decision line (`logs.debug`) describes what happened: no redirect logged for a pass-through. */
function checkDecision(decision: Decision, line: string, result: ViewerResult): void {
  const generated = result.status !== undefined;
  const truthful =
    decision.action === 'forward' ? !generated : generated && String(decision.status) === result.status;
  if (!truthful) throw new Error(`log says ${line.slice(0, 160)}, result is ${result.status ?? 'forward'}`);
}

/** Each line, read with the log schema's parser: anything it does not recognise is a failure. */
function readLog(lines: readonly string[], result: ViewerResult) {
  const enrollments: string[] = [];
  const conversions: string[] = [];
  for (const line of lines) {
    const entry = parseLogLine(line);
    if (entry.kind === 'records')
      for (const r of entry.records)
        if (r.goal === undefined) enrollments.push(`${r.experiment} ${r.variant} ${r.enrollment}`);
        else conversions.push(`${r.experiment} ${r.variant} ${r.goal} ${r.enrollment}`);
    else if (entry.kind === 'decision') checkDecision(entry.decision, line, result);
    else if (entry.kind === 'error') {
      if (entry.error.code !== 'E_EVENT') throw new Error(`internal error logged: ${line.slice(0, 200)}`);
    } else throw new Error(`a line outside the log schema (${entry.kind}): ${line.slice(0, 200)}`);
  }
  return { enrollments, conversions };
}

/**
 * Every line describes the result that was returned. `Enrollments`: exactly one per proof of kind `e` that
 * a 302 sets, with its variant and identifier. `Conversions`: exactly the ones the oracle expects on a
 * 204 (`oracle.ts`): a pooled proof of kind `e`, as minted, on a request that may count. Returns how many
 * of each it saw.
 */
export function checkLog(
  config: SiteConfig,
  pool: Pool,
  request: CloudFrontRequest | undefined,
  result: ViewerResult,
  lines: readonly string[],
): { enrollments: number; conversions: number } {
  const { enrollments, conversions } = readLog(lines, result);
  sameList('Enrollments', enrollments, issuedEnrollments(config, result));
  const goal = request?.uri.slice(GOAL_PREFIX.length);
  const expected =
    request !== undefined && result.status === '204' ? expectedConversions(config, pool, request) : [];
  sameList(
    'Conversions',
    conversions,
    expected.map((m) => `${m.experiment} ${m.variant} ${goal} ${m.id}`),
  );
  return { enrollments: enrollments.length, conversions: conversions.length };
}

/**
 * Only bare current variants reach the cache key: at most one per experiment, never a proof, and only on a
 * page (an HTML object) — never on robots.txt, assets or images. QA cookies (`<name>-qa`) are not in the
 * cache policy, so they may pass. Returns how many experiment cookies it checked.
 */
export function checkCacheKeyCookies(config: SiteConfig, result: ViewerResult): number {
  if (result.status !== undefined) return 0;
  const values = cookieValues(result.headers);
  let found = 0;
  for (const e of config.experiments.list) {
    const v = values.get(e.cookieName);
    if (v === undefined) continue;
    if (!/\.html$/i.test(result.uri ?? '')) throw new Error(`${e.cookieName} forwarded for ${result.uri}`);
    if (v.length > 1 || !e.variants.some((x) => x.name === v[0]))
      throw new Error(`non-canonical ${e.cookieName}=${v.join(',').slice(0, 80)} forwarded`);
    found++;
  }
  return found;
}
