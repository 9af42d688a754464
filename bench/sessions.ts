/**
 * The trace as visits: browsers arrive as first-time or returning visitors and make a few requests each,
 * interleaved with other visits and with non-browser clients. A first-time visitor's jar starts empty and
 * gains what the site would set — consent when they accept the banner, a proof of enrollment from the
 * issuing redirect of the first page an experiment covers (`proofs.ts`), which the browser follows at once,
 * so the follow-up is the trace's next request. A visitor enrolls once per experiment, except in browsers
 * that keep no cookie. Deterministic for a given site, seed and clock.
 */
import type { BenchSite } from './site';
import { followQuery, issueOnView, returningCookies } from './proofs';
import type { TraceRequest, Visitor } from './trace';
import { ACCEPT_LANGUAGES, BROWSER_AGENT, botRequest, localeFor, MIX, pct, target, weighted } from './trace';

export interface TraceOptions {
  /** Share of returning visits holding bare pre-proof cookies, in percent. @default MIX.legacyCookies */
  readonly legacyPct?: number;
  /**
   * The clock of the issuing redirects' `_xpe` marker, in ms. The edge serves a follow-up without a proof
   * unenrolled only while its marker is recent, so a trace sent to a bundle must use the time it is sent.
   * @default Date.now
   */
  readonly now?: () => number;
}

interface Visit {
  readonly id: number;
  readonly visitor: Exclude<Visitor, 'bot'>;
  readonly acceptLanguage: string;
  readonly locale: string;
  /** Cookie pairs the browser sends; null for a browser that keeps none. */
  readonly jar: string[] | null;
  /** Whether the consent banner was answered already (shown on the visit's first page). */
  asked: boolean;
}

function startVisit(site: BenchSite, id: number, random: () => number, legacyPct: number): Visit {
  const acceptLanguage = weighted(random, ACCEPT_LANGUAGES);
  const locale = localeFor(acceptLanguage, site);
  if (pct(random, MIX.cookieBlocking))
    return { id, visitor: 'new', acceptLanguage, locale, jar: null, asked: false };
  if (pct(random, MIX.newVisitors))
    return { id, visitor: 'new', acceptLanguage, locale, jar: [], asked: false };
  const legacy = pct(random, legacyPct);
  const jar = returningCookies(site, locale, random, legacy).split('; ');
  return { id, visitor: 'returning', acceptLanguage, locale, jar, asked: true };
}

/** The consent banner, shown on the visit's first page: accepted by some, its cookie sent from then on. */
function answerBanner(site: BenchSite, visit: Visit, random: () => number): void {
  const consent = site.config.experiments.consentCookieName;
  const jar = visit.jar;
  if (jar === null || consent === undefined || visit.asked) return;
  if (pct(random, MIX.consents)) jar.push(`${consent}=1`);
  visit.asked = true;
}

function browserHeaders(visit: Visit): Record<string, string> {
  const headers: Record<string, string> = {
    'Accept-Encoding': 'gzip, deflate, br',
    'User-Agent': BROWSER_AGENT,
    'Sec-Fetch-Mode': 'navigate',
  };
  if (visit.acceptLanguage !== '') headers['Accept-Language'] = visit.acceptLanguage;
  if (visit.jar !== null && visit.jar.length > 0) headers.Cookie = visit.jar.join('; ');
  return headers;
}

/** The visit's next request and, when the edge answers it with an issuing redirect, the browser's follow-up. */
function visitRequests(site: BenchSite, visit: Visit, random: () => number, now: () => number) {
  const { kind, path, querystring, page } = target(site, visit.locale, random);
  const base = { kind, visitor: visit.visitor, visit: visit.id, method: 'GET', path, querystring };
  const request: TraceRequest = { ...base, headers: browserHeaders(visit) };
  // Viewer-request serves the locale's pages (locale-less URLs too, when it rewrites instead of redirecting).
  const served = kind === 'page' || (kind === 'entry' && site.config.locales.mode === 'rewrite');
  const issues = served ? issueOnView(site, visit.jar, page, querystring, random) : undefined;
  if (served) answerBanner(site, visit, random);
  if (issues === undefined) return [request];
  const follow: TraceRequest = {
    ...base,
    querystring: followQuery(querystring, now()),
    headers: browserHeaders(visit),
    follows: true,
  };
  return [{ ...request, issues }, follow];
}

/** Visits in progress at once: enough that consecutive requests rarely come from one visitor. */
const CONCURRENT_VISITS = 64;

/** The trace: each call returns its next request. */
export function createTrace(
  site: BenchSite,
  random: () => number,
  options: TraceOptions = {},
): () => TraceRequest {
  const legacyPct = options.legacyPct ?? MIX.legacyCookies;
  const now = options.now ?? Date.now;
  const visits: Visit[] = [];
  const queued: TraceRequest[] = [];
  let started = 0;
  return () => {
    // A redirect is followed at once, before the browser does anything else.
    const follow = queued.shift();
    if (follow) return follow;
    if (pct(random, MIX.nonBrowser)) return botRequest(site, random);
    while (visits.length < CONCURRENT_VISITS) visits.push(startVisit(site, started++, random, legacyPct));
    const i = Math.floor(random() * visits.length);
    const visit = visits[i]!;
    const [request, ...rest] = visitRequests(site, visit, random, now);
    queued.push(...rest);
    // Geometric visit length: each request is the last with probability 1 / mean.
    if (random() * MIX.requestsPerVisit < 1) visits.splice(i, 1);
    return request!;
  };
}
