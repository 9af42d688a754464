/**
 * When the beacon may count, restated from the contract rather than read from the bundle: `POST
 * /__edge/goal/<configured goal>` only; `Sec-Fetch-Site` absent or `same-origin` (W3C Fetch Metadata §2.1,
 * https://www.w3.org/TR/fetch-metadata/#sec-fetch-site-header: `same-site`, `cross-site` and `none` are
 * requests this site's pages did not send); no `prefetch` in `Sec-Purpose` (Fetch §"Sec-Purpose") nor in
 * Chrome's older `Purpose`; no QA session cookie of any experiment; consent when configured; no `xg-<goal>`
 * dedupe cookie. Then each enabled experiment counts only for a pooled proof of kind `e` (`pool.ts`).
 */
import type { CloudFrontHeaders, CloudFrontRequest } from '../../edge-functions/cloudfront/types';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { pooledEnrollment, type Minted, type Pool } from './pool';

/** The beacon's path, as pages call it. */
export const GOAL_PREFIX = '/__edge/goal/';

/** SP and HTAB only (RFC 9110 §5.6.3). */
const ows = (s: string): string => s.replace(/^[ \t]+|[ \t]+$/g, '');

/**
 * `name → values` of a Cookie header (every line; HTTP/2 may split it), in order: split on `;`, name and
 * value around the first `=`, pairs without `=` skipped (RFC 6265bis §5.6 leniency, as `cookie` reads).
 */
export function cookieValues(headers: CloudFrontHeaders | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const h of headers?.cookie ?? [])
    for (const pair of h.value.split(';')) {
      const eq = pair.indexOf('=');
      if (eq === -1) continue;
      const name = ows(pair.slice(0, eq));
      out.set(name, [...(out.get(name) ?? []), ows(pair.slice(eq + 1))]);
    }
  return out;
}

/** The request of a viewer-request event, when it is within CloudFront's contract (else undefined). */
export function requestOf(event: unknown): CloudFrontRequest | undefined {
  const r = (event as { Records?: { cf?: { request?: Partial<CloudFrontRequest> } }[] } | undefined)
    ?.Records?.[0]?.cf?.request;
  const headers = r?.headers as Record<string, unknown> | undefined;
  const ok =
    typeof r?.uri === 'string' &&
    typeof r.method === 'string' &&
    typeof r.querystring === 'string' &&
    typeof headers === 'object' &&
    headers !== null &&
    Object.values(headers).every(Array.isArray);
  return ok ? (r as CloudFrontRequest) : undefined;
}

const header = (r: CloudFrontRequest, name: string): string | undefined => r.headers[name]?.[0]?.value;

/** The goal a request names, when it is the beacon of a configured goal. */
export function goalOf(config: SiteConfig, request: CloudFrontRequest | undefined): string | undefined {
  if (request === undefined || !request.uri.startsWith(GOAL_PREFIX)) return undefined;
  const goal = request.uri.slice(GOAL_PREFIX.length);
  return config.experiments.goals.some((g) => g.id === goal) ? goal : undefined;
}

/** The request may count a conversion at all (method, Fetch Metadata, prefetch, QA, consent, dedupe). */
export function mayCount(config: SiteConfig, request: CloudFrontRequest): boolean {
  const goal = goalOf(config, request);
  if (goal === undefined || request.method !== 'POST') return false;
  const site = header(request, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') return false;
  if (['sec-purpose', 'purpose'].some((h) => /prefetch/i.test(header(request, h) ?? ''))) return false;
  const cookies = cookieValues(request.headers);
  const { list, consentCookieName } = config.experiments;
  if (list.some((e) => cookies.has(`${e.cookieName}-qa`))) return false;
  if (consentCookieName !== undefined && !cookies.has(consentCookieName)) return false;
  return !cookies.has(`xg-${goal}`);
}

/** The conversions the beacon must log for `request`: one per enabled experiment holding a pooled proof. */
export function expectedConversions(config: SiteConfig, pool: Pool, request: CloudFrontRequest): Minted[] {
  if (!mayCount(config, request)) return [];
  const cookies = cookieValues(request.headers);
  return config.experiments.list
    .filter((e) => e.enabled)
    .map((e) => pooledEnrollment(pool, e.id, cookies.get(e.cookieName)?.[0]))
    .filter((m): m is Minted => m !== undefined);
}
