/**
 * The viewer-request decision (steps 1–4): URI safety, neutral paths, locale, canonical paths, experiments,
 * then forward or answer. Pure apart from the injected clock and random source; the log lines it produces
 * are collected in `lines` and written by the handler only once the decision is complete.
 */
import { joinHeader } from '../cloudfront/headers';
import { readCookies } from '../shared/cookies';
import { EDGE_ENDPOINT_PREFIX } from '../shared/endpoints';
import { ACCEPT_LANGUAGE } from '../shared/inputs';
import { plainPageLocales } from '../shared/plain-pages';
import type { CloudFrontRequest } from '../cloudfront/types';
import { beacon } from './beacon';
import { answer, contextOf, type Context, type Decision, type ViewerRequestDeps } from './context';
import { forward, servePage, type Cookies } from './serve';
import { folderOf, inLocaleFolder, isFolder, splitLocale, supportedTag } from '../shared/locales';
import { matchesPath, pagePath, resolveTarget } from '../shared/paths';
import { chooseFromPath, chooseLocale, chooseLocaleFresh } from './locale';
import { badRequest, directoryRedirect, localeRedirect, uriTooLong } from './responses';
import { normaliseUri } from './uri';

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

/**
 * How a page decision picks the locale and serves a page. The Lambda@Edge function takes every step; each
 * CloudFront Function only those its behaviours can reach, so the others' code stays out of its 10,240
 * bytes: on the locale folders' behaviours the path always names the locale; on the default behaviour in
 * `redirect` mode every page is under a locale folder, so none is served there.
 */
export interface PageSteps {
  readonly choose: typeof chooseLocale;
  readonly serve: typeof servePage;
}

/** Every step: the Lambda@Edge function, and the default behaviour's function in `rewrite` mode. */
export const ALL_STEPS: PageSteps = { choose: chooseLocale, serve: servePage };
/** The locale folders' behaviours (`/<folder>/*`): the path names the locale. */
export const FOLDER_STEPS: PageSteps = { choose: chooseFromPath, serve: servePage };
/**
 * The default behaviour in `redirect` mode: every page it could serve is redirected to its locale folder
 * first, so it never serves one (no experiments there: they run on the folders' behaviours).
 */
export const ENTRY_STEPS: PageSteps = {
  choose: chooseLocaleFresh,
  serve: (ctx, _path, object, choice) => forward(ctx, object, [], choice),
};

/** A request on the page behaviours: URI safety, neutral paths, then the localized page. */
export function decidePage(request: CloudFrontRequest, deps: ViewerRequestDeps, out?: string[]): Decision {
  return decideWith(ALL_STEPS, request, deps, out);
}

/** A page decision with the steps `steps` names (`PageSteps`). */
export function decideWith(
  steps: PageSteps,
  request: CloudFrontRequest,
  deps: ViewerRequestDeps,
  out?: string[],
): Decision {
  const config = deps.config;
  const locales = config.locales;
  const ctx = contextOf(request, deps, out);
  const query = request.querystring;
  const uri = normaliseUri(request.uri);
  if (!uri.ok) return answer(ctx, uri.problem === 414 ? uriTooLong() : badRequest());
  // A path that enters or leaves the locale folders only once normalised (`/en/../about`, `/x/../en/`):
  // first to its normal form, so each behaviour's function only ever decides its own paths.
  if (inLocaleFolder(request.uri, locales) !== inLocaleFolder(uri.path, locales))
    return answer(ctx, directoryRedirect(uri.path, query));

  // Neutral files (robots.txt, assets) are never localized nor experimented on.
  if (matchesPath(locales.neutralPaths, uri.path)) {
    const target = resolveTarget(uri.path, config.fileExtensions);
    if (target.kind === 'directory') return answer(ctx, directoryRedirect(target.location, query));
    return forward(ctx, target.object, []);
  }

  return localized(ctx, uri.path, readCookies(ctx.rawCookie), steps);
}

/** A path under a locale folder, or one to localize: the locale, then a redirect or the page itself. */
function localized(ctx: Context, path: string, cookies: Cookies, steps: PageSteps): Decision {
  const config = ctx.deps.config;
  const locales = config.locales;
  const request = ctx.request;
  const query = request.querystring;
  const split = splitLocale(path, locales);
  const folder = (tag: string) => `/${folderOf(tag, locales.folderCase)}`;
  // A locale prefix in another case (`/pt-br/…` for the folder `pt-BR`): the same page at its one URL.
  if (split.locale !== undefined && (split.rest === '' || !isFolder(split, locales.folderCase)))
    return answer(ctx, directoryRedirect(folder(split.locale) + (split.rest || '/'), query));
  const cookieLocale = cookies[locales.cookieName];
  const choice = steps.choose(
    {
      pathLocale: split.locale,
      // The switcher's choice in any case (BCP 47 tags are case-insensitive, RFC 5646 §2.1.1).
      cookieLocale: cookieLocale === undefined ? undefined : supportedTag(cookieLocale, locales.supported),
      // Every Accept-Language line: RFC 9110 §5.3 lets a list-based field be split across lines.
      acceptLanguage: joinHeader(request.headers, ACCEPT_LANGUAGE, ','),
    },
    locales.supported,
    locales.default,
    ctx.deps.localeMatch || config.localeMatch,
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
    return answer(ctx, localeRedirect(folder(choice.locale) + to, query), choice);
  if (target.kind === 'directory') {
    // Rewrite mode, a file some locales have and others not: where it goes depends on the visitor.
    if (split.locale === undefined && where) return answer(ctx, localeRedirect(to, query), choice);
    const prefix = split.locale === undefined ? '' : folder(split.locale);
    return answer(ctx, directoryRedirect(prefix + to, query));
  }

  return steps.serve(ctx, path, folder(choice.locale) + target.object, choice, cookies);
}

export type { Decision, ViewerRequestDeps };
