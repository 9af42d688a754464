/**
 * The conversion beacon, answered by viewer-request itself: `POST /__edge/goal/<goal>` → a generated 204
 * that CloudFront never caches and never forwards. Only a request that a page of this site sent on purpose
 * can count (https://www.w3.org/TR/fetch-metadata/):
 * - `POST` only (`navigator.sendBeacon`, `fetch(…, { method: 'POST', keepalive: true })`, a `<form
 *   method="post">`); GET and HEAD answer 204 and count nothing, so a link, an `<img>`, a prefetch or a
 *   navigation from another site never converts anyone;
 * - `Sec-Fetch-Site`, when present, must be `same-origin`, and `Sec-Purpose` must not say `prefetch`;
 * - no QA override may be in force (its session cookie), and consent must be given when configured;
 * - each experiment counts only with a proof of enrollment the edge issued (`shared/proof.ts`) of kind
 *   `e`: its `Conversions` line carries the enrollment's identifier, so the report counts each
 *   (enrollment, goal) once however often a cookie is replayed.
 * A dedupe cookie then stops an honest browser's repeats from being logged again. Unknown goal → 404, other
 * methods → 405. Everything that counts nothing still gets the 204: pages never break.
 */
import type { CloudFrontRequest } from '../cloudfront/types';
import type { ViewerConfig } from '../config/resolve';
import type { ExperimentConfig } from '../config/schema';
import type { LiveState } from '../shared/live';
import { GOAL_ENDPOINT_PREFIX } from '../shared/endpoints';
import { fromSameOrigin, isPrefetch } from '../shared/fetch-metadata';
import { qaCookieName } from '../shared/experiments';
import { goalCookieName } from '../shared/goals';
import { metric } from '../shared/metric';
import { readProof, type Hmac } from '../shared/proof';
import { respond, setCookie, type Reply } from './responses';

const METHODS = ['GET', 'HEAD', 'POST'];

type Cookies = Readonly<Record<string, string | undefined>>;

/** Whether this request may count at all: method, Fetch Metadata, QA overrides, consent, dedupe. */
function mayCount(request: CloudFrontRequest, config: ViewerConfig, cookies: Cookies, goal: string) {
  const experiments = config.experiments;
  if (request.method !== 'POST' || !fromSameOrigin(request.headers) || isPrefetch(request.headers))
    return false;
  if (experiments.list.some((e) => cookies[qaCookieName(e)] !== undefined)) return false;
  const consent = experiments.consentCookieName;
  if (consent !== undefined && cookies[consent] === undefined) return false;
  return cookies[goalCookieName(goal)] === undefined;
}

export function beacon(
  request: CloudFrontRequest,
  config: ViewerConfig,
  cookies: Cookies,
  lines: string[],
  deps: { readonly now: number; readonly hmac: Hmac; readonly live: (e: ExperimentConfig) => LiveState },
): Reply {
  const experiments = config.experiments;
  const goal = request.uri.slice(GOAL_ENDPOINT_PREFIX.length);
  if (!request.uri.startsWith(GOAL_ENDPOINT_PREFIX) || !experiments.goals.some((g) => g.id === goal))
    return respond(404, 'Not Found', 'no-store', true);
  if (!METHODS.includes(request.method)) {
    const r = respond(405, 'Method Not Allowed', 'no-store', true);
    r.headers.allow = { value: 'GET, HEAD, POST' };
    return r;
  }
  const done = respond(204, 'No Content', 'no-store');
  if (!mayCount(request, config, cookies, goal)) return done;
  const signer = { keys: config.signingKeys, hmac: deps.hmac };
  let counted = 0;
  for (let i = 0; i < experiments.list.length; i++) {
    const e = experiments.list[i]!;
    // Only a cookie that holds a proof costs a store read; a stopped experiment counts nothing.
    const proof = e.enabled ? readProof(e, cookies[e.cookieName], signer) : undefined;
    if (proof === undefined || proof.kind !== 'e' || !deps.live(e).enabled) continue;
    counted++;
    // In the phase the visitor was enrolled in, which the proof carries signed.
    lines.push(metric('Conversions', [e.id, proof.variant, goal], deps.now, proof.id, proof.phase));
  }
  if (counted > 0) setCookie(done, goalCookieName(goal), '1', config.goalCookieMaxAge);
  return done;
}
