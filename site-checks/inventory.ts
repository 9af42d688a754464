/**
 * What the site folder holds, seen the way viewer-request serves it: per locale, the pages (a locale-less
 * page path → its control object) and the variant objects beside them (`index.bold.html`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { SiteConfig } from '../edge-functions/config/schema';
import { matchesPath, pagePath } from '../edge-functions/shared/paths';

/** Every regular file under `dir`, relative, with `/`, sorted (symlinks are not followed: S3 has none). */
export function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(path.join(dir, entry.name), rel));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

export interface SiteInventory {
  readonly siteDir: string;
  readonly files: ReadonlySet<string>;
  /** locale → (page path like `/pricing/` → file like `en/pricing/index.html`). */
  readonly pages: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** HTML files that are some experiment's variant object. */
  readonly variantFiles: ReadonlySet<string>;
}

/** Non-control variant names across experiments: `name.<variant>.html` beside `name.html` is a variant. */
const variantNames = (config: SiteConfig): Set<string> =>
  new Set(
    config.experiments.list.flatMap((e) => e.variants.map((v) => v.name).filter((n) => n !== e.control)),
  );

function isVariantFile(file: string, names: ReadonlySet<string>, files: ReadonlySet<string>): boolean {
  const m = /^(.*)\.([a-z0-9-]+)\.html$/.exec(file);
  return m !== null && names.has(m[2]!) && files.has(`${m[1]}.html`);
}

export function takeInventory(config: SiteConfig, siteDir: string): SiteInventory {
  const list = existsSync(siteDir) && statSync(siteDir).isDirectory() ? listFiles(siteDir) : [];
  const files = new Set(list);
  const names = variantNames(config);
  const variantFiles = new Set(list.filter((f) => f.endsWith('.html') && isVariantFile(f, names, files)));
  const pages = new Map<string, Map<string, string>>();
  for (const locale of config.locales.supported) {
    const map = new Map<string, string>();
    for (const file of list) {
      if (!file.startsWith(`${locale}/`) || !file.endsWith('.html') || variantFiles.has(file)) continue;
      if (file === `${locale}/${config.locales.notFoundObject}`) continue;
      map.set(pagePath(file.slice(locale.length)), file);
    }
    pages.set(locale, map);
  }
  return { siteDir, files, pages, variantFiles };
}

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
