/**
 * Site checks: what the edge functions and the strict headers rely on, verified on any site folder before
 * anything is bundled or deployed. `npm run build` runs them (so `npm test`, `npm run synth` and
 * `npm run deploy` stop too) and reports every problem at once, each naming the file or configuration field
 * and the fix, root causes first. Warnings name what ships but will not work as probably meant; they never
 * fail the build. docs/your-site.md lists each message.
 */
import type { SiteConfig } from '../edge-functions/config/schema';
import { count } from './group';
import { takeInventory, type SiteInventory } from './inventory';
import { cspProblems } from './rules/csp';
import { experimentProblems } from './rules/experiments';
import { fileProblems } from './rules/files';
import { goalProblems, unfiredGoalWarnings } from './rules/goals';
import { leftoverWarnings, unreachableWarnings } from './rules/layout';
import { limitProblems } from './rules/limits';
import { localeProblems, missingLocaleFolders } from './rules/locales';
import { referenceProblems } from './rules/references';
import { seoProblems } from './rules/seo';
import { readPages, readScripts } from './pages';

export class SiteCheckError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly warnings: readonly string[] = [],
  ) {
    super(`Site check failed (${count(problems.length, 'problem')}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'SiteCheckError';
  }
}

/** What was checked, for the one line a green build prints. */
export interface SiteSummary {
  readonly pages: number;
  readonly variantFiles: number;
  readonly locales: number;
  readonly experiments: number;
  readonly goals: number;
  readonly files: number;
}

export interface SiteReport {
  /** Each fails the build. */
  readonly problems: readonly string[];
  /** Each is printed (`warning: …`), none fails the build. */
  readonly warnings: readonly string[];
  readonly summary: SiteSummary;
}

/** Every problem and warning about the site folder for this configuration. */
export function inspectSite(config: SiteConfig, siteDir: string): SiteReport {
  const inv = takeInventory(config, siteDir);
  const summary = summarize(config, inv);
  const located = [...fileProblems(config, inv), ...localeProblems(config, inv)];
  // Root causes first and alone: a missing locale folder would otherwise fail every link into it.
  if (inv.files.size === 0 || missingLocaleFolders(config, inv).length > 0)
    return { problems: located, warnings: [], summary };
  const pages = readPages(inv);
  const scripts = readScripts(inv);
  const problems = [
    ...located,
    ...limitProblems(config, inv),
    ...experimentProblems(config, inv),
    ...referenceProblems(config, inv, pages),
    ...cspProblems(config, inv, pages),
    ...seoProblems(config, inv, pages),
    ...goalProblems(config, inv, pages, scripts),
  ];
  const warnings = [
    ...unreachableWarnings(config, inv),
    ...leftoverWarnings(inv),
    ...unfiredGoalWarnings(config, inv, pages, scripts),
  ];
  return { problems, warnings, summary };
}

/** Every problem with the site folder for this configuration; empty when it is ready to ship. */
export const checkSite = (config: SiteConfig, siteDir: string): string[] => [
  ...inspectSite(config, siteDir).problems,
];

function summarize(config: SiteConfig, inv: SiteInventory): SiteSummary {
  return {
    pages: [...inv.pages.values()].reduce((n, m) => n + m.size, 0),
    variantFiles: inv.variantFiles.size,
    locales: config.locales.supported.length,
    experiments: config.experiments.list.length,
    goals: config.experiments.goals.length,
    files: inv.files.size,
  };
}

/** `site checks passed: 24 pages (+16 variant files) in 4 locales, 1 experiment, 1 goal; 33 files`. */
export function formatSummary(s: SiteSummary, warnings = 0): string {
  const variants = s.variantFiles > 0 ? ` (+${count(s.variantFiles, 'variant file')})` : '';
  const warned = warnings > 0 ? `, ${count(warnings, 'warning')}` : '';
  return `site checks passed: ${count(s.pages, 'page')}${variants} in ${count(s.locales, 'locale')}, ${count(s.experiments, 'experiment')}, ${count(s.goals, 'goal')}; ${count(s.files, 'file')} ready to upload${warned}`;
}
