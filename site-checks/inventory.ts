/**
 * What the site folder holds, seen the way viewer-request serves it: per locale, the pages (a locale-less
 * page path → its control object) and the variant objects beside them (`index.bold.html`).
 */
import * as path from 'node:path';
import type { SiteConfig } from '../edge-functions/config/schema';
import { folderOf } from '../edge-functions/shared/locales';
import { matchesPath, pagePath } from '../edge-functions/shared/paths';
import { walkSite, type Stray } from './walk';

/** Every regular file under `dir`, relative, with `/`, sorted (links are never followed: `walk.ts`). */
export const listFiles = (dir: string): string[] => [...walkSite(dir).files];

export interface SiteInventory {
  readonly siteDir: string;
  readonly files: ReadonlySet<string>;
  /** Entries that are not regular files or folders: never shipped, each a build problem. */
  readonly strays: readonly Stray[];
  /** locale → (page path like `/pricing/` → file like `en/pricing/index.html`). */
  readonly pages: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** A variant object → the page it is a variant of (`en/pricing.annual.html` → `en/pricing.html`). */
  readonly variantFiles: ReadonlyMap<string, string>;
  /**
   * `name.<x>.html` beside `name.html` where `<x>` is no variant of any experiment (a removed experiment's
   * leftover) → that page: not a page itself, so no check reads it as one; a warning names it.
   */
  readonly leftovers: ReadonlyMap<string, string>;
}

/** Non-control variant names across experiments: `name.<variant>.html` beside `name.html` is a variant. */
const variantNames = (config: SiteConfig): Set<string> =>
  new Set(
    config.experiments.list.flatMap((e) => e.variants.map((v) => v.name).filter((n) => n !== e.control)),
  );

/** `en/index.bold.html` → `['en/index.html', 'bold']` when that page exists, else undefined. */
function besidePage(file: string, files: ReadonlySet<string>): readonly [string, string] | undefined {
  const m = /^(.*)\.([a-z0-9-]+)\.html$/.exec(file);
  return m !== null && files.has(`${m[1]}.html`) ? [`${m[1]}.html`, m[2]!] : undefined;
}

export function takeInventory(config: SiteConfig, siteDir: string): SiteInventory {
  const walk = walkSite(siteDir);
  const list = walk.files;
  const files = new Set(list);
  const names = variantNames(config);
  const variantFiles = new Map<string, string>();
  const leftovers = new Map<string, string>();
  for (const file of list) {
    const beside = file.endsWith('.html') ? besidePage(file, files) : undefined;
    if (beside !== undefined) (names.has(beside[1]) ? variantFiles : leftovers).set(file, beside[0]);
  }
  const pages = new Map<string, Map<string, string>>();
  for (const locale of config.locales.supported) {
    const map = new Map<string, string>();
    const folder = localeFolder(config, locale);
    for (const file of list) {
      if (!file.startsWith(`${folder}/`) || !file.endsWith('.html')) continue;
      if (variantFiles.has(file) || leftovers.has(file)) continue;
      if (file === `${folder}/${config.locales.notFoundObject}`) continue;
      map.set(pagePath(file.slice(folder.length)), file);
    }
    pages.set(locale, map);
  }
  return { siteDir, files, strays: walk.strays, pages, variantFiles, leftovers };
}

/** The folder a locale's files are in (`pt-BR` or `pt-br`, per `locales.folderCase`). */
export const localeFolder = (config: Pick<SiteConfig, 'locales'>, locale: string): string =>
  folderOf(locale, config.locales.folderCase);

/** The locale whose folder holds a site file (`pt-BR/docs/index.html` → `pt-BR`), or undefined. */
export const fileLocale = (config: Pick<SiteConfig, 'locales'>, file: string): string | undefined =>
  config.locales.supported.find((l) => file.startsWith(`${localeFolder(config, l)}/`));

/** All page paths, across locales, sorted: for messages that list what exists. */
export const allPages = (inv: SiteInventory): string[] =>
  [...new Set([...inv.pages.values()].flatMap((m) => [...m.keys()]))].sort();

/** A site file as a person finds it from the working directory: `site/ja/pricing/index.html`. */
export const shown = (inv: SiteInventory, file = ''): string =>
  path.relative(process.cwd(), path.join(inv.siteDir, file)) || '.';

/**
 * Page object (`/en/index.html`) → the enabled experiment covering it, for every page that exists: what
 * viewer-request bakes in so that only real pages enroll. One experiment per page (the build refuses
 * overlaps); the first in configuration order otherwise.
 */
export function experimentPages(config: SiteConfig, inv: SiteInventory): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of config.experiments.list) {
    if (!e.enabled) continue;
    for (const pages of inv.pages.values())
      for (const [page, file] of pages) if (matchesPath(e.paths, page)) out[`/${file}`] ??= e.id;
  }
  return out;
}

/**
 * Plain-file pages (`en/pricing.html`) that an extensionless URL names (`/en/pricing`): locale-less stem,
 * percent-encoded as viewer-request's canonical path is (`/pricing`, `/%C3%BCber`) → the locales that have
 * it, `''` when every supported locale does (the common case, and the smallest to bake). A locale whose
 * `pricing/index.html` also exists is left out: there `/pricing` stays the directory, as before. What
 * viewer-request bakes in (`shared/plain-pages.ts`) so that `/en/pricing` never goes to a `/en/pricing/` 404.
 */
export function plainPages(config: SiteConfig, inv: SiteInventory): Record<string, string> {
  const where = new Map<string, string[]>();
  for (const [locale, pages] of inv.pages)
    for (const page of pages.keys()) {
      if (!page.endsWith('.html') || pages.has(`${page.slice(0, -5)}/`)) continue;
      const stem = page.slice(0, -5).split('/').map(encodeURIComponent).join('/');
      where.set(stem, [...(where.get(stem) ?? []), locale]);
    }
  const all = config.locales.supported.length;
  const out: Record<string, string> = {};
  for (const [stem, locales] of [...where].sort(([a], [b]) => (a < b ? -1 : 1)))
    out[stem] = locales.length === all ? '' : locales.join(',');
  return out;
}
