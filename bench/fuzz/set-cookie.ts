/**
 * Every `Set-Cookie` the edge writes. viewer-request, on generated responses only (CloudFront never caches
 * them): a proof on an issuing 302 back to the page with `_xpe=`; a QA session cookie on a 302 that drops
 * the override parameter; the beacon's `xg-<goal>` on a 204 that counted. Each has `Path=/; Secure;
 * HttpOnly; SameSite=Lax` (RFC 6265bis §4.1.2: the whole site, HTTPS only, out of reach of scripts, and
 * never sent on a cross-site POST, §5.6.7.1) and never `Expires` (Max-Age wins anyway, §5.7.3).
 * origin-response adds none: its answer is cached and replayed to everyone with the same key.
 */
import { parseSetCookie, type SetCookie } from 'cookie';
import type { CloudFrontRequest, CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import type { ExperimentConfig, SiteConfig } from '../../edge-functions/config/schema';
import type { ViewerResult } from './checks';
import { GOAL_PREFIX } from './oracle';

/** `<variant>.<kind><id16>.<sig22>`: the proof's shape, without verifying it. */
const isProofShaped = (e: ExperimentConfig, value: string): boolean => {
  const m = /^([^.]+)\.[el][A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}$/.exec(value);
  return m !== null && e.variants.some((v) => v.name === m[1]);
};

/** The query parameters of where a 302 points. */
const locationParams = (result: ViewerResult): URLSearchParams =>
  new URL(result.headers?.location?.[0]?.value ?? '/', 'https://site.example').searchParams;

function checkAttributes(c: SetCookie, line: string): void {
  if (c.path !== '/' || !c.secure || !c.httpOnly || c.sameSite !== 'lax' || c.expires !== undefined)
    throw new Error(`malformed Set-Cookie: ${line}`);
}

/** One `Set-Cookie` on a viewer-request answer; returns the case it is (`issuing 302`, `qa 302`, …). */
function checkOne(
  config: SiteConfig,
  request: CloudFrontRequest | undefined,
  result: ViewerResult,
  line: string,
  conversions: number,
): string {
  const c = parseSetCookie(line);
  const value = c.value ?? '';
  checkAttributes(c, line);
  const fail = (why: string) => new Error(`${why}: Set-Cookie ${line.slice(0, 120)} on ${result.status}`);
  const e = config.experiments.list.find((x) => x.cookieName === c.name);
  if (e !== undefined) {
    if (result.status !== '302' || !locationParams(result).has('_xpe'))
      throw fail('proof off an issuing 302');
    if (!isProofShaped(e, value) || c.maxAge !== e.cookieMaxAgeSeconds) throw fail('malformed proof');
    return 'issuing 302';
  }
  const qa = config.experiments.list.find((x) => `${x.cookieName}-qa` === c.name);
  if (qa !== undefined) {
    const asked = new URLSearchParams(request?.querystring ?? '').has(qa.overrideParam);
    if (result.status !== '302' || !asked || locationParams(result).has(qa.overrideParam))
      throw fail('QA cookie off a 302 that drops the override');
    const valid = qa.variants.some((v) => v.name === value) && c.maxAge === undefined;
    if (!valid && !(value === '' && c.maxAge === 0)) throw fail('QA cookie neither session nor cleared');
    return 'qa 302';
  }
  const goal = request?.uri.slice(GOAL_PREFIX.length);
  if (c.name === `xg-${goal}` && result.status === '204' && conversions > 0 && (c.maxAge ?? 0) > 0)
    return 'dedupe cookie';
  throw fail('unexpected cookie');
}

/** Every `Set-Cookie` viewer-request wrote; the cases they were, for the tally. */
export function checkViewerSetCookies(
  config: SiteConfig,
  request: CloudFrontRequest | undefined,
  result: ViewerResult,
  conversions: number,
): string[] {
  const lines = (result.headers?.['set-cookie'] ?? []).map((h) => h.value);
  if (lines.length > 0 && result.status === undefined) throw new Error('Set-Cookie on a forwarded request');
  const cases = lines.map((line) => checkOne(config, request, result, line, conversions));
  if (conversions > 0 && !cases.includes('dedupe cookie')) throw new Error('counted without a dedupe cookie');
  return [...new Set(cases)];
}

/** origin-response keeps the origin's own `Set-Cookie` lines, at most, and adds none. Returns how many. */
export function checkOriginSetCookies(origin: readonly string[], result: CloudFrontResultResponse): number {
  const left = [...origin];
  for (const h of result.headers?.['set-cookie'] ?? []) {
    const i = left.indexOf(h.value);
    if (i === -1) throw new Error(`origin-response added Set-Cookie: ${h.value.slice(0, 120)}`);
    left.splice(i, 1);
  }
  return origin.length - left.length;
}
