/**
 * Experiments on a page (step 4): assign every experiment covering it, then either forward, or answer first
 * with a generated 302 back to the same URL that sets what must be per browser:
 * - a QA link (`?xp-home-hero=bold`) sets a session cookie for the override and drops the parameter, so a
 *   shared link never writes a long-lived cookie, never enrolls and never counts;
 * - a new enrollment (or a pre-proof cookie) sets the signed proof (`shared/proof.ts`). CloudFront never
 *   caches a viewer-request answer, and the page itself stays one cached object per variant.
 * The issuing redirect adds `_xpe=<seconds>`: when it comes back without the cookie (a browser that refuses
 * cookies), the page is served unenrolled instead of redirecting again.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-generating-http-responses.html
 */
import type { CloudFrontRequest } from '../cloudfront/types';
import { getHeader } from '../cloudfront/headers';
import type { ViewerConfig } from '../config/resolve';
import type { ExperimentConfig } from '../config/schema';
import {
  assign,
  ISSUED_PARAM,
  ISSUED_WINDOW_S,
  issuedPair,
  isVariant,
  qaCookieName,
} from '../shared/experiments';
import type { Assignment, RandomSource } from '../shared/experiments';
import { isPrefetch } from '../shared/fetch-metadata';
import { SEC_FETCH_MODE } from '../shared/inputs';
import { metric } from '../shared/metric';
import { issueProof, type Hmac, type Signer } from '../shared/proof';
import { rewriteQuery, type Query } from '../shared/query';
import { withLive, type LiveState } from '../shared/live';
import { cookieRedirect, type CookieToSet, type Reply } from './responses';

export interface PageVisit {
  readonly config: ViewerConfig;
  readonly request: CloudFrontRequest;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  readonly query: Query;
  /** The locale-less page path experiments match on. */
  readonly page: string;
  /** The canonical path the viewer asked for: where a redirect sends them back. */
  readonly path: string;
  readonly random: RandomSource;
  readonly newId: () => string;
  readonly hmac: Hmac;
  readonly now: number;
  /** An experiment's live state (`shared/live.ts`): the baked values on Lambda@Edge. */
  readonly live: (e: ExperimentConfig) => LiveState;
}

export interface PageExperiments {
  readonly assignments: readonly Assignment[];
  /** A redirect that sets cookies before the page is served. */
  readonly response?: Reply;
}

/** The experiment covering a page object (one at most: the build refuses overlaps). */
export function experimentOf(config: ViewerConfig, object: string): ExperimentConfig | undefined {
  const id = config.experimentPages[object];
  return id === undefined ? undefined : config.experiments.list.find((e) => e.id === id);
}

/** The request follows an issuing redirect of the last minute: its cookie did not come back. */
function justIssued(visit: PageVisit): boolean {
  const at = parseInt(visit.query[ISSUED_PARAM] || '', 36);
  return Number.isFinite(at) && Math.abs(visit.now / 1000 - at) <= ISSUED_WINDOW_S;
}

const signerOf = (visit: PageVisit): Signer => ({ keys: visit.config.signingKeys, hmac: visit.hmac });
const isBrowser = (visit: PageVisit): boolean =>
  getHeader(visit.request.headers, SEC_FETCH_MODE) !== undefined;

function assignAll(
  visit: PageVisit,
  list: readonly ExperimentConfig[],
  issuable: boolean,
  phase: number,
): Assignment[] {
  const config = visit.config;
  const consentName = config.experiments.consentCookieName;
  const facts = {
    page: visit.page,
    cookies: visit.cookies,
    query: visit.query,
    browser: isBrowser(visit),
    consent: consentName === undefined || visit.cookies[consentName] !== undefined,
    issuable,
    crawlers: config.experiments.crawlers,
    random: visit.random,
    newId: visit.newId,
    signer: signerOf(visit),
    phase,
  };
  return list.map((e) => assign(e, facts));
}

/** Browsers following a QA link: the override moves from the URL into a session cookie. */
function overrideRedirect(visit: PageVisit, list: readonly ExperimentConfig[]) {
  const named = list.filter((e) => e.enabled && visit.query[e.overrideParam] !== undefined);
  if (named.length === 0 || !isBrowser(visit)) return undefined;
  const cookies = named.map((e): CookieToSet => {
    const value = visit.query[e.overrideParam];
    return isVariant(e, value) ? [qaCookieName(e), value] : [qaCookieName(e), '', 0];
  });
  const query = rewriteQuery(
    visit.request.querystring,
    named.map((e) => e.overrideParam),
  );
  return cookieRedirect(visit.path, query, cookies);
}

/** Back to the same URL, marked, with the proofs set; undefined when that URL would be too long. */
function issuingRedirect(visit: PageVisit, issued: readonly Assignment[]) {
  const query = rewriteQuery(visit.request.querystring, [ISSUED_PARAM], issuedPair(visit.now));
  const signer = signerOf(visit);
  const cookies = issued.map((a): CookieToSet => [
    a.experiment.cookieName,
    issueProof(a.experiment, a.issue!, signer),
    a.experiment.cookieMaxAgeSeconds,
  ]);
  return cookieRedirect(visit.path, query, cookies);
}

/**
 * The page's assignments, or the redirect to answer first. An `Enrollments` line (with the enrollment's
 * identifier) is logged when a new proof is issued: once per enrollment, whatever the browser does next.
 */
export function pageExperiments(visit: PageVisit, object: string, lines: string[]): PageExperiments {
  const baked = experimentOf(visit.config, object);
  if (baked === undefined) return { assignments: [] };
  const state = visit.live(baked);
  const e = withLive(baked, state);
  const list = [e];
  const qa = overrideRedirect(visit, list);
  if (qa) return { assignments: [], response: qa };
  const issuable = !isPrefetch(visit.request.headers) && !justIssued(visit);
  const assignments = assignAll(visit, list, issuable, state.phase);
  const issued = assignments.filter((a) => a.issue !== undefined);
  if (issued.length === 0) return { assignments };
  const response = issuingRedirect(visit, issued);
  // Too long with the marker for CloudFront: serve the page unenrolled instead.
  if (response === undefined) return { assignments: assignAll(visit, list, false, state.phase) };
  for (let i = 0; i < issued.length; i++) {
    const a = issued[i]!;
    if (a.issue!.kind === 'e')
      lines.push(metric('Enrollments', [a.experiment.id, a.variant], visit.now, a.issue!.id, state.phase));
  }
  return { assignments, response };
}
