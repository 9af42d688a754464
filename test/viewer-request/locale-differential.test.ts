/**
 * Differential test: the negotiation the bundle runs (the build's table + `negotiateLocale`) against the
 * reference, `@formatjs/intl-localematcher` with `algorithm: 'best fit'` (`locale-oracle.ts` turns a header
 * into its arguments), on generated headers for several configurations. Every difference must belong to a
 * class docs/your-site.md lists under "How the locale is chosen"; a new kind of difference fails.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { matchingData, partsOf } from '../../edge-functions/build/cldr-matching';
import { localeMatch } from '../../edge-functions/build/locale-table';
import { negotiateLocale, parseAcceptLanguage, type Range } from '../../edge-functions/viewer-request/locale';
import { acceptLanguage } from './accept-language';
import { reference, type Offer } from './locale-oracle';

const OFFERS: readonly Offer[] = [
  { supported: ['de', 'en', 'pt-BR', 'zh-Hant'], default: 'en' },
  { supported: ['en', 'ja'], default: 'en' },
  { supported: ['en-US', 'en-GB', 'fr'], default: 'en-US' },
  { supported: ['nb', 'sr-Latn', 'sr-Cyrl', 'en'], default: 'en' },
  { supported: ['en', 'es', 'zh-Hant'], default: 'en', fallbacks: { zh: 'zh-Hant', ca: 'es', tlh: 'en' } },
  { supported: ['es', 'es-419', 'pt-PT', 'ca', 'uz', 'ru', 'yue'], default: 'es' },
];
const HEADERS_PER_OFFER = 1_700;

const known = new Set(Object.keys(matchingData().regions));
const canonicalOf = (tag: string) => Intl.getCanonicalLocales(tag)[0]!.toLowerCase();
const scriptOf = (tag: string) => new Intl.Locale(tag).maximize().script;

/** The difference classes docs/your-site.md lists, each as the headers it can occur on. */
const CLASSES: Readonly<Record<string, (ranges: readonly Range[], offer: Offer) => boolean>> = {
  'undetermined language': (ranges) => ranges.some((r) => r.tag.startsWith('und-')),
  'unknown region': (ranges) =>
    ranges.some((r) => {
      const region = partsOf(r.tag).region.toUpperCase();
      return region !== '' && !known.has(region);
    }),
  'written twice': (ranges) => {
    const tags = ranges.filter((r) => r.q > 0 && r.tag !== '*').map((r) => r.tag);
    return tags.some((a, i) =>
      tags.slice(i + 1).some((b) => (a === b) !== (canonicalOf(a) === canonicalOf(b))),
    );
  },
  "neighbour's regional script": (ranges, offer) => {
    const own = new Set(offer.supported.map((s) => new Intl.Locale(s).maximize().language));
    return ranges.some((r) => {
      if (r.tag === '*' || partsOf(r.tag).region === '') return false;
      const language = partsOf(canonicalOf(r.tag)).language;
      return !own.has(language) && scriptOf(canonicalOf(r.tag)) !== scriptOf(language);
    });
  },
};

const DOC = readFileSync(path.join(__dirname, '..', '..', 'docs', 'your-site.md'), 'utf8');
const SECTION = DOC.slice(DOC.indexOf('## How the locale is chosen'));

describe('negotiation against @formatjs/intl-localematcher (best fit)', () => {
  it('lists every difference class in docs/your-site.md', () => {
    for (const name of Object.keys(CLASSES)) expect(SECTION).toContain(`**${name}**`);
  });

  it.each(OFFERS.map((o, i) => [o.supported.join(', '), i] as const))(
    'agrees on generated headers for [%s], or differs only in a listed class',
    (_name, i) => {
      const offer = OFFERS[i]!;
      const match = localeMatch(offer);
      const headers = fc.sample(acceptLanguage, { numRuns: HEADERS_PER_OFFER, seed: 4647 + i });
      const unexplained: string[] = [];
      let equal = 0;
      for (const header of headers) {
        const ours = negotiateLocale(header, offer.supported, offer.default, match) ?? offer.default;
        const theirs = reference(header, offer);
        if (ours === theirs) equal++;
        else if (!Object.values(CLASSES).some((inClass) => inClass(parseAcceptLanguage(header), offer)))
          unexplained.push(`${JSON.stringify(header)}: ${ours}, reference ${theirs}`);
      }
      expect(unexplained).toEqual([]);
      // The classes are rare corners: a matcher that broke would show up here even inside them.
      expect(equal).toBeGreaterThan(HEADERS_PER_OFFER * 0.97);
    },
  );
});
