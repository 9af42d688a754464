/**
 * The oracle's ground truth: real proofs of enrollment, minted before the run by the viewer-request bundle
 * itself, never by `shared/proof.ts`. A new browser (`Sec-Fetch-Mode`, https://www.w3.org/TR/fetch-metadata/,
 * with consent when configured) on each enabled experiment's pages gets an issuing 302 whose `Set-Cookie`
 * holds a proof of kind `e`, and one `Enrollments` line naming its identifier; a bare variant cookie gets a
 * proof of kind `l` and no line. The checks then count a conversion as truthful only for one of these values,
 * exactly as minted, with the identifier and variant that were logged when it was issued.
 */
import { parseSetCookie } from 'cookie';
import type { ExperimentConfig, SiteConfig } from '../../edge-functions/config/schema';
import { parseLogLine } from '../../edge-functions/shared/log-parse';
import { viewerRequest } from '../../test/support/events';
import { call, type Handler } from './run';
import type { ViewerResult } from './checks';

export interface Minted {
  readonly experiment: string;
  /** The cookie value exactly as the bundle set it. */
  readonly value: string;
  readonly variant: string;
  readonly kind: 'e' | 'l';
  /** The `Enrollment` the bundle logged when it issued this proof (kind `e` only). */
  readonly id?: string;
}

export interface Pool {
  readonly proofs: readonly Minted[];
  /** Pages (with their locale) where an issuing redirect was seen. */
  readonly pages: readonly string[];
}

/** Issuing redirects per page, so the pool holds several enrollments (and variants) of each experiment. */
const DRAWS = 4;

/** `/blog/*` → `/blog/`; exact paths as they are. */
const base = (pattern: string): string => (pattern.endsWith('*') ? pattern.slice(0, -1) : pattern);

async function visit(handler: Handler, config: SiteConfig, uri: string, cookies: string[]) {
  const consent = config.experiments.consentCookieName;
  const cookie = [...cookies, ...(consent ? [`${consent}=1`] : [])].join('; ');
  const event = viewerRequest({
    uri,
    headers: { 'Sec-Fetch-Mode': 'navigate', ...(cookie === '' ? {} : { Cookie: cookie }) },
  });
  const { result, lines } = await call(handler, event);
  const r = result as ViewerResult;
  const setCookies = (r.status === '302' ? (r.headers?.['set-cookie'] ?? []) : []).map((h) =>
    parseSetCookie(h.value),
  );
  const records = lines.flatMap((l) => {
    const entry = parseLogLine(l);
    return entry.kind === 'records' ? entry.records : [];
  });
  return { setCookies, records };
}

/** Kind `e`: a new browser enrolled on `uri`, with the identifier its `Enrollments` line names. */
async function enroll(handler: Handler, config: SiteConfig, e: ExperimentConfig, uri: string) {
  const { setCookies, records } = await visit(handler, config, uri, []);
  const set = setCookies.find((c) => c.name === e.cookieName);
  const line = records.find((r) => r.metric === 'Enrollments' && r.experiment === e.id);
  if (set?.value === undefined || line === undefined) return undefined;
  const [variant, id] = [line.variant, String(line.enrollment)];
  if (!set.value.startsWith(`${variant}.e${id}.`))
    throw new Error(`minting: ${e.cookieName} set to ${set.value}, logged ${variant}/${id}`);
  return { experiment: e.id, value: set.value, variant, kind: 'e', id } satisfies Minted;
}

/** Kind `l`: a browser holding a bare variant (a pre-proof cookie) gets it re-issued, with no line. */
async function reissue(handler: Handler, config: SiteConfig, e: ExperimentConfig, uri: string) {
  const out: Minted[] = [];
  for (const { name: variant } of e.variants) {
    const { setCookies, records } = await visit(handler, config, uri, [`${e.cookieName}=${variant}`]);
    const set = setCookies.find((c) => c.name === e.cookieName);
    if (records.some((r) => r.metric === 'Enrollments'))
      throw new Error(`minting: re-issue of ${variant} logged`);
    if (set?.value !== undefined) out.push({ experiment: e.id, value: set.value, variant, kind: 'l' });
  }
  return out;
}

export async function mintPool(config: SiteConfig, handler: Handler): Promise<Pool> {
  const proofs: Minted[] = [];
  const pages: string[] = [];
  for (const e of config.experiments.list.filter((x) => x.enabled))
    for (const locale of config.locales.supported)
      for (const uri of e.paths.map((p) => `/${locale}${base(p)}`)) {
        for (let i = 0; i < DRAWS; i++) {
          const minted = await enroll(handler, config, e, uri);
          if (minted === undefined) break;
          proofs.push(minted);
          if (!pages.includes(uri)) pages.push(uri);
        }
        if (pages.includes(uri)) proofs.push(...(await reissue(handler, config, e, uri)));
      }
  return { proofs, pages };
}

/** The pooled proof of kind `e` of experiment `id` whose value is exactly `value`. */
export const pooledEnrollment = (pool: Pool, id: string, value: string | undefined): Minted | undefined =>
  pool.proofs.find((p) => p.kind === 'e' && p.experiment === id && p.value === value);
