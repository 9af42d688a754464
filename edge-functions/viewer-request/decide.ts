/**
 * The viewer-request decision (steps 1–4): URI safety, neutral paths, locale, canonical paths, experiments,
 * then forward or answer. Pure apart from the injected clock and random source; the log lines it produces
 * are collected in `lines` and written by the handler only once the decision is complete.
 */
import type { CloudFrontRequest, CloudFrontResultResponse } from '../cloudfront/types';
import { joinHeader } from '../cloudfront/headers';
import type { ViewerConfig } from '../config/resolve';
import { cookieHeader, readCookies, rewriteCookieHeader } from '../shared/cookies';
import type { Assignment, RandomSource } from '../shared/experiments';
import { EDGE_ENDPOINT_PREFIX } from '../shared/endpoints';
import { ACCEPT_LANGUAGE } from '../shared/inputs';
import { DECISION_LINES } from '../shared/debug';
import { decisionLine, warnLine, type LogSink } from '../shared/log';
import { bakedState, type LiveState } from '../shared/live';
import type { ExperimentConfig } from '../config/schema';
import { EXPERIMENT_KEY_PREFIX } from '../cloudfront-functions/contract';
import { experimentNote, type DecisionFields } from '../shared/log-schema';
import type { Hmac } from '../shared/proof';
import { plainPageLocales } from '../shared/plain-pages';
import { parseQuery } from '../shared/query';
import { beacon } from './beacon';
import { pageExperiments } from './enroll';
import { folderOf, isFolder, splitLocale, supportedTag } from '../shared/locales';
import { matchesPath, pagePath, resolveTarget, variantObject } from '../shared/paths';
import { chooseLocale, type LocaleChoice } from './locale';
import { badRequest, directoryRedirect, fits, localeRedirect, uriTooLong } from './responses';
import { normaliseUri } from './uri';

export interface ViewerRequestDeps {
  readonly config: ViewerConfig;
  readonly random: RandomSource;
  readonly now: () => number;
  readonly log: LogSink;
  /** A fresh enrollment identifier: `ID_LENGTH` base64url characters from the CSPRNG. */
  readonly newId: () => string;
  /** HMAC-SHA-256, base64url: signs and verifies proofs of enrollment. */
  readonly hmac: Hmac;
  /**
   * An experiment's live state from the KeyValueStore (CloudFront Functions, `shared/live.ts`). Absent
   * (Lambda@Edge): the baked values, and none of the store's parsing in the bundle.
   */
  readonly live?: (e: ExperimentConfig) => LiveState;
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
  /** An experiment's live state; a fallback to the baked values adds one warning line (`liveOf`). */
  readonly live: (e: ExperimentConfig) => LiveState;
}

const notes = (assignments: readonly Assignment[]) =>
  assignments.map((a) => experimentNote(a.experiment.id, a.variant, a.source));

/** A decision line's fields, in the order `DecisionFields` declares them (absent ones are not written). */
const fields = (
  action: DecisionFields['action'],
  choice?: LocaleChoice,
  assignments?: readonly Assignment[],
  response?: CloudFrontResultResponse,
): DecisionFields => ({
  action,
  status: response && Number(response.status),
  locale: choice && choice.locale,
  source: choice && choice.source,
  experiments: assignments && notes(assignments),
});

/** A generated response; with `logs.debug`, a line saying which and why (and the assignments it sets). */
function answer(
  ctx: Context,
  response: CloudFrontResultResponse,
  choice?: LocaleChoice,
  assignments?: readonly Assignment[],
): Decision {
  if (DECISION_LINES && ctx.deps.config.debug)
    ctx.lines.push(decisionLine(fields('respond', choice, assignments, response)));
  return { kind: 'respond', response };
}

/** With `logs.debug`, the decision: locale, and each experiment's variant and where it came from. */
function logAssignments(ctx: Context, assignments: readonly Assignment[], choice: LocaleChoice): void {
  if (DECISION_LINES && ctx.deps.config.debug)
    ctx.lines.push(decisionLine(fields('forward', choice, assignments)));
}

/**
 * Forward `object`, or answer 414 when CloudFront would refuse it. The request's experiment cookies become
 * exactly `assignments`' canonical values: on every other path (neutral files, pages without experiments,
 * non-page files) no experiment cookie reaches the cache key.
 */
function forward(
  ctx: Context,
  object: string,
  assignments: readonly Assignment[],
  choice?: LocaleChoice,
): Decision {
  const config = ctx.deps.config;
  if (!fits(object, ctx.request.querystring)) return answer(ctx, uriTooLong(config.securityHeaderList));
  if (choice) logAssignments(ctx, assignments, choice);
  const names = config.experimentCookieNames;
  if (names.length === 0) return { kind: 'forward', uri: object };
  const add = assignments
    .filter((a) => a.cookie !== undefined)
    .map((a): readonly [string, string] => [a.experiment.cookieName, a.cookie!]);
  return { kind: 'forward', uri: object, cookie: rewriteCookieHeader(ctx.rawCookie, names, add) };
}

/** The page's experiments: its variant object to forward, or a redirect that sets cookies first. */
function servePage(ctx: Context, path: string, object: string, choice: LocaleChoice, cookies: Cookies) {
  const deps = ctx.deps;
  const request = ctx.request;
  const visit = {
    config: deps.config,
    request,
    cookies,
    query: parseQuery(request.querystring),
    page: pagePath(object.slice(choice.locale.length + 1)),
    path,
    random: deps.random,
    newId: deps.newId,
    hmac: deps.hmac,
    now: deps.now(),
    live: ctx.live,
  };
  const page = pageExperiments(visit, object, ctx.lines);
  const assignments = page.assignments;
  if (page.response) return answer(ctx, page.response, choice, assignments);
  let target = object;
  for (let i = 0; i < assignments.length; i++)
    if (assignments[i]!.variant !== assignments[i]!.experiment.control)
      target = variantObject(target, assignments[i]!.variant);
  return forward(ctx, target, assignments, choice);
}

type Cookies = Record<string, string | undefined>;

function contextOf(request: CloudFrontRequest, deps: ViewerRequestDeps, out?: string[]): Context {
  const lines = out || [];
  const warned: string[] = [];
  const live = (e: ExperimentConfig): LiveState => {
    const state = deps.live ? deps.live(e) : bakedState(e);
    if (state.fallback === undefined || warned.indexOf(e.id) !== -1) return state;
    // One line per experiment and request, naming the key and why (never its value).
    warned.push(e.id);
    lines.push(warnLine('viewer-request', `${EXPERIMENT_KEY_PREFIX}${e.id} ${state.fallback}`));
    return state;
  };
  return { deps, request, rawCookie: cookieHeader(request.headers), lines, live };
}

/** Any viewer request: the edge's own endpoints (`/__edge/*`, their own CloudFront behaviour), or a page. */
export function decide(request: CloudFrontRequest, deps: ViewerRequestDeps, out?: string[]): Decision {
  return request.uri.startsWith(EDGE_ENDPOINT_PREFIX)
    ? decideEndpoint(request, deps, out)
    : decidePage(request, deps, out);
}

/** `/__edge/*`: answered here, never forwarded (the beacon). */
export function decideEndpoint(
  request: CloudFrontRequest,
  deps: ViewerRequestDeps,
  out?: string[],
): Decision {
  const ctx = contextOf(request, deps, out);
  const facts = { now: deps.now(), hmac: deps.hmac, live: ctx.live };
  return answer(ctx, beacon(request, deps.config, readCookies(ctx.rawCookie), ctx.lines, facts));
}

/** A request on the page behaviours: URI safety, neutral paths, then the localized page. */
export function decidePage(request: CloudFrontRequest, deps: ViewerRequestDeps, out?: string[]): Decision {
  const config = deps.config;
  const locales = config.locales;
  const table = config.securityHeaderList;
  const ctx = contextOf(request, deps, out);
  const query = request.querystring;
  const cookies = readCookies(ctx.rawCookie);
  const uri = normaliseUri(request.uri);
  if (!uri.ok) return answer(ctx, uri.problem === 414 ? uriTooLong(table) : badRequest(table));

  // Neutral files (robots.txt, assets) are never localized nor experimented on.
  if (matchesPath(locales.neutralPaths, uri.path)) {
    const target = resolveTarget(uri.path, config.fileExtensions);
    if (target.kind === 'directory') return answer(ctx, directoryRedirect(target.location, query, table));
    return forward(ctx, target.object, []);
  }

  return localized(ctx, uri.path, cookies);
}

/** A path under a locale folder, or one to localize: the locale, then a redirect or the page itself. */
function localized(ctx: Context, path: string, cookies: Cookies): Decision {
  const config = ctx.deps.config;
  const locales = config.locales;
  const table = config.securityHeaderList;
  const request = ctx.request;
  const query = request.querystring;
  const split = splitLocale(path, locales);
  const folder = (tag: string) => `/${folderOf(tag, locales.folderCase)}`;
  // A locale prefix in another case (`/pt-br/…` for the folder `pt-BR`): the same page at its one URL.
  if (split.locale !== undefined && (split.rest === '' || !isFolder(split, locales.folderCase)))
    return answer(ctx, directoryRedirect(folder(split.locale) + (split.rest || '/'), query, table));
  const cookieLocale = cookies[locales.cookieName];
  const choice = chooseLocale(
    {
      pathLocale: split.locale,
      // The switcher's choice in any case (BCP 47 tags are case-insensitive, RFC 5646 §2.1.1).
      cookieLocale: cookieLocale === undefined ? undefined : supportedTag(cookieLocale, locales.supported),
      // Every Accept-Language line: RFC 9110 §5.3 lets a list-based field be split across lines.
      acceptLanguage: joinHeader(request.headers, ACCEPT_LANGUAGE, ','),
    },
    locales.supported,
    locales.default,
    config.localeMatch,
  );
  const target = resolveTarget(split.rest, config.fileExtensions);
  // The page's canonical path: `/index.html` (CloudFront's default root object) → `/`; `/pricing` → the
  // file `/pricing.html` when that is the page in the locale served, else the directory `/pricing/`.
  const where = plainPageLocales(config.plainPages, split.rest);
  const plain =
    where !== undefined &&
    (where === '' || where.split(',').includes(split.locale === undefined ? choice.locale : split.locale));
  const to = target.kind === 'object' ? pagePath(split.rest) : plain ? `${split.rest}.html` : target.location;

  // One hop, straight to the canonical localized URL (`/about` → `/en/about/`, not via `/about/`).
  if (split.locale === undefined && locales.mode === 'redirect')
    return answer(ctx, localeRedirect(folder(choice.locale) + to, query, table), choice);
  if (target.kind === 'directory') {
    // Rewrite mode, a file some locales have and others not: where it goes depends on the visitor.
    if (split.locale === undefined && where) return answer(ctx, localeRedirect(to, query, table), choice);
    const prefix = split.locale === undefined ? '' : folder(split.locale);
    return answer(ctx, directoryRedirect(prefix + to, query, table));
  }

  return servePage(ctx, path, folder(choice.locale) + target.object, choice, cookies);
}
