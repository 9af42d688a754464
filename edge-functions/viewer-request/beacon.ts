/**
 * The conversion beacon, answered by viewer-request itself: `POST /__edge/goal/<goal>` (or GET, for `<img>`
 * and no-JS fallbacks) → a generated 204 that CloudFront never caches and never forwards. A visitor's first
 * conversion for a goal logs one `Conversions` metric line per experiment they are enrolled in (their
 * canonical experiment cookies) and sets a dedupe cookie, so each visitor counts once per goal. Without
 * consent, or without experiment cookies, nothing is written and nothing counted. Unknown goal → 404, other
 * methods → 405. https://developer.mozilla.org/docs/Web/API/Navigator/sendBeacon
 */
import type { CloudFrontRequest, CloudFrontResultResponse } from '../cloudfront/types';
import type { ViewerConfig } from '../config/resolve';
import { GOAL_ENDPOINT_PREFIX } from '../shared/endpoints';
import { isVariant } from '../shared/experiments';
import { goalCookieName } from '../shared/goals';
import { metricLine } from '../shared/log';
import { respond } from './responses';

const METHODS = ['GET', 'HEAD', 'POST'];

export function beacon(
  request: CloudFrontRequest,
  config: ViewerConfig,
  cookies: Readonly<Record<string, string | undefined>>,
  lines: string[],
  now: number,
): CloudFrontResultResponse {
  const table = config.securityHeaderList;
  const { experiments } = config;
  const goal = request.uri.slice(GOAL_ENDPOINT_PREFIX.length);
  if (!request.uri.startsWith(GOAL_ENDPOINT_PREFIX) || !experiments.goals.some((g) => g.id === goal))
    return respond('404', 'Not Found', table, 'no-store', true);
  if (!METHODS.includes(request.method)) {
    const r = respond('405', 'Method Not Allowed', table, 'no-store', true);
    r.headers!.allow = [{ key: 'Allow', value: 'GET, HEAD, POST' }];
    return r;
  }
  const done = respond('204', 'No Content', table, 'no-store');
  const consent = experiments.consentCookieName;
  const dedupe = goalCookieName(goal);
  if ((consent !== undefined && cookies[consent] === undefined) || cookies[dedupe] !== undefined) return done;
  let counted = 0;
  for (const e of experiments.list) {
    const variant = cookies[e.cookieName];
    if (e.enabled && isVariant(e, variant) && ++counted)
      lines.push(metricLine('Conversions', [e.id, variant, goal], now));
  }
  if (counted > 0)
    done.headers!['set-cookie'] = [
      {
        key: 'Set-Cookie',
        value: `${dedupe}=1; Max-Age=${config.goalCookieMaxAge}; Path=/; Secure; HttpOnly; SameSite=Lax`,
      },
    ];
  return done;
}
