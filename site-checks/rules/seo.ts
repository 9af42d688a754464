/**
 * Language signals search engines use: `<html lang>` matches the locale folder; every page has one
 * `rel=canonical` and `hreflang` alternates for every locale that has the page plus `x-default`, all
 * **absolute** URLs on `siteUrl` — Google ignores relative ones and requires each version to list itself
 * (https://developers.google.com/search/docs/specialty/international/localized-versions#html). A variant
 * file is served at its page's URL, so its canonical and alternates are the page's (Google's guidance for
 * tests: https://developers.google.com/search/docs/crawling-indexing/website-testing), for directory pages
 * (`index.bold.html`) and plain-file pages (`pricing.annual.html`) alike. Links are compared as URLs
 * (`urls.ts`): the percent-encoded and the IRI form of one URL are equal.
 */
import type { SiteConfig } from '../../edge-functions/config/schema';
import { pagePath } from '../../edge-functions/shared/paths';
import { fileLocale, localeFolder, shown, type SiteInventory } from '../inventory';
import type { Page } from '../pages';
import { servedUrl } from '../resolve';
import { encodedUrl, linkNormalisationNote, sameUrl } from '../urls';

export function seoProblems(config: SiteConfig, inv: SiteInventory, pages: readonly Page[]): string[] {
  const problems: string[] = [];
  for (const { file, facts } of pages) {
    const locale = fileLocale(config, file);
    if (locale === undefined) continue;
    const at = shown(inv, file);
    // BCP 47 tags are case-insensitive (RFC 5646 §2.1.1): `pt-br` declares pt-BR; `pt-BR-x-foo` does too.
    const lang = facts.lang?.toLowerCase();
    const tag = locale.toLowerCase();
    if (lang !== tag && !lang?.startsWith(`${tag}-`))
      problems.push(
        `${at} declares <html lang="${facts.lang ?? ''}">; set lang="${locale}" (its locale folder)`,
      );
    const folder = localeFolder(config, locale);
    if (file === `${folder}/${config.locales.notFoundObject}`) continue;
    const served = inv.variantFiles.get(file) ?? file;
    const page = pagePath(servedUrl(served).slice(folder.length + 1));
    problems.push(...linkProblems(config, inv, at, locale, page, facts));
  }
  return problems;
}

function linkProblems(
  config: SiteConfig,
  inv: SiteInventory,
  at: string,
  locale: string,
  page: string,
  facts: Page['facts'],
): string[] {
  const problems: string[] = [];
  const url = (l: string) => encodedUrl(`/${localeFolder(config, l)}${page}`, config.siteUrl);
  const [canonical] = facts.canonical;
  if (facts.canonical.length !== 1 || !sameUrl(canonical!, url(locale)))
    problems.push(
      `${at} needs one <link rel="canonical" href="${url(locale)}">, got: ${JSON.stringify(facts.canonical)} (absolute, on siteUrl)${canonical === undefined ? '' : linkNormalisationNote(canonical, url(locale))}`,
    );
  const alternates = new Map(facts.alternates);
  for (const l of config.locales.supported) {
    if (!inv.pages.get(l)?.has(page)) continue;
    // hreflang values are read lower-cased (html.ts): `pt-BR` and `pt-br` name one language.
    const got = alternates.get(l.toLowerCase());
    if (got === undefined || !sameUrl(got, url(l)))
      problems.push(
        `${at} needs <link rel="alternate" hreflang="${l}" href="${url(l)}">, got: '${got ?? 'none'}'${got === undefined ? '' : linkNormalisationNote(got, url(l))}`,
      );
  }
  const xDefault = alternates.get('x-default');
  if (xDefault === undefined || !xDefault.startsWith(`${config.siteUrl}/`))
    problems.push(
      `${at} needs <link rel="alternate" hreflang="x-default" href="${encodedUrl(page, config.siteUrl)}"> (absolute, on siteUrl), got: '${xDefault ?? 'none'}'`,
    );
  return problems;
}
