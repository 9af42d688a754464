/**
 * Generated requests to the edge's own endpoints (`/__edge/*`) and the experiment cookies an attacker or a
 * stale browser can send: pooled real proofs replayed (`pool.ts`), the same tampered (one character of the
 * identifier or signature changed, the variant swapped, kind `e` ↔ `l`), moved to another experiment's
 * cookie, forged (well-formed, random signature), bare variants and junk; with every method, Fetch Metadata
 * (https://www.w3.org/TR/fetch-metadata/) and `Sec-Purpose`/`Purpose` a browser or a script can send, QA,
 * consent and dedupe cookies.
 */
import fc from 'fast-check';
import type { ExperimentConfig, SiteConfig } from '../../edge-functions/config/schema';
import type { RequestInput } from '../../test/support/events';
import { GOAL_PREFIX } from './oracle';
import type { Pool } from './pool';
import { hostile, noCtl } from './urls';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const b64 = (n: number) => fc.string({ unit: fc.constantFrom(...B64URL), minLength: n, maxLength: n });

/** `value` with the character at `at` (modulo its length) replaced by a different base64url one. */
function flip(value: string, at: number): string {
  const i = at % value.length;
  const c = B64URL[(B64URL.indexOf(value[i]!) + 1) % B64URL.length]!;
  return value.slice(0, i) + c + value.slice(i + 1);
}

/** Changes to a proof `<variant>.<kind><id>.<sig>` that must make it worthless. */
function tampered(e: ExperimentConfig, value: string): fc.Arbitrary<string> {
  const [variant = '', ref = '', sig = ''] = value.split('.');
  const others = e.variants.map((v) => v.name).filter((v) => v !== variant);
  const at = fc.nat();
  return fc.oneof(
    at.map((i) => `${variant}.${ref}.${flip(sig, i)}`),
    at.map((i) => `${variant}.${ref[0]}${flip(ref.slice(1), i)}.${sig}`),
    fc.constantFrom(...others).map((v) => `${v}.${ref}.${sig}`),
    fc.constant(`${variant}.${ref[0] === 'e' ? 'l' : 'e'}${ref.slice(1)}.${sig}`),
  );
}

/** Values of experiment `e`'s cookie: mostly pooled proofs (so conversions happen), and every forgery. */
export function proofValues(e: ExperimentConfig, pool: Pool): fc.Arbitrary<string> {
  const own = pool.proofs.filter((p) => p.experiment === e.id).map((p) => p.value);
  const foreign = pool.proofs.filter((p) => p.experiment !== e.id).map((p) => p.value);
  const variant = fc.constantFrom(...e.variants.map((v) => v.name));
  const forged = fc
    .tuple(variant, fc.constantFrom('e', 'l'), b64(16), b64(22))
    .map(([v, k, id, sig]) => `${v}.${k}${id}.${sig}`);
  const picks = [
    { arbitrary: forged, weight: 1 },
    { arbitrary: variant, weight: 1 },
    { arbitrary: hostile.map(noCtl), weight: 1 },
  ];
  if (own.length > 0) {
    const pooled = fc.constantFrom(...own);
    picks.push(
      { arbitrary: pooled, weight: 6 },
      { arbitrary: pooled.chain((v) => tampered(e, v)), weight: 3 },
    );
  }
  if (foreign.length > 0) picks.push({ arbitrary: fc.constantFrom(...foreign), weight: 1 });
  return fc.oneof(...picks);
}

/** A Cookie header mixing experiment values, QA, consent and dedupe cookies, sometimes after 16+ KB. */
export function beaconCookies(config: SiteConfig, pool: Pool): fc.Arbitrary<string> {
  const { list, goals, consentCookieName } = config.experiments;
  const pair = (name: string, value: fc.Arbitrary<string>) => value.map((v) => `${name}=${v}`);
  const optional = (p: fc.Arbitrary<string>, absent: number, present = 1) =>
    fc.oneof({ arbitrary: fc.constant(''), weight: absent }, { arbitrary: p, weight: present });
  const extras = [
    ...list.map((e) =>
      optional(pair(`${e.cookieName}-qa`, fc.constantFrom('', ...e.variants.map((v) => v.name))), 12),
    ),
    ...goals.map((g) => optional(pair(`xg-${g.id}`, fc.constant('1')), 8)),
    ...(consentCookieName ? [optional(pair(consentCookieName, fc.constant('1')), 1, 6)] : []),
    optional(
      pair(
        '_ga',
        hostile.map((s) => noCtl(s).slice(0, 80)),
      ),
      2,
    ),
  ];
  const experiments = list.map((e) => fc.array(pair(e.cookieName, proofValues(e, pool)), { maxLength: 2 }));
  return fc
    .tuple(fc.tuple(...experiments), fc.tuple(...extras), fc.integer({ min: 0, max: 19_000 }))
    .map(([exp, extra, filler]) => {
      const pairs = [...exp.flat(), ...extra.filter((p) => p !== '')];
      // 1 in 8: more than 16 KB of other cookies first (CloudFront allows 20,480 bytes of headers).
      const before = filler >= 16_500 && filler % 8 === 0 ? [`pad=${'v'.repeat(filler - 1000)}`] : [];
      return [...before, ...pairs].join('; ');
    });
}

/** Hostile goal ids and other `/__edge/` paths, sometimes a configured goal. */
export function beaconUris(config: SiteConfig): fc.Arbitrary<string> {
  const goals = config.experiments.goals.map((g) => g.id);
  const g = goals[0] ?? 'goal';
  const hostileGoal = fc.oneof(
    fc.constantFrom('', 'unknown', '__proto__', 'toString', `${g}/x`, g.toUpperCase()),
    fc.constantFrom(`${g}%00`, `${g}/`, `../${g}`, `${g}?x`),
    hostile.map((s) => encodeURI(noCtl(s)).slice(0, 60)),
  );
  const known = goals.map((id) => GOAL_PREFIX + id);
  return fc.oneof(
    ...(known.length === 0 ? [] : [{ arbitrary: fc.constantFrom(...known), weight: 6 }]),
    { arbitrary: hostileGoal.map((id) => GOAL_PREFIX + id), weight: 2 },
    { arbitrary: fc.constantFrom('/__edge/', '/__edge/goal', '/__edge/other/x'), weight: 1 },
  );
}

const says = (v: string | undefined): boolean => v !== undefined && /prefetch/i.test(v);

/**
 * Fetch Metadata and speculation headers, each absent or any value browsers send (and a few they do not).
 * Chrome sends its older `Purpose` beside `Sec-Purpose` saying the same; a pair that disagrees (`x` and
 * `prefetch`) comes from no browser, and the bundle reads `Sec-Purpose` first, so it is not generated.
 */
export const fetchHeaders = fc
  .record(
    {
      'Sec-Fetch-Site': fc.constantFrom(
        'same-origin',
        'same-origin',
        'same-site',
        'cross-site',
        'none',
        'Same-Origin',
      ),
      'Sec-Fetch-Mode': fc.constantFrom('cors', 'no-cors', 'navigate', 'same-origin', 'websocket'),
      'Sec-Fetch-Dest': fc.constantFrom('empty', 'document', 'image'),
      'Sec-Purpose': fc.constantFrom('prefetch', 'prefetch;prerender', 'Prefetch', 'x'),
      Purpose: fc.constantFrom('prefetch', 'x'),
    },
    { requiredKeys: [] },
  )
  .map(({ Purpose, ...h }) =>
    h['Sec-Purpose'] !== undefined && Purpose !== undefined && says(h['Sec-Purpose']) !== says(Purpose)
      ? h
      : { ...h, ...(Purpose === undefined ? {} : { Purpose }) },
  );

/** Beacon requests whose every part is drawn independently: mostly refused. */
export function randomBeacons(config: SiteConfig, pool: Pool): fc.Arbitrary<RequestInput> {
  const method = fc.oneof(
    { arbitrary: fc.constant('POST'), weight: 6 },
    { arbitrary: fc.constantFrom('GET', 'HEAD', 'PUT', 'OPTIONS'), weight: 4 },
  );
  return fc
    .tuple(beaconUris(config), method, fetchHeaders, fc.option(beaconCookies(config, pool), { freq: 8 }))
    .map(([uri, m, fetch, cookie]) => ({
      uri,
      method: m,
      querystring: '',
      headers: { ...fetch, ...(cookie ? { Cookie: cookie } : {}) },
    }));
}
