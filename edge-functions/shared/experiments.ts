/**
 * A/B assignment, and the facts about experiment cookies both functions check the same way. Pure:
 * randomness is injected, so tests pin every branch.
 *
 * Precedence: a valid QA override (query parameter, or the session cookie it sets) → a proof of enrollment
 * the edge issued (`proof.ts`) → a bare variant cookie from before proofs (kept, re-issued as a proof that
 * never counts) → a new assignment. Cookie values that are not a current variant (tampered, forged, or a
 * retired variant) are re-bucketed. A new assignment and a re-issue are set by a generated redirect
 * (`viewer-request/enroll.ts`), never by a cached response, because the proof is per browser.
 *
 * Who is enrolled (drawn at random, counted, given a cookie): browsers, recognised by `Sec-Fetch-Mode`
 * (https://www.w3.org/TR/fetch-metadata/; Chrome 76+, Firefox 90+, Safari 16.4+), with consent when a
 * consent cookie is configured. Nothing else is looked at: other cookies (analytics) never change the
 * decision, and a valid experiment cookie is always honoured. Not enrolled: clients without
 * `Sec-Fetch-Mode` and without an experiment cookie — crawlers, curl, monitors, and Safari before 16.4 —
 * which get one stable variant per page (`crawlers: 'hash'`, from the weights) or the control
 * (`crawlers: 'control'`), are not counted and get no cookie. Google asks that crawlers see stable content
 * and are never singled out by User-Agent
 * (https://developers.google.com/search/docs/crawling-indexing/website-testing).
 */
import type { ExperimentConfig, ExperimentsConfig } from '../config/schema';
import { matchesPath } from './paths';
import { readProof, type Proof, type Signer } from './proof';
import type { Query } from './query';

/** A value is trusted only if it names a current variant: tampered and retired values are not. */
export const isVariant = (e: ExperimentConfig, name: string | null | undefined): name is string =>
  typeof name === 'string' && e.variants.some((v) => v.name === name);

/** Returns a float in [0, 1), like `Math.random`. Production uses `crypto`. */
export type RandomSource = () => number;

/**
 * `override`: a QA query parameter or session cookie (never enrolled, never counted); `cookie`: a proof the
 * edge issued; `legacy`: a bare variant cookie from before proofs (kept, re-issued, not counted again);
 * `new`: drawn now (enrolled); `deterministic`: not enrolled; `disabled`: the kill switch.
 */
export type AssignmentSource = 'override' | 'cookie' | 'legacy' | 'new' | 'deterministic' | 'disabled';

export interface Assignment {
  readonly experiment: ExperimentConfig;
  readonly variant: string;
  readonly source: AssignmentSource;
  /** The bare variant the forwarded request's cookie carries (the cache key), when the visitor holds one. */
  readonly cookie: string | undefined;
  /** The proof to set on a generated response before the page is served (`new` and `legacy` only). */
  readonly issue?: Proof;
}

export interface AssignmentFacts {
  /** The locale-less page path (`/`, `/about/`). */
  readonly page: string;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  /** Decoded query parameters, first occurrence of each name (`shared/query.ts`). */
  readonly query: Query;
  /** The request carries `Sec-Fetch-Mode`: a browser that keeps cookies. */
  readonly browser: boolean;
  /** False when a consent cookie is configured and absent. */
  readonly consent: boolean;
  /**
   * A proof may be issued now: not a prefetch, and not the request that follows an issuing redirect whose
   * cookie did not come back (a browser that refuses cookies is never drawn again and again).
   */
  readonly issuable: boolean;
  /** What a client that is not enrolled gets: a stable per-page variant, or the control. */
  readonly crawlers: ExperimentsConfig['crawlers'];
  readonly random: RandomSource;
  /** A fresh enrollment identifier (`ID_LENGTH` base64url characters from the CSPRNG). */
  readonly newId: () => string;
  readonly signer: Signer;
  /** The experiment's live phase (`live.ts`): a proof issued now carries it. @default 0 */
  readonly phase?: number;
}

/**
 * The query parameter an issuing redirect adds (`_xpe=<unix seconds, base 36>`): a request that carries a
 * recent one and still no proof comes from a browser that refused the cookie, and is served unenrolled.
 */
export const ISSUED_PARAM = '_xpe';
/** How recent, in seconds: a followed redirect takes milliseconds; a link shared later enrolls normally. */
export const ISSUED_WINDOW_S = 60;

/** The pair an issuing redirect made at `nowMs` adds to the URL: `_xpe=<unix seconds, base 36>`. */
export const issuedPair = (nowMs: number): string =>
  `${ISSUED_PARAM}=${Math.floor(nowMs / 1000).toString(36)}`;

/** The session cookie a QA override link sets (`?xp-home-hero=bold` → `xp-home-hero-qa=bold`). */
export const qaCookieName = (e: ExperimentConfig): string => `${e.cookieName}-qa`;

/** Walk the cumulative weights; `point` is in [0, total). Config order breaks nothing: weights are disjoint. */
export function pickWeighted(e: ExperimentConfig, point: number): string {
  let acc = 0;
  for (let i = 0; i < e.variants.length; i++) {
    acc += e.variants[i]!.weight;
    if (point < acc) return e.variants[i]!.name;
  }
  return e.variants[e.variants.length - 1]!.name;
}

const totalWeight = (e: ExperimentConfig): number => e.variants.reduce((sum, v) => sum + v.weight, 0);

/** 32-bit FNV-1a: a stable, well-spread hash for the deterministic bucket. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The same variant for every request to this page that is not enrolled: a crawl sees one stable page. */
export function deterministicVariant(e: ExperimentConfig, page: string): string {
  return pickWeighted(e, fnv1a(`${e.id}\u0000${page}`) % totalWeight(e));
}

export function experimentsFor(list: readonly ExperimentConfig[], page: string): ExperimentConfig[] {
  return list.filter((e) => matchesPath(e.paths, page));
}

export function assign(e: ExperimentConfig, facts: AssignmentFacts): Assignment {
  const result = (variant: string, source: AssignmentSource, cookie?: string, issue?: Proof) => ({
    experiment: e,
    variant,
    source,
    cookie,
    issue,
  });
  if (!e.enabled) return result(e.control, 'disabled');
  const param = facts.query[e.overrideParam];
  const override = param === undefined ? facts.cookies[qaCookieName(e)] : param;
  if (isVariant(e, override)) return result(override, 'override');
  const held = facts.consent ? facts.cookies[e.cookieName] : undefined;
  const proof = readProof(e, held, facts.signer);
  if (proof) return result(proof.variant, 'cookie', proof.variant);
  const writable = facts.browser && facts.consent && facts.issuable;
  if (isVariant(e, held))
    return result(
      held,
      'legacy',
      held,
      writable ? { variant: held, kind: 'l', id: facts.newId(), phase: facts.phase } : undefined,
    );
  if (!writable) {
    const control = !facts.browser && facts.crawlers === 'control';
    return result(control ? e.control : deterministicVariant(e, facts.page), 'deterministic');
  }
  // Clamp: an injected source returning exactly 1 (or junk) must not index past the last variant.
  const r = facts.random();
  const variant = pickWeighted(e, Math.floor((r >= 0 && r < 1 ? r : 0) * totalWeight(e)));
  return result(variant, 'new', undefined, { variant, kind: 'e', id: facts.newId(), phase: facts.phase });
}
