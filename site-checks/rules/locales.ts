/**
 * Each supported locale has its folder and its not-found page (origin-response bakes that page in). A folder
 * named for the locale in another case or with `_` (`pt-br/`, `pt_BR/` for `pt-BR`) is one problem naming
 * both fixes, and a missing folder is a root cause: the checks that would fail because of it (every link into
 * it) are not run until it is fixed.
 */
import type { SiteConfig } from '../../edge-functions/config/schema';
import { folderOf } from '../../edge-functions/shared/locales';
import { localeFolder, shown, type SiteInventory } from '../inventory';

/** The site's top-level folders, by name. */
const topFolders = (inv: SiteInventory): Set<string> =>
  new Set([...inv.files].filter((f) => f.includes('/')).map((f) => f.slice(0, f.indexOf('/'))));

/** Supported locales whose folder is not in the site. */
export function missingLocaleFolders(
  config: SiteConfig,
  inv: SiteInventory,
  folders: ReadonlySet<string> = topFolders(inv),
): string[] {
  return config.locales.supported.filter((l) => !folders.has(localeFolder(config, l)));
}

function missingFolder(
  config: SiteConfig,
  inv: SiteInventory,
  folders: ReadonlySet<string>,
  locale: string,
): string {
  const folder = localeFolder(config, locale);
  const wanted = locale.toLowerCase();
  const near = [...folders].find((f) => f.replace(/_/g, '-').toLowerCase() === wanted);
  if (near === undefined)
    return `${shown(inv, `${folder}/`)} is missing: locales.supported lists '${locale}'; add the folder with the locale's pages, or remove '${locale}' from locales.supported`;
  const other = config.locales.folderCase === 'canonical' ? 'lower' : 'canonical';
  const flip =
    near === folderOf(locale, other) ? `, or set locales.folderCase: '${other}' in edge.config.ts` : '';
  return `${shown(inv, `${near}/`)} holds locale '${locale}', whose folder is '${folder}/' (locales.folderCase is '${config.locales.folderCase}'): rename the folder to '${folder}/'${flip}`;
}

export function localeProblems(config: SiteConfig, inv: SiteInventory): string[] {
  if (inv.files.size === 0)
    return [
      `${shown(inv)}: the site folder is missing or empty; build your site into it or set \`site\` in edge.config.ts`,
    ];
  const folders = topFolders(inv);
  const missing = new Set(missingLocaleFolders(config, inv, folders));
  const problems: string[] = [];
  const { supported, notFoundObject } = config.locales;
  for (const locale of supported) {
    const file = `${localeFolder(config, locale)}/${notFoundObject}`;
    if (missing.has(locale)) problems.push(missingFolder(config, inv, folders, locale));
    else if (!inv.files.has(file))
      problems.push(
        `${shown(inv, file)} is missing: every locale needs its not-found page (locales.notFoundObject is '${notFoundObject}'); add it`,
      );
  }
  return problems;
}
