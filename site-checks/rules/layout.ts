/**
 * Warnings about files that ship but that nobody will see as meant: a file outside the locale folders and
 * `locales.neutralPaths` (every request for it is localized first, to `/<locale>/…`, so no URL reaches it),
 * and a leftover variant file of a removed experiment (`index.old.html` beside `index.html` when no
 * experiment has a variant `old`), which is public but no page. One line per folder or per variant name.
 */
import type { SiteConfig } from '../../edge-functions/config/schema';
import { matchesPath } from '../../edge-functions/shared/paths';
import { count, groupBy, someFiles } from '../group';
import { fileLocale, shown, type SiteInventory } from '../inventory';

export function unreachableWarnings(config: SiteConfig, inv: SiteInventory): string[] {
  const { neutralPaths } = config.locales;
  const outside = [...inv.files]
    .filter((f) => fileLocale(config, f) === undefined && !matchesPath(neutralPaths, `/${f}`))
    .map((file) => ({ file, folder: file.includes('/') ? file.slice(0, file.indexOf('/')) : '' }));
  return groupBy(outside, (o) => o.folder || o.file).map(({ first: { file, folder }, files }) => {
    const pattern = folder === '' ? `/${file}` : `/${folder}/*`;
    const list = [...neutralPaths, pattern].map((p) => `'${p}'`).join(', ');
    const fix = `to serve ${files.length === 1 ? 'it' : 'them'} at ${pattern}, set locales.neutralPaths: [${list}] in edge.config.ts, or move ${files.length === 1 ? 'it' : 'them'} into the locale folders`;
    const why = 'outside the locale folders and locales.neutralPaths, so no URL reaches';
    if (files.length === 1)
      return `${shown(inv, file)} is ${why} it (a request for /${file} is answered from /<locale>/${file}, a 404); ${fix}`;
    return `${count(files.length, 'file')} under ${shown(inv, folder)}/ are ${why} them: ${someFiles(files, (f) => shown(inv, f))}; ${fix}`;
  });
}

export function leftoverWarnings(inv: SiteInventory): string[] {
  const leftovers = [...inv.leftovers].map(([file, page]) => ({
    file,
    page,
    variant: file.slice(page.length - '.html'.length + 1, -'.html'.length),
  }));
  return groupBy(leftovers, (l) => l.variant).map(({ first: { file, page, variant }, files }) => {
    const why = `no experiment in experiments.list has a variant '${variant}' (a removed experiment's leftover?), so no check reads it as a page, though it is uploaded and public`;
    const fix = `delete ${files.length === 1 ? 'it' : 'them'}, or give a page of its own a name without '.${variant}.html'`;
    if (files.length === 1)
      return `${shown(inv, file)} looks like variant '${variant}' of ${shown(inv, page)}, but ${why}; ${fix}`;
    return `${count(files.length, 'file')} look like variant '${variant}' of the page beside them, but ${why}: ${someFiles(files, (f) => shown(inv, f))}; ${fix}`;
  });
}
