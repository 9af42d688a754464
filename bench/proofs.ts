/**
 * Proofs of enrollment in the trace, handed out the way the edge hands them out (docs/experiments.md): a
 * browser with consent (when the site asks for it) that asks for a page an enabled experiment covers, with
 * no QA override and no proof for it, is answered by viewer-request with a 302 back to the same URL (plus
 * `_xpe=<time>`) that sets a proof — of kind `e` for a new enrollment, of kind `l` for a bare variant cookie
 * from before proofs — and follows it at once. The trace mints the proofs itself, with `shared/proof.ts` and
 * the bench's signer (`signing.ts`): the variant is drawn by the experiment's weights from the trace's PRNG,
 * so the trace stays deterministic, and the edge accepts the proof as one it issued.
 */
import type { ExperimentConfig } from '../edge-functions/config/schema';
import { ISSUED_PARAM, issuedPair } from '../edge-functions/shared/experiments';
import { ID_LENGTH, issueProof, type ProofKind } from '../edge-functions/shared/proof';
import { parseQuery, rewriteQuery } from '../edge-functions/shared/query';
import { experimentsOn, type BenchSite } from './site';
import { drawVariant } from './trace';

/** An enrollment identifier from the trace's PRNG: `ID_LENGTH` base64url characters (96 bits), as the edge's. */
export function drawId(random: () => number): string {
  const bytes = Buffer.alloc((ID_LENGTH * 3) / 4);
  for (let i = 0; i < bytes.length; i += 4) bytes.writeUInt32BE(Math.floor(random() * 2 ** 32), i);
  return bytes.toString('base64url');
}

/** The cookie value of a proof of `variant`, minted as viewer-request mints it. */
export const mintProof = (
  site: BenchSite,
  e: ExperimentConfig,
  variant: string,
  kind: ProofKind,
  random: () => number,
): string => issueProof(e, { variant, kind, id: drawId(random) }, site.signer);

/** The value of cookie `name` in a jar of `name=value` pairs. */
export function jarValue(jar: readonly string[], name: string): string | undefined {
  const pair = jar.find((c) => c.startsWith(`${name}=`));
  return pair?.slice(name.length + 1);
}

function setJar(jar: string[], name: string, value: string): void {
  const i = jar.findIndex((c) => c.startsWith(`${name}=`));
  if (i < 0) jar.push(`${name}=${value}`);
  else jar[i] = `${name}=${value}`;
}

/** A bare variant (`bold`) has no dot; a proof (`bold.e….…`) has two. */
const isBare = (value: string): boolean => !value.includes('.');

/**
 * What the edge answers a browser's view of a locale-less `page` with `querystring`, given its cookie jar
 * (`null` for a browser that keeps none): an issuing redirect of kind `e` or `l`, or none. The proofs it
 * sets go into the jar, drawn from `random`.
 */
export function issueOnView(
  site: BenchSite,
  jar: string[] | null,
  page: string,
  querystring: string,
  random: () => number,
): ProofKind | undefined {
  const consent = site.config.experiments.consentCookieName;
  if (consent !== undefined && (jar === null || jarValue(jar, consent) === undefined)) return undefined;
  const covering = experimentsOn(site, page);
  const query = parseQuery(querystring);
  // A QA link is answered by its own 302 (a session cookie), which never enrolls.
  if (covering.some((e) => query[e.overrideParam] !== undefined)) return undefined;
  let issued: ProofKind | undefined;
  for (const e of covering) {
    const held = jar === null ? undefined : jarValue(jar, e.cookieName);
    if (held !== undefined && !isBare(held)) continue;
    const kind: ProofKind = held === undefined ? 'e' : 'l';
    const variant = held ?? drawVariant(e, random);
    if (jar !== null) setJar(jar, e.cookieName, mintProof(site, e, variant, kind, random));
    issued = issued === 'e' ? 'e' : kind;
  }
  return issued;
}

/** The query string of the issuing redirect's `Location`: the request's, with `_xpe` stamped at `nowMs`. */
export const followQuery = (querystring: string, nowMs: number): string =>
  rewriteQuery(querystring, [ISSUED_PARAM], issuedPair(nowMs));

/**
 * Cookies of a returning visitor: a locale choice, consent when the site asks for it, and a proof for every
 * enabled experiment — or, for a visitor from before proofs (`legacy`), its bare variant.
 */
export function returningCookies(
  site: BenchSite,
  locale: string,
  random: () => number,
  legacy = false,
): string {
  const parts = [`${site.config.locales.cookieName}=${locale}`];
  const consent = site.config.experiments.consentCookieName;
  if (consent !== undefined) parts.push(`${consent}=1`);
  for (const e of site.experiments.filter((x) => x.enabled)) {
    const variant = drawVariant(e, random);
    parts.push(`${e.cookieName}=${legacy ? variant : mintProof(site, e, variant, 'e', random)}`);
  }
  parts.push(`_ga=GA1.1.${Math.floor(random() * 1e9)}`);
  return parts.join('; ');
}
