/**
 * Beacons that would count, and the same with one thing changed: the request a page of this site sends
 * (`POST`, `Sec-Fetch-Site: same-origin` or none, no prefetch, consent, a pooled proof of kind `e`), then
 * one deviation a forger, another site or the browser itself produces — another method, another
 * `Sec-Fetch-Site` (W3C Fetch Metadata §2.1), a speculative load, a QA session, no consent, the dedupe
 * cookie (RFC 6265bis cookies the edge set), a tampered or foreign proof, another goal. Each counting rule
 * is thus met and broken one at a time, often enough that a bundle ignoring any one of them is caught.
 */
import fc from 'fast-check';
import type { SiteConfig } from '../../edge-functions/config/schema';
import type { RequestInput } from '../../test/support/events';
import { beaconUris, proofValues, randomBeacons } from './beacon';
import { GOAL_PREFIX } from './oracle';
import type { Pool } from './pool';

interface Beacon {
  readonly uri: string;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly pairs: readonly string[];
}

const toInput = (b: Beacon): RequestInput => ({
  uri: b.uri,
  method: b.method,
  querystring: '',
  headers: { ...b.headers, ...(b.pairs.length > 0 ? { Cookie: b.pairs.join('; ') } : {}) },
});

/** What `navigator.sendBeacon` (`no-cors`) or `fetch` (`cors`) sends from a page of this site. */
function honest(config: SiteConfig, pool: Pool): fc.Arbitrary<Beacon> {
  const { list, goals, consentCookieName } = config.experiments;
  const proofs = list.map((e) => {
    const own = pool.proofs.filter((p) => p.experiment === e.id && p.kind === 'e').map((p) => p.value);
    return own.length === 0
      ? fc.constant([])
      : fc.subarray(
          own.map((v) => `${e.cookieName}=${v}`),
          { maxLength: 1 },
        );
  });
  return fc
    .record({
      goal: fc.constantFrom(...goals.map((g) => g.id)),
      site: fc.constantFrom<Record<string, string>>({}, { 'Sec-Fetch-Site': 'same-origin' }),
      mode: fc.constantFrom('no-cors', 'cors', 'same-origin'),
      proofs: fc.tuple(...proofs),
    })
    .map(({ goal, site, mode, proofs: p }) => ({
      uri: GOAL_PREFIX + goal,
      method: 'POST',
      headers: { ...site, 'Sec-Fetch-Mode': mode, 'Sec-Fetch-Dest': 'empty' },
      pairs: [...p.flat(), ...(consentCookieName ? [`${consentCookieName}=1`] : [])],
    }));
}

type Deviation = (b: Beacon) => fc.Arbitrary<Beacon>;

function deviations(config: SiteConfig, pool: Pool): Deviation[] {
  const { list, goals, consentCookieName } = config.experiments;
  const header =
    (name: string, values: string[]): Deviation =>
    (b) =>
      fc.constantFrom(...values).map((v) => ({ ...b, headers: { ...b.headers, [name]: v } }));
  const cookie =
    (pairs: string[]): Deviation =>
    (b) =>
      fc.constantFrom(...pairs).map((p) => ({ ...b, pairs: [p, ...b.pairs] }));
  return [
    (b) => fc.constantFrom('GET', 'HEAD', 'PUT', 'OPTIONS').map((method) => ({ ...b, method })),
    header('Sec-Fetch-Site', ['same-site', 'cross-site', 'none', 'Same-Origin']),
    header('Sec-Purpose', ['prefetch', 'prefetch;prerender', 'Prefetch']),
    header('Purpose', ['prefetch']),
    cookie(list.flatMap((e) => ['', ...e.variants.map((v) => v.name)].map((v) => `${e.cookieName}-qa=${v}`))),
    cookie(goals.map((g) => `xg-${g.id}=1`)),
    (b) => fc.constant({ ...b, pairs: b.pairs.filter((p) => !p.startsWith(`${consentCookieName}=`)) }),
    (b) =>
      fc.tuple(...list.map((e) => proofValues(e, pool).map((v) => `${e.cookieName}=${v}`))).map((p) => ({
        ...b,
        pairs: [...p, ...b.pairs.filter((x) => !list.some((e) => x.startsWith(`${e.cookieName}=`)))],
      })),
    (b) => beaconUris(config).map((uri) => ({ ...b, uri })),
  ];
}

/** Honest beacons (1 in 5), honest ones with one deviation (2 in 5), and independent draws (2 in 5). */
export function beaconRequests(config: SiteConfig, pool: Pool): fc.Arbitrary<RequestInput> {
  // A site without goals: every beacon is a 404.
  if (config.experiments.goals.length === 0) return randomBeacons(config, pool);
  const base = honest(config, pool);
  const changes = deviations(config, pool);
  const deviated = fc
    .tuple(base, fc.integer({ min: 0, max: changes.length - 1 }))
    .chain(([b, i]) => changes[i]!(b));
  return fc.oneof(
    { arbitrary: base.map(toInput), weight: 1 },
    { arbitrary: deviated.map(toInput), weight: 2 },
    { arbitrary: randomBeacons(config, pool), weight: 2 },
  );
}
