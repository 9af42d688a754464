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
import { decisionLine, type LogSink } from '../shared/log';
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

/** The experiment cookie names as a set, built once per configuration rather than on every request. */
const cookieNames = new WeakMap<ViewerConfig, ReadonlySet<string>>();
function cookieNameSet(config: ViewerConfig): ReadonlySet<string> {
  let set = cookieNames.get(config);
  if (!set) cookieNames.set(config, (set = new Set(config.experimentCookieNames)));
  return set;
}

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

/** A generated response; rejections (4xx) and locale redirects leave a log line. */
function answer(ctx: Context, response: CloudFrontResultResponse, choice?: LocaleChoice): Decision {
  const status = Number(response.status);
  const now = ctx.deps.now();
  if (status >= 400) ctx.lines.push(decisionLine({ action: 'reject', status }, now));
  else if (choice)
    ctx.lines.push(
      decisionLine({ action: 'redirect', status, locale: choice.locale, localeSource: choice.source }, now),
    );
  return { kind: 'respond', response };
}

/**
 * Forward `object`, or answer 414 when CloudFront would refuse it. The request's experiment cookies become
 * exactly `assignments`' canonical values: on every other path (neutral files, pages without experiments,
 * non-page files) no experiment cookie reaches the cache key.
 */
function forward(ctx: Context, object: string, assignments: Assignment[], choice?: LocaleChoice): Decision {
  const { config } = ctx.deps;
  if (!fits(object, ctx.request.querystring)) return answer(ctx, uriTooLong(config.securityHeaderList));
  if (choice) {
    const now = ctx.deps.now();
    const base = { action: 'forward', locale: choice.locale, localeSource: choice.source };
    if (assignments.length === 0) ctx.lines.push(decisionLine(base, now));
    for (const a of assignments)
      ctx.lines.push(
        decisionLine(
          {
            ...base,
            experiment: a.experiment.id,
            variant: a.variant,
            assignment: a.source,
            exposure: a.exposure,
          },
          now,
        ),
      );
  }
  const names = cookieNameSet(config);
  if (names.size === 0) return { kind: 'forward', uri: object };
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
  const uri = normaliseUri(request.uri);
  if (!uri.ok) return answer(ctx, uri.problem === 'E_URI_LENGTH' ? uriTooLong(table) : badRequest(table));

  // Neutral files (robots.txt, assets) are never localized nor experimented on.
  if (matchesPath(locales.neutralPaths, uri.path)) {
    const target = resolveTarget(uri.path, config.fileExtensions);
    if (target.kind === 'directory') return answer(ctx, directoryRedirect(target.location, query, table));
    return forward(ctx, target.object, []);
  }

  const split = splitLocale(uri.path, locales.supported);
  const cookies = readCookies(ctx.rawCookie);
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
