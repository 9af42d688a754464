/** Each supported locale has its folder and its not-found page (origin-response bakes that page in). */
import type { SiteConfig } from '../../edge-functions/config/schema';
import { shown, type SiteInventory } from '../inventory';

export function localeProblems(config: SiteConfig, inv: SiteInventory): string[] {
  if (inv.files.size === 0)
    return [
      `${shown(inv)}: the site folder is missing or empty; build your site into it or set \`site\` in edge.config.ts`,
    ];
  const problems: string[] = [];
  const { supported, notFoundObject } = config.locales;
  for (const locale of supported) {
    const hasFolder = [...inv.files].some((f) => f.startsWith(`${locale}/`));
    if (!hasFolder)
      problems.push(
        `${shown(inv, `${locale}/`)} is missing: locales.supported lists '${locale}'; add the folder with the locale's pages, or remove '${locale}' from locales.supported`,
      );
    else if (!inv.files.has(`${locale}/${notFoundObject}`))
      problems.push(
        `${shown(inv, `${locale}/${notFoundObject}`)} is missing: every locale needs its not-found page (locales.notFoundObject is '${notFoundObject}'); add it`,
      );
  }
  return problems;
}
