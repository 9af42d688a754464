/**
 * viewer-request: read the event → decide with pure modules → return the rewritten request or a generated
 * response. The decision is computed first and applied last, so any internal failure leaves the request
 * untouched: it logs one line and passes through (a throw would be a 503 for the visitor).
 */
import type { CloudFrontRequest, CloudFrontRequestEvent, CloudFrontRequestResult } from '../cloudfront/types';
import { getHeader } from '../cloudfront/headers';
import type { ViewerConfig } from '../config/resolve';
import { decisionLine, errorLine, type LogSink } from '../shared/log';
import { cookieHeader, readCookies, rewriteCookieHeader } from './cookies';
import { assign, experimentsFor, type Assignment, type RandomSource } from './experiments';
import { chooseLocale } from './locale';
import { matchesPath, pagePath, resolveTarget, splitLocale, variantObject } from './paths';
import { badRequest, directoryRedirect, localeRedirect } from './responses';
import { normaliseUri } from './uri';

export interface ViewerRequestDeps {
  readonly config: ViewerConfig;
  readonly random: RandomSource;
  readonly now: () => number;
  readonly log: LogSink;
}

/** Shared by every request without a query string (most of them); never mutated. */
const NO_QUERY = new URLSearchParams();

/** Longer query strings are not parsed for overrides (CloudFront caps URI + query at 8,192). */
const MAX_QUERY = 8192;

/** The experiment cookie names as a set, built once per configuration rather than on every request. */
const cookieNames = new WeakMap<ViewerConfig, ReadonlySet<string>>();
function cookieNameSet(config: ViewerConfig): ReadonlySet<string> {
  let set = cookieNames.get(config);
  if (!set) cookieNames.set(config, (set = new Set(config.experimentCookieNames)));
  return set;
}

export type Decision =
  | { readonly kind: 'respond'; readonly response: CloudFrontRequestResult }
  | { readonly kind: 'forward'; readonly uri: string; readonly cookie?: string };

export function decide(request: CloudFrontRequest, deps: ViewerRequestDeps): Decision {
  const { config, log } = deps;
  const table = config.securityHeaderList;
  const uri = normaliseUri(request.uri);
  if (!uri.ok) {
    log(decisionLine({ action: 'reject', status: 400 }, deps.now()));
    return { kind: 'respond', response: badRequest(table) };
  }
  const query = request.querystring;
  const { locales } = config;

  // Neutral files (robots.txt, assets) are never localized nor experimented on.
  if (matchesPath(locales.neutralPaths, uri.path)) {
    const target = resolveTarget(uri.path, config.fileExtensions);
    if (target.kind === 'directory')
      return { kind: 'respond', response: directoryRedirect(target.location, query, table) };
    return { kind: 'forward', uri: target.object };
  }

  const split = splitLocale(uri.path, locales.supported);
  const rawCookie = cookieHeader(request.headers);
  const cookies = readCookies(rawCookie);
  const choice = chooseLocale(
    {
      pathLocale: split.locale,
      cookieLocale: cookies[locales.cookieName],
      acceptLanguage: getHeader(request.headers, 'accept-language'),
    },
    locales.supported,
    locales.default,
  );
  if (split.locale !== undefined && split.rest === '')
    return { kind: 'respond', response: directoryRedirect(`/${split.locale}/`, query, table) };
  const target = resolveTarget(split.rest, config.fileExtensions);

  if (split.locale === undefined && locales.mode === 'redirect') {
    // One hop, straight to the canonical localized URL (`/about` → `/en/about/`, not via `/about/`).
    // `/index.html` (CloudFront's default root object) → `/en/`: the page URL, not the object key.
    const page = target.kind === 'directory' ? target.location : pagePath(split.rest);
    log(
      decisionLine(
        { action: 'redirect', status: 302, locale: choice.locale, localeSource: choice.source },
        deps.now(),
      ),
    );
    return { kind: 'respond', response: localeRedirect(`/${choice.locale}${page}`, query, table) };
  }
  if (target.kind === 'directory') {
    const prefix = split.locale === undefined ? '' : `/${split.locale}`;
    return { kind: 'respond', response: directoryRedirect(prefix + target.location, query, table) };
  }

  let object = `/${choice.locale}${target.object}`;
  const page = pagePath(target.object);
  const experiments = experimentsFor(config.experiments.list, page);
  const assignments: Assignment[] = [];
  if (experiments.length > 0) {
    const consentName = config.experiments.consentCookieName;
    const facts = {
      page,
      cookies,
      query: query === '' || query.length > MAX_QUERY ? NO_QUERY : new URLSearchParams(query),
      cookieless: rawCookie === '' && getHeader(request.headers, 'sec-fetch-mode') === undefined,
      consent: consentName === undefined || cookies[consentName] !== undefined,
      random: deps.random,
    };
    for (const e of experiments) {
      const a = assign(e, facts);
      assignments.push(a);
      if (a.variant !== e.control) object = variantObject(object, a.variant);
    }
  }
  const now = deps.now();
  if (assignments.length === 0)
    log(decisionLine({ action: 'forward', locale: choice.locale, localeSource: choice.source }, now));
  for (const a of assignments)
    log(
      decisionLine(
        {
          action: 'forward',
          locale: choice.locale,
          localeSource: choice.source,
          experiment: a.experiment.id,
          variant: a.variant,
          assignment: a.source,
          exposure: a.exposure,
        },
        now,
      ),
    );

  // Only the experiment cookies relevant to this path, and only canonical values, reach the cache key.
  const names = cookieNameSet(config);
  if (names.size === 0) return { kind: 'forward', uri: object };
  const add = assignments
    .filter((a) => a.cookie !== undefined)
    .map((a) => [a.experiment.cookieName, a.cookie!] as const);
  return { kind: 'forward', uri: object, cookie: rewriteCookieHeader(rawCookie, names, add) };
}

export function createHandler(deps: ViewerRequestDeps) {
  return async (event: CloudFrontRequestEvent): Promise<CloudFrontRequestResult> => {
    const request = event.Records[0]!.cf.request;
    let decision: Decision;
    try {
      decision = decide(request, deps);
    } catch (err) {
      try {
        deps.log(errorLine('viewer-request', err));
      } catch {
        // Logging must not turn a pass-through into a 503.
      }
      return request;
    }
    if (decision.kind === 'respond') return decision.response;
    request.uri = decision.uri;
    if (decision.cookie !== undefined) {
      if (decision.cookie === '') delete request.headers.cookie;
      else request.headers.cookie = [{ key: 'Cookie', value: decision.cookie }];
    }
    return request;
  };
}
