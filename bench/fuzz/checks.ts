/**
 * What every fuzzed result must satisfy beyond the Lambda@Edge validator: redirects stay on the site, the
 * log records only what happened, only canonical experiment cookies reach the cache key (and only for
 * pages), and every experiment `Set-Cookie` is well-formed. Each check throws with a message naming it.
 */
import { parseSetCookie } from 'cookie';
import type { CloudFrontHeaders, CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import type { SiteConfig } from '../../edge-functions/config/schema';

export type ViewerResult = CloudFrontResultResponse & { uri?: string; querystring?: string };

/** A `Location` that a browser resolves on the same site. */
export function checkLocation(result: ViewerResult): void {
  const loc = result.headers?.location?.[0]?.value;
  if (loc === undefined) return;
  if (!/^\/(?![/\\])/.test(loc) || new URL(loc, 'https://site.example').origin !== 'https://site.example')
    throw new Error(`off-site Location: ${loc.slice(0, 200)}`);
}

const cookieOf = (config: SiteConfig, id: unknown): string | undefined =>
  config.experiments.list.find((e) => e.id === id)?.cookieName;

/**
 * Every line describes the result that was returned: an enrollment only for a forwarded page request that
 * carries the enrolled variant, a conversion only on the beacon's 204, a decision line (`logs.debug`) only
 * for what happened (no redirect logged for a pass-through), and no internal error ever.
 */
export function checkLog(config: SiteConfig, result: ViewerResult, lines: readonly string[]): void {
  const generated = result.status !== undefined;
  for (const line of lines) {
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (entry.level === 'error') {
      if (entry.code !== 'E_EVENT') throw new Error(`internal error logged: ${line.slice(0, 200)}`);
      continue;
    }
    const cookie = (result.headers?.cookie ?? []).map((h) => h.value).join('; ');
    const truthful =
      'Enrollments' in entry
        ? !generated &&
          cookie.split('; ').includes(`${cookieOf(config, entry.Experiment)}=${String(entry.Variant)}`)
        : 'Conversions' in entry
          ? result.status === '204'
          : entry.action === 'forward'
            ? !generated
            : generated && String(entry.status) === result.status;
    if (!truthful) throw new Error(`log says ${line.slice(0, 160)}, result is ${result.status ?? 'forward'}`);
  }
}

/** `name → values` of a Cookie header, split as CloudFront and `cookie` do (trim SP/HTAB, first `=`). */
function cookieValues(headers: CloudFrontHeaders | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const h of headers?.cookie ?? [])
    for (const pair of h.value.split(';')) {
      const eq = pair.indexOf('=');
      if (eq === -1) continue;
      const name = pair.slice(0, eq).replace(/^[ \t]+|[ \t]+$/g, '');
      out.set(name, [...(out.get(name) ?? []), pair.slice(eq + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
    }
  return out;
}

/**
 * Only canonical experiment cookies reach the cache key: at most one per experiment, a current variant,
 * and only on a page (an HTML object) — never on robots.txt, assets or images. Returns how many it checked.
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

/** An experiment `Set-Cookie` we wrote: Path=/, Secure, SameSite, Max-Age, never Expires, a current variant. */
export function checkSetCookie(config: SiteConfig, uri: string, line: string): void {
  const c = parseSetCookie(line);
  const e = config.experiments.list.find((x) => x.cookieName === c.name);
  if (!e || !e.variants.some((v) => v.name === c.value)) throw new Error(`unexpected Set-Cookie: ${line}`);
  if (c.path !== '/' || !c.secure || !c.sameSite || typeof c.maxAge !== 'number' || c.expires !== undefined)
    throw new Error(`malformed Set-Cookie: ${line}`);
  if (!/\.html$/i.test(uri)) throw new Error(`experiment Set-Cookie on ${uri}`);
}
