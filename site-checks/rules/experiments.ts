/**
 * Experiments against the site: every path matches at least one page, every variant object exists for
 * every page an enabled experiment covers, in every locale that has the page, and no page is covered by two
 * enabled experiments. A missing variant object is a 404 pinned to a visitor for the life of their cookie;
 * an unmatched path is an experiment that never runs; a shared page asks for a combined object no site has.
 */
import type { ExperimentConfig, SiteConfig } from '../../edge-functions/config/schema';
import { overlapProblem } from '../../edge-functions/config/validate-experiments';
import { experimentsFor } from '../../edge-functions/shared/experiments';
import { splitLocale } from '../../edge-functions/shared/locales';
import { matchesPath, variantObject } from '../../edge-functions/shared/paths';
import { allPages, shown, type SiteInventory } from '../inventory';

export function experimentProblems(config: SiteConfig, inv: SiteInventory): string[] {
  const problems: string[] = [];
  config.experiments.list.forEach((e, i) => {
    const field = `experiments.list[${i}]`;
    e.paths.forEach((p, j) => {
      if (!allPages(inv).some((page) => matchesPath([p], page)))
        problems.push(`${field}.paths[${j}] matches no page, got: '${p}'; ${pathHint(config, inv, p)}`);
    });
    if (e.enabled) problems.push(...missingVariants(e, field, inv));
  });
  return [...problems, ...sharedPages(config.experiments.list, inv)];
}

/**
 * Pages of any locale that more than one enabled experiment covers, found as the edge finds them
 * (`experimentsFor`): one problem per pair of experiments, listing its pages, worded as the configuration
 * check words it.
 */
function sharedPages(list: readonly ExperimentConfig[], inv: SiteInventory): string[] {
  const enabled = list.filter((e) => e.enabled);
  const pairs = new Map<string, { i: number; j: number; pages: string[] }>();
  for (const page of allPages(inv)) {
    const covering = experimentsFor(enabled, page).map((e) => list.indexOf(e));
    covering.forEach((i, k) => {
      for (const j of covering.slice(k + 1)) {
        const key = `${i} ${j}`;
        if (!pairs.has(key)) pairs.set(key, { i, j, pages: [] });
        pairs.get(key)!.pages.push(page);
      }
    });
  }
  return [...pairs.values()]
    .sort((a, b) => a.i - b.i || a.j - b.j)
    .map(({ i, j, pages }) => overlapProblem(list, i, j, pages));
}

function missingVariants(e: ExperimentConfig, field: string, inv: SiteInventory): string[] {
  const problems: string[] = [];
  for (const pages of inv.pages.values())
    for (const [page, file] of pages) {
      if (!matchesPath(e.paths, page)) continue;
      for (const v of e.variants) {
        if (v.name === e.control) continue;
        const object = variantObject(`/${file}`, v.name).slice(1);
        if (!inv.files.has(object))
          problems.push(
            `${shown(inv, object)} is missing: ${field} ('${e.id}') serves variant '${v.name}' for /${file.slice(0, file.indexOf('/'))}${page}; create it (start from ${shown(inv, file)}) or remove the page from the experiment's paths`,
          );
      }
    }
  return problems;
}

/** The likeliest fix for a path that matches nothing. */
function pathHint(config: SiteConfig, inv: SiteInventory, p: string): string {
  const pages = allPages(inv);
  const { locale, rest } = splitLocale(p, config.locales);
  if (locale !== undefined) return `paths are locale-less: write '${rest || '/'}'`;
  if (!p.endsWith('/') && !p.endsWith('*') && pages.includes(`${p}/`))
    return `a directory page's path ends in '/': write '${p}/'`;
  const sample = pages
    .slice(0, 8)
    .map((x) => `'${x}'`)
    .join(', ');
  return `pages in ${shown(inv)}: ${sample}${pages.length > 8 ? ', …' : ''} (docs/your-site.md#paths)`;
}
