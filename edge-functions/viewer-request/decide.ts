/**
 * The viewer-request decision (steps 1–4): URI safety, neutral paths, locale, canonical paths, experiments,
 * then forward or answer. Pure apart from the injected clock and random source; the log lines it produces
 * are collected in `lines` and written by the handler only once the decision is complete.
 */
import type { CloudFrontRequest, CloudFrontResultResponse } from '../cloudfront/types';
import { getHeader, joinHeader } from '../cloudfront/headers';
import { MAX_URL_LENGTH } from '../cloudfront/limits';
import type { ViewerConfig } from '../config/resolve';
import { cookieHeader, readCookies, rewriteCookieHeader } from '../shared/cookies';
import { assign, experimentsFor, type Assignment, type RandomSource } from '../shared/experiments';
import { EDGE_ENDPOINT_PREFIX } from '../shared/endpoints';
import { decisionLine, metricLine, type LogSink } from '../shared/log';
import { beacon } from './beacon';
import { isPage, matchesPath, pagePath, resolveTarget, splitLocale, variantObject } from '../shared/paths';
import { chooseLocale, type LocaleChoice } from './locale';
import { badRequest, directoryRedirect, fits, localeRedirect, uriTooLong } from './responses';
import { normaliseUri } from './uri';

export interface ViewerRequestDeps {
  readonly config: ViewerConfig;
  readonly random: RandomSource;
  readonly now: () => number;
  readonly log: LogSink;
}

/** Shared by every request without a query string (most of them); never mutated. */
const NO_QUERY = new URLSearchParams();

export type Decision =
  | { readonly kind: 'respond'; readonly response: CloudFrontResultResponse }
  | { readonly kind: 'forward'; readonly uri: string; readonly cookie?: string };

/** One request's inputs, read once, and the log lines its decision produces. */
interface Context {
  readonly deps: ViewerRequestDeps;
  readonly request: CloudFrontRequest;
  readonly rawCookie: string;
  readonly lines: string[];
}

/** A generated response; with `logs.debug`, a line saying which and why. */
function answer(ctx: Context, response: CloudFrontResultResponse, choice?: LocaleChoice): Decision {
  if (ctx.deps.config.debug)
    ctx.lines.push(decisionLine({ action: 'respond', status: Number(response.status), ...choice }));
  return { kind: 'respond', response };
}

/** An `Enrollments` line per new assignment (counted once per visitor); with `logs.debug`, the decision. */
function logAssignments(ctx: Context, assignments: readonly Assignment[], choice: LocaleChoice): void {
  const now = ctx.deps.now();
  for (const a of assignments)
    if (a.source === 'new') ctx.lines.push(metricLine('Enrollments', [a.experiment.id, a.variant], now));
  if (ctx.deps.config.debug)
    ctx.lines.push(
      decisionLine({
        action: 'forward',
        ...choice,
        experiments: assignments.map((a) => `${a.experiment.id}=${a.variant}(${a.source})`),
      }),
    );
}

/**
 * Forward `object`, or answer 414 when CloudFront would refuse it. The request's experiment cookies become
 * exactly `assignments`' canonical values: on every other path (neutral files, pages without experiments,
 * non-page files) no experiment cookie reaches the cache key.
 */
function forward(ctx: Context, object: string, assignments: Assignment[], choice?: LocaleChoice): Decision {
  const { config } = ctx.deps;
  if (!fits(object, ctx.request.querystring)) return answer(ctx, uriTooLong(config.securityHeaderList));
  if (choice) logAssignments(ctx, assignments, choice);
  const names = config.experimentCookieNames;
  if (names.length === 0) return { kind: 'forward', uri: object };
  const add = assignments
    .filter((a) => a.cookie !== undefined)
    .map((a) => [a.experiment.cookieName, a.cookie!] as const);
  return { kind: 'forward', uri: object, cookie: rewriteCookieHeader(ctx.rawCookie, names, add) };
}

/** Every experiment covering the page, assigned. Pages only: other files are never experimented on. */
function assignAll(ctx: Context, object: string, cookies: Record<string, string | undefined>): Assignment[] {
  const { config } = ctx.deps;
  const page = pagePath(object);
  const experiments = isPage(object) ? experimentsFor(config.experiments.list, page) : [];
  if (experiments.length === 0) return [];
  const query = ctx.request.querystring;
  const consentName = config.experiments.consentCookieName;
  const facts = {
    page,
    cookies,
    query: query === '' || query.length >= MAX_URL_LENGTH ? NO_QUERY : new URLSearchParams(query),
    browser: getHeader(ctx.request.headers, 'sec-fetch-mode') !== undefined,
    consent: consentName === undefined || cookies[consentName] !== undefined,
    crawlers: config.experiments.crawlers,
    random: ctx.deps.random,
  };
  return experiments.map((e) => assign(e, facts));
}

export function decide(request: CloudFrontRequest, deps: ViewerRequestDeps, lines: string[] = []): Decision {
  const { config } = deps;
  const { locales, securityHeaderList: table } = config;
  const ctx: Context = { deps, request, rawCookie: cookieHeader(request.headers), lines };
  const query = request.querystring;
  const cookies = readCookies(ctx.rawCookie);
  // The edge's own endpoints (`/__edge/*`, their own CloudFront behaviour): answered here, never forwarded.
  if (request.uri.startsWith(EDGE_ENDPOINT_PREFIX))
    return answer(ctx, beacon(request, config, cookies, lines, deps.now()));
  const uri = normaliseUri(request.uri);
  if (!uri.ok) return answer(ctx, uri.problem === 414 ? uriTooLong(table) : badRequest(table));

  // Neutral files (robots.txt, assets) are never localized nor experimented on.
  if (matchesPath(locales.neutralPaths, uri.path)) {
    const target = resolveTarget(uri.path, config.fileExtensions);
    if (target.kind === 'directory') return answer(ctx, directoryRedirect(target.location, query, table));
    return forward(ctx, target.object, []);
  }

  const split = splitLocale(uri.path, locales.supported);
  const choice = chooseLocale(
    {
      pathLocale: split.locale,
      cookieLocale: cookies[locales.cookieName],
      // Every Accept-Language line: RFC 9110 §5.3 lets a list-based field be split across lines.
      acceptLanguage: joinHeader(request.headers, 'accept-language', ','),
    },
    locales.supported,
    locales.default,
  );
  if (split.locale !== undefined && split.rest === '')
    return answer(ctx, directoryRedirect(`/${split.locale}/`, query, table));
  const target = resolveTarget(split.rest, config.fileExtensions);

  if (split.locale === undefined && locales.mode === 'redirect') {
    // One hop, straight to the canonical localized URL (`/about` → `/en/about/`, not via `/about/`).
    // `/index.html` (CloudFront's default root object) → `/en/`: the page URL, not the object key.
    const page = target.kind === 'directory' ? target.location : pagePath(split.rest);
    return answer(ctx, localeRedirect(`/${choice.locale}${page}`, query, table), choice);
  }
  if (target.kind === 'directory') {
    const prefix = split.locale === undefined ? '' : `/${split.locale}`;
    return answer(ctx, directoryRedirect(prefix + target.location, query, table));
  }

  const assignments = assignAll(ctx, target.object, cookies);
  let object = `/${choice.locale}${target.object}`;
  for (const a of assignments)
    if (a.variant !== a.experiment.control) object = variantObject(object, a.variant);
  return forward(ctx, object, assignments, choice);
}
