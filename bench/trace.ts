/**
 * Synthetic traffic for the benchmarks, derived from the loaded site: a seeded PRNG, a realistic
 * Accept-Language mix, Zipf page popularity over the site's own pages, returning visitors carrying the
 * configured locale, consent and proofs of enrollment (`proofs.ts`), locale-less URLs, neutral files, missing
 * pages, crawlers and QA overrides. Browsers come as visits (`sessions.ts`). Deterministic for a given site,
 * seed and clock.
 */
import type { ExperimentConfig } from '../edge-functions/config/schema';
import { supportedTag } from '../edge-functions/shared/locales';
import type { ProofKind } from '../edge-functions/shared/proof';
import type { BenchSite } from './site';
import { experimentsOn } from './site';

/** Mulberry32: tiny, fast, good enough to shape traffic (not for security). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function weighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** Page popularity ~ Zipf(s = 1) over a list in popularity order. */
export function zipf<T>(random: () => number, items: readonly T[]): T {
  return weighted(
    random,
    items.map((item, i) => [item, 1 / (i + 1)] as const),
  );
}

/** Accept-Language values as browsers send them, with rough shares of web traffic (not of any one site). */
export const ACCEPT_LANGUAGES: readonly (readonly [string, number])[] = [
  ['en-US,en;q=0.9', 30],
  ['en-US,en;q=0.5', 6],
  ['en-GB,en-US;q=0.9,en;q=0.8', 8],
  ['en', 3],
  ['ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7', 16],
  ['ja,en-US;q=0.9,en;q=0.8', 5],
  ['de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7', 5],
  ['fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 5],
  ['zh-CN,zh;q=0.9,en;q=0.8', 4],
  ['es-419,es;q=0.9', 3],
  ['ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7,ja;q=0.6', 2],
  ['pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7', 3],
  ['', 4],
  ['*', 1],
];

/**
 * Shares of the mix, in percent. Browsers come as visits (`sessions.ts`): a first-time visitor's first
 * request carries no cookie and the later ones carry what the site set — a proof of enrollment, set by the
 * issuing redirect the browser follows — so enrollments happen once per visitor, as on a real site, rather
 * than on every cookieless request.
 */
export const MIX = {
  /** Requests from clients without cookies or `Sec-Fetch-Mode`: crawlers, curl, monitors. */
  nonBrowser: 15,
  /** Browser visits by first-time visitors (the rest return with locale, consent and experiment cookies). */
  newVisitors: 45,
  /**
   * Browser visits from browsers that keep no cookie at all: every covered page view is answered by an
   * issuing redirect, followed without the cookie and then served unenrolled (the `_xpe` marker).
   */
  cookieBlocking: 3,
  /**
   * Mean requests per browser visit (geometric): about three page views with their assets and misses, not
   * counting the follow-ups of issuing redirects.
   */
  requestsPerVisit: 4,
  /** First-time visitors who accept the consent banner on their first page, when the site asks. */
  consents: 70,
  /**
   * Returning visits whose experiment cookies date from before proofs (a bare `xp-home-hero=bold`): their
   * first covered page view is answered by a re-issuing redirect (a proof of kind `l`). It falls to 0 as
   * those cookies expire; a few percent stands for the weeks after the upgrade.
   */
  legacyCookies: 2,
  /** Kinds of request. */
  kinds: [
    ['entry', 10], // a locale-less page URL: answered with a locale redirect (locales.mode 'redirect')
    ['page', 60],
    ['neutral', 25], // assets, robots.txt: no locale, no experiments
    ['missing', 5],
  ] as const,
  /** Page requests carrying an experiment's QA override parameter. */
  override: 2,
};

export type RequestKind = (typeof MIX.kinds)[number][0];

export type Visitor = 'bot' | 'new' | 'returning';

export interface TraceRequest {
  readonly kind: RequestKind;
  /** Who sent it: a non-browser client, a first-time visitor's browser, or a returning one. */
  readonly visitor: Visitor;
  /** Which browser visit it belongs to (numbered in order of arrival); undefined for non-browsers. */
  readonly visit?: number;
  readonly method: string;
  /** Path without query string. */
  readonly path: string;
  readonly querystring: string;
  readonly headers: Record<string, string>;
  /**
   * What the trace expects viewer-request to answer: a 302 back to the same URL that sets a proof of this
   * kind (`e`, a new enrollment; `l`, a pre-proof cookie re-issued). Its follow-up comes next in the trace.
   */
  readonly issues?: ProofKind;
  /** Sent by the browser following the previous request's issuing redirect: its Location and cookies. */
  readonly follows?: true;
}

/** The locale a browser gets: its first listed language the site supports, else the default. */
export function localeFor(
  acceptLanguage: string,
  site: Pick<BenchSite, 'locales' | 'defaultLocale'>,
): string {
  for (const range of acceptLanguage.split(',')) {
    const tag = range.trim().split(';')[0]!;
    const primary = tag.split('-')[0]!.toLowerCase();
    // The tag itself in any case (`pt-br` → `pt-BR`), else a locale of the same language (`pt-PT` → `pt-BR`).
    const found =
      supportedTag(tag, site.locales) ?? site.locales.find((l) => l.split('-')[0]!.toLowerCase() === primary);
    if (found !== undefined) return found;
  }
  return site.defaultLocale;
}

export const BROWSER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

export const pct = (random: () => number, share: number): boolean => random() * 100 < share;

/** A variant of `e` drawn by its weights, as viewer-request assigns a new visitor. */
export const drawVariant = (e: ExperimentConfig, random: () => number): string =>
  weighted(
    random,
    e.variants.map((v) => [v.name, v.weight] as const),
  );

function pathFor(site: BenchSite, kind: RequestKind, locale: string, random: () => number): string {
  const pages = site.pages.get(locale) ?? site.pages.get(site.defaultLocale) ?? ['/'];
  if (kind === 'entry') return zipf(random, pages);
  if (kind === 'neutral' && site.neutralFiles.length > 0) return zipf(random, site.neutralFiles);
  if (kind === 'missing') return `/${locale}/missing-${Math.floor(random() * 5)}/`;
  return `/${locale}${zipf(random, pages)}`;
}

/** A QA override for one of the experiments covering the page, or ''. */
function overrideQuery(site: BenchSite, page: string, random: () => number): string {
  const covering = experimentsOn(site, page);
  if (covering.length === 0 || !pct(random, MIX.override)) return '';
  const e = covering[Math.floor(random() * covering.length)]!;
  return `${e.overrideParam}=${e.variants[Math.floor(random() * e.variants.length)]!.name}`;
}

export const CRAWLER_AGENT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** Where a request goes: its kind, path and query string, for a visitor of `locale`. */
export function target(
  site: BenchSite,
  locale: string,
  random: () => number,
): Pick<TraceRequest, 'kind' | 'path' | 'querystring'> & { page: string } {
  let kind: RequestKind = weighted(random, MIX.kinds);
  if (kind === 'neutral' && site.neutralFiles.length === 0) kind = 'page';
  const path = pathFor(site, kind, locale, random);
  const page = kind === 'page' ? path.slice(locale.length + 1) : kind === 'entry' ? path : '';
  const querystring = page === '' ? '' : overrideQuery(site, page, random);
  return { kind, path, querystring, page };
}

/** A request from a client that keeps no cookies and sends no `Sec-Fetch-Mode`. */
export function botRequest(site: BenchSite, random: () => number): TraceRequest {
  const acceptLanguage = weighted(random, ACCEPT_LANGUAGES);
  const headers: Record<string, string> = {
    'Accept-Encoding': 'gzip, deflate, br',
    'User-Agent': CRAWLER_AGENT,
  };
  if (acceptLanguage !== '') headers['Accept-Language'] = acceptLanguage;
  const { kind, path, querystring } = target(site, localeFor(acceptLanguage, site), random);
  return { kind, visitor: 'bot', method: 'GET', path, querystring, headers };
}
