/**
 * Validation of `locales`: canonical BCP 47 tags (`completeConfig` has already written them in canonical
 * case; what is still not canonical is not a tag or one BCP 47 writes otherwise), the folder case, the
 * cookie, the mode, the neutral paths, the not-found page and the fallbacks. Part of `validateConfig`.
 */
import { Checker, LOCALE, show } from './checker';
import type { LocaleConfig } from './schema';
import { fallbackProblems } from './validate-fallbacks';

/** `Intl.getCanonicalLocales`' form of a tag (`_` read as `-`), or undefined when it is not a tag. */
export function canonicalForm(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/**
 * The rule a supported locale breaks, or undefined: a canonical `language[-Script][-REGION]` tag, with the
 * tag BCP 47 would write when there is one (`pt_BR` → `pt-BR`, `iw` → `he`).
 */
function localeProblem(tag: unknown): string | undefined {
  const canonical = typeof tag === 'string' ? canonicalForm(tag) : undefined;
  if (canonical !== undefined && canonical === tag && LOCALE.test(canonical)) return undefined;
  const rule = 'must be a BCP 47 tag language[-Script][-REGION] like "en", "pt-BR" or "zh-Hant"';
  return canonical !== undefined && LOCALE.test(canonical) ? `${rule} (write '${canonical}')` : rule;
}

export function localeProblems(loc: LocaleConfig): string[] {
  const c = new Checker();
  const fail = c.fail.bind(c);
  if (!Array.isArray(loc.supported) || loc.supported.length === 0)
    fail('locales.supported', 'must list at least one locale', loc.supported);
  else {
    loc.supported.forEach((l, i) => {
      const problem = localeProblem(l);
      if (problem !== undefined) fail(`locales.supported[${i}]`, problem, l);
    });
    c.uniq('locales.supported', loc.supported);
    if (!loc.supported.includes(loc.default))
      fail('locales.default', `must be one of ${show(loc.supported)}`, loc.default);
  }
  if (loc.folderCase !== 'canonical' && loc.folderCase !== 'lower')
    fail(
      'locales.folderCase',
      "must be 'canonical' (folders named pt-BR/) or 'lower' (pt-br/)",
      loc.folderCase,
    );
  c.token('locales.cookieName', loc.cookieName);
  if (loc.mode !== 'redirect' && loc.mode !== 'rewrite')
    fail('locales.mode', "must be 'redirect' or 'rewrite'", loc.mode);
  c.pathPatterns('locales.neutralPaths', loc.neutralPaths);
  if (
    typeof loc.notFoundObject !== 'string' ||
    !/^[A-Za-z0-9._-]+\.html$/.test(loc.notFoundObject) ||
    loc.notFoundObject.startsWith('.')
  )
    fail('locales.notFoundObject', 'must be an .html file name inside the locale folder', loc.notFoundObject);

  return [...c.problems, ...fallbackProblems(loc)];
}
