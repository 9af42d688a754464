/**
 * The trace as visits: browsers arrive as first-time or returning visitors and make a few requests each,
 * interleaved with other visits and with non-browser clients. A first-time visitor's jar starts empty and
 * gains what the site would set — consent when they accept the banner, an experiment's cookie (drawn by its
 * weights, as origin-response would) on the first page it covers — so a visitor enrolls once per experiment,
 * except in browsers that keep no cookie. Deterministic for a given site and seed.
 */
import { experimentsOn, type BenchSite } from './site';
import type { TraceRequest, Visitor } from './trace';
import {
  ACCEPT_LANGUAGES,
  BROWSER_AGENT,
  botRequest,
  drawVariant,
  localeFor,
  MIX,
  pct,
  returningCookies,
  target,
  weighted,
} from './trace';

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

function startVisit(site: BenchSite, id: number, random: () => number): Visit {
  const acceptLanguage = weighted(random, ACCEPT_LANGUAGES);
  const locale = localeFor(acceptLanguage, site);
  if (pct(random, MIX.cookieBlocking))
    return { id, visitor: 'new', acceptLanguage, locale, jar: null, asked: false };
  if (pct(random, MIX.newVisitors))
    return { id, visitor: 'new', acceptLanguage, locale, jar: [], asked: false };
  const jar = returningCookies(site, locale, random).split('; ');
  return { id, visitor: 'returning', acceptLanguage, locale, jar, asked: true };
}

/** What the site sets after a page view: consent (if accepted) and the cookie of each experiment covering it. */
function afterPage(site: BenchSite, visit: Visit, page: string, random: () => number): void {
  const jar = visit.jar;
  if (jar === null || page === '') return;
  const consent = site.config.experiments.consentCookieName;
  const has = (name: string) => jar.some((c) => c.startsWith(`${name}=`));
  if (consent !== undefined && !has(consent)) {
    if (!visit.asked && pct(random, MIX.consents)) jar.push(`${consent}=1`);
    visit.asked = true;
    return; // experiments start with the page after consent
  }
  for (const e of experimentsOn(site, page))
    if (!has(e.cookieName)) jar.push(`${e.cookieName}=${drawVariant(e, random)}`);
}

function visitRequest(site: BenchSite, visit: Visit, random: () => number): TraceRequest {
  const headers: Record<string, string> = {
    'Accept-Encoding': 'gzip, deflate, br',
    'User-Agent': BROWSER_AGENT,
    'Sec-Fetch-Mode': 'navigate',
  };
  if (visit.acceptLanguage !== '') headers['Accept-Language'] = visit.acceptLanguage;
  if (visit.jar !== null && visit.jar.length > 0) headers.Cookie = visit.jar.join('; ');
  const { kind, path, querystring, page } = target(site, visit.locale, random);
  if (kind === 'page') afterPage(site, visit, page, random);
  return { kind, visitor: visit.visitor, visit: visit.id, method: 'GET', path, querystring, headers };
}

/** Visits in progress at once: enough that consecutive requests rarely come from one visitor. */
const CONCURRENT_VISITS = 64;

/** The trace: each call returns its next request. */
export function createTrace(site: BenchSite, random: () => number): () => TraceRequest {
  const visits: Visit[] = [];
  let started = 0;
  return () => {
    if (pct(random, MIX.nonBrowser)) return botRequest(site, random);
    while (visits.length < CONCURRENT_VISITS) visits.push(startVisit(site, started++, random));
    const i = Math.floor(random() * visits.length);
    const visit = visits[i]!;
    const request = visitRequest(site, visit, random);
    // Geometric visit length: each request is the last with probability 1 / mean.
    if (random() * MIX.requestsPerVisit < 1) visits.splice(i, 1);
    return request;
  };
}
