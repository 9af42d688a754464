/**
 * Site checks: what the edge functions and the strict headers rely on, verified on any site folder before
 * anything is bundled or deployed. `npm run build` runs them (so `npm test`, `npm run synth` and
 * `npm run deploy` stop too) and reports every problem at once, each naming the file or configuration field
 * and the fix. docs/your-site.md lists each message.
 */
import type { SiteConfig } from '../edge-functions/config/schema';
import { takeInventory } from './inventory';
import { cspProblems } from './rules/csp';
import { experimentProblems } from './rules/experiments';
import { fileProblems } from './rules/files';
import { goalProblems } from './rules/goals';
import { localeProblems, missingLocaleFolders } from './rules/locales';
import { referenceProblems } from './rules/references';
import { seoProblems } from './rules/seo';
import { readPages } from './pages';

export class SiteCheckError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Site check failed (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'SiteCheckError';
  }
}

/** Every problem with the site folder for this configuration; empty when it is ready to ship. */
export function checkSite(config: SiteConfig, siteDir: string): string[] {
  const inv = takeInventory(config, siteDir);
  const located = [...fileProblems(config, inv), ...localeProblems(config, inv)];
  // Root causes first and alone: a missing locale folder would otherwise fail every link into it.
  if (inv.files.size === 0 || missingLocaleFolders(config, inv).length > 0) return located;
  const pages = readPages(inv);
  return [
    ...located,
    ...experimentProblems(config, inv),
    ...referenceProblems(config, inv, pages),
    ...cspProblems(config, inv, pages),
    ...seoProblems(config, inv, pages),
    ...goalProblems(config, inv, pages),
  ];
}
