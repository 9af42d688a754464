/**
 * The reference answer for a header: `@formatjs/intl-localematcher`'s `match(requested, available,
 * default, { algorithm: 'best fit' })`, with the header turned into its arguments as docs/your-site.md
 * ("How the locale is chosen") defines:
 *
 * 1. the ranges as `parseAcceptLanguage` reads them (its own table tests pin that reading): well-formed
 *    items among the first 32 of the first 1024 characters, cut to language-script-region, most preferred
 *    first (a stable sort on q);
 * 2. `available`: the supported locales no `q=0` range covers (RFC 4647 §3.3.1 basic filtering);
 * 3. `requested`: the other ranges in order, `*` as the default locale (or the first available one, or
 *    dropped when none is), a range covered by a `locales.fallbacks` key (in canonical form, longest key
 *    first, unless it names a supported locale) as that key's locale. The library canonicalizes and drops
 *    repeats itself.
 */
import { match } from '@formatjs/intl-localematcher';
import { parseAcceptLanguage } from '../../edge-functions/viewer-request/locale';

export interface Offer {
  readonly supported: readonly string[];
  readonly default: string;
  readonly fallbacks?: Readonly<Record<string, string>>;
}

const covers = (range: string, tag: string) => tag === range || tag.startsWith(`${range}-`);

export function reference(header: string, offer: Offer): string {
  const ranges = parseAcceptLanguage(header);
  const refused = ranges.filter((r) => r.q === 0 && r.tag !== '*').map((r) => r.tag);
  const available = offer.supported.filter((s) => !refused.some((r) => covers(r, s.toLowerCase())));
  const star = available.includes(offer.default) ? offer.default : available[0];
  const named = new Set(offer.supported.map((s) => s.toLowerCase()));
  const fallbacks = Object.entries(offer.fallbacks ?? {})
    .map(([k, v]) => [k.toLowerCase(), v] as const)
    .sort((a, b) => b[0].length - a[0].length);
  const requested = ranges
    .filter((r) => r.q > 0)
    .flatMap((r) => {
      if (r.tag === '*') return star === undefined ? [] : [star];
      const tag = Intl.getCanonicalLocales(r.tag)[0]!;
      const to = named.has(tag.toLowerCase())
        ? undefined
        : fallbacks.find(([k]) => covers(k, tag.toLowerCase()));
      return [to ? to[1] : tag];
    });
  return match(requested, available, offer.default, { algorithm: 'best fit' });
}
