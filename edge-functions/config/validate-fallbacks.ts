/**
 * Validation of `locales.fallbacks`: each key a `language[-script][-region]` tag (RFC 5646 §2.1; any case)
 * that names no supported locale, each value a supported locale as `locales.supported` writes it. Part of
 * `validateConfig`.
 */
import { Checker, show } from './checker';
import type { LocaleConfig } from './schema';

/** The subtags `Accept-Language` negotiation reads: language, optional script, optional region. */
const REQUESTED_TAG = /^(?:[A-Za-z]{2,3}|[A-Za-z]{5,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?$/;

export function fallbackProblems(locales: LocaleConfig): string[] {
  const c = new Checker();
  const fallbacks: unknown = locales.fallbacks;
  if (typeof fallbacks !== 'object' || fallbacks === null || Array.isArray(fallbacks)) {
    c.fail(
      'locales.fallbacks',
      "must be an object like { ca: 'es' } (requested tag → supported locale)",
      fallbacks,
    );
    return c.problems;
  }
  const supported = Array.isArray(locales.supported) ? locales.supported : [];
  const named = new Set(supported.map((s) => String(s).toLowerCase()));
  const seen = new Set<string>();
  for (const [requested, to] of Object.entries(fallbacks)) {
    const field = `locales.fallbacks[${show(requested)}]`;
    if (!REQUESTED_TAG.test(requested))
      c.fail(
        field,
        "must be keyed by a language tag like 'ca', 'zh-Hans' or 'de-CH' (no variants)",
        requested,
      );
    else if (named.has(requested.toLowerCase()))
      c.fail(field, 'must not be keyed by a supported locale: it is always served itself', requested);
    else if (seen.has(requested.toLowerCase()))
      c.fail(field, 'repeats a requested tag (tags are compared case-insensitively)', requested);
    seen.add(requested.toLowerCase());
    if (typeof to !== 'string' || !supported.includes(to))
      c.fail(field, `must be one of locales.supported ${show(supported)}`, to);
  }
  return c.problems;
}
