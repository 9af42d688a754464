/**
 * Generated Lambda@Edge inputs for `npm run fuzz`, derived from a loaded configuration: its locales, cookie
 * names, variants, override parameters, experiment paths and neutral paths, so any site is fuzzed with its
 * own names. Besides random text, the hostile shapes issue 10 found: URLs whose canonical form outgrows
 * 8,192 characters (long paths, sub-delimiters re-encoded to three characters, raw UTF-8), raw non-BMP
 * characters and lone surrogates in query strings, experiment cookies after 16+ KB of other cookies,
 * several Cookie and Accept-Language lines, language tags of four or more subtags, files under experiment
 * prefixes, and events outside the contract.
 */
import fc from 'fast-check';
import type { SiteConfig } from '../../edge-functions/config/schema';
import type { HeaderInput } from '../../test/support/events';
import { proofValues } from './beacon';
import type { Pool } from './pool';
import { hostile, noCtl, objectUris, queries, uris } from './urls';

export interface Arbitraries {
  readonly uri: fc.Arbitrary<string>;
  /** What origin-response sees: objects viewer-request forwards (variants included) and any URI. */
  readonly objectUri: fc.Arbitrary<string>;
  readonly query: fc.Arbitrary<string>;
  readonly viewerHeaders: fc.Arbitrary<HeaderInput>;
  readonly cookieHeader: fc.Arbitrary<string>;
  readonly headerValue: fc.Arbitrary<string>;
}

/** An experiment cookie holding a proof (real, tampered, forged, moved) or a QA session cookie. */
function experimentPair(config: SiteConfig, pool: Pool): fc.Arbitrary<string> {
  const { list } = config.experiments;
  const proof = fc.oneof(...list.map((e) => proofValues(e, pool).map((v) => `${e.cookieName}=${v}`)));
  const qa = fc.oneof(
    ...list.map((e) =>
      fc.constantFrom(...e.variants, { name: 'nope' }).map((v) => `${e.cookieName}-qa=${v.name}`),
    ),
  );
  return fc.oneof({ arbitrary: proof, weight: 4 }, { arbitrary: qa, weight: 1 });
}

function cookies(config: SiteConfig, pool: Pool): fc.Arbitrary<string> {
  const { list, consentCookieName } = config.experiments;
  const names = [...list.map((e) => e.cookieName), config.locales.cookieName, '_ga', 'a'];
  if (consentCookieName) names.push(consentCookieName);
  const values = [
    ...list.flatMap((e) => e.variants.map((v) => v.name)),
    ...config.locales.supported,
    'BOLD',
    '1',
  ];
  const pair = fc
    .tuple(fc.constantFrom(...names), fc.oneof(fc.constantFrom(...values), hostile.map(noCtl)))
    .map(([n, v]) => `${n}=${v}`);
  const any = config.experiments.list.length === 0 ? pair : fc.oneof(pair, experimentPair(config, pool));
  // Half the time with consent given, so browsers on covered pages are enrolled.
  const consent = consentCookieName ? [`${consentCookieName}=1`] : [];
  const pairs = fc
    .tuple(fc.array(any, { maxLength: 6 }), fc.boolean())
    .map(([p, given]) => (given ? [...p, ...consent] : p).join('; '));
  return fc.oneof(
    { arbitrary: hostile.map(noCtl), weight: 2 },
    { arbitrary: pairs, weight: 4 },
    // More than 16 KB of other cookies before the experiment cookies (CloudFront allows 20,480 bytes).
    {
      arbitrary: fc.tuple(fc.integer({ min: 16_500, max: 19_000 }), pairs).map(([n, p]) => {
        const filler = Array.from({ length: Math.ceil(n / 105) }, (_, i) => `c${i}=${'v'.repeat(100)}`).join(
          '; ',
        );
        return `${filler}; ${p}`;
      }),
      weight: 1,
    },
  );
}

function acceptLanguages(config: SiteConfig): fc.Arbitrary<string> {
  const [first, second = first] = config.locales.supported as [string, ...string[]];
  return fc.oneof(
    hostile.map(noCtl),
    fc.constantFrom('ja-JP,ja;q=0.9', 'en;q=0, *', 'fr', '*;q=0', `${second}-JP-x-foo;q=0.1, ${first};q=0.9`),
    fc.constantFrom(`${second}-Latn-JP-u-ca-japanese;q=0.2,${first}`, `${first}_US;Q=.5 , ${second} ; q = 1`),
  );
}

const NO_POOL: Pool = { proofs: [], pages: [] };

/** `pool`: real proofs and the pages that issue them (`pool.ts`), for the viewer's events. */
export function arbitraries(config: SiteConfig, pool: Pool = NO_POOL): Arbitraries {
  const cookieHeader = cookies(config, pool);
  const language = acceptLanguages(config);
  const viewerHeaders = fc
    .record({
      cookie: fc.oneof(
        fc.constant([] as string[]),
        cookieHeader.map((c) => [c]),
        fc.array(pairsOnly(cookieHeader), { maxLength: 3 }),
      ),
      language: fc.oneof(
        language.map((l) => [l]),
        fc.array(language, { minLength: 0, maxLength: 3 }),
      ),
      browser: fc.boolean(),
      // A speculative load (https://wicg.github.io/nav-speculation/prefetch.html): never enrolled.
      prefetch: fc.constantFrom(undefined, undefined, undefined, 'prefetch', 'prefetch;prerender'),
    })
    .map(({ cookie, language: al, browser, prefetch }): HeaderInput => {
      const h: Record<string, string | string[]> = {};
      if (cookie.length > 0) h.Cookie = cookie;
      if (al.length > 0) h['Accept-Language'] = al;
      if (browser) h['Sec-Fetch-Mode'] = 'navigate';
      if (prefetch) h['Sec-Purpose'] = prefetch;
      return h;
    });
  const pages = pool.pages.length === 0 ? [] : [{ arbitrary: fc.constantFrom(...pool.pages), weight: 1 }];
  const uri = fc.oneof({ arbitrary: uris(config), weight: 3 }, ...pages);
  return {
    uri,
    objectUri: objectUris(config, uri),
    query: queries(config),
    viewerHeaders,
    cookieHeader,
    headerValue: fc.oneof(hostile.map(noCtl), language, cookieHeader),
  };
}

/** Several Cookie lines stay within CloudFront's request size: only short lines are repeated. */
const pairsOnly = (header: fc.Arbitrary<string>): fc.Arbitrary<string> =>
  header.filter((h) => h.length < 1024);

/** Events outside CloudFront's contract, built from a valid one: missing parts and wrong types. */
export function malformed(
  valid: () => { Records: { cf: Record<string, unknown> }[] },
): fc.Arbitrary<unknown> {
  const broken: ((e: { Records: { cf: Record<string, unknown> }[] }) => unknown)[] = [
    () => undefined,
    () => null,
    () => ({}),
    () => ({ Records: [] }),
    () => ({ Records: [{}] }),
    (e) => ({ Records: [{ cf: { ...e.Records[0]!.cf, request: undefined } }] }),
    (e) => ({ Records: [{ cf: { ...e.Records[0]!.cf, response: null } }] }),
    (e) => {
      (e.Records[0]!.cf.request as Record<string, unknown>).uri = 42;
      return e;
    },
    (e) => {
      (e.Records[0]!.cf.request as Record<string, unknown>).headers = { cookie: 'a=1' };
      return e;
    },
    (e) => {
      (e.Records[0]!.cf.request as Record<string, unknown>).querystring = undefined;
      return e;
    },
  ];
  return fc.integer({ min: 0, max: broken.length - 1 }).map((i) => broken[i]!(valid()));
}
