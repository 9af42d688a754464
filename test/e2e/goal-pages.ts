/**
 * Where a visitor can convert, found in any site the way the build's goal check reads it
 * (site-checks/rules/goals.ts): a page covered by an enabled experiment whose every served object — the
 * control and each variant combination the visitor may get — holds an element that fires the goal, a
 * `data-goal="<id>"` (the site's script sends the beacon) or a link to `/__edge/goal/<id>`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ExperimentConfig, SiteConfig } from '../../edge-functions/config/schema';
import { GOAL_ENDPOINT_PREFIX } from '../../edge-functions/shared/endpoints';
import { matchesPath, variantObject } from '../../edge-functions/shared/paths';
import { readHtml, type HtmlFacts } from '../../site-checks/html';
import { localeFolder, type SiteInventory } from '../../site-checks/inventory';

export interface GoalPage {
  readonly goal: string;
  readonly locale: string;
  /** The page's URL path, with its locale: `/en/`. */
  readonly url: string;
  /** Enabled experiments covering the page: a visitor landing there is enrolled in each. */
  readonly experiments: readonly ExperimentConfig[];
  /** Matches the goal's element in every object the page may be served from. */
  readonly selector: string;
}

/** The CSS selector of what fires `goal` in one document, or undefined when nothing does. */
function goalSelector(facts: HtmlFacts, goal: string): string | undefined {
  if (facts.goals.includes(goal)) return `[data-goal=${JSON.stringify(goal)}]`;
  const link = facts.references.find(
    (r) => r.tag === 'a' && r.url.split(/[?#]/)[0] === `${GOAL_ENDPOINT_PREFIX}${goal}`,
  );
  return link && `a[href=${JSON.stringify(link.url)}]`;
}

/** Every object viewer-request may serve for `file`: one variant of each covering experiment, composed. */
const servedObjects = (file: string, experiments: readonly ExperimentConfig[]): string[] =>
  experiments.reduce(
    (files, e) =>
      files.flatMap((f) =>
        e.variants.map((v) => (v.name === e.control ? f : variantObject(`/${f}`, v.name).slice(1))),
      ),
    [file],
  );

/** One page per goal and locale (the first in inventory order), for every configured goal that has one. */
export function goalPages(config: SiteConfig, inv: SiteInventory): GoalPage[] {
  const facts = new Map<string, HtmlFacts | undefined>();
  const factsOf = (file: string) => {
    if (!facts.has(file))
      facts.set(
        file,
        inv.files.has(file) ? readHtml(readFileSync(path.join(inv.siteDir, file), 'utf8')) : undefined,
      );
    return facts.get(file);
  };
  const found: GoalPage[] = [];
  for (const { id: goal } of config.experiments.goals)
    for (const locale of config.locales.supported)
      for (const [page, file] of inv.pages.get(locale) ?? []) {
        const experiments = config.experiments.list.filter((e) => e.enabled && matchesPath(e.paths, page));
        if (experiments.length === 0) continue;
        const selectors = servedObjects(file, experiments).map((f) => {
          const seen = factsOf(f);
          return seen && goalSelector(seen, goal);
        });
        if (selectors.some((s) => s === undefined)) continue;
        const selector = [...new Set(selectors)].join(', ');
        found.push({ goal, locale, url: `/${localeFolder(config, locale)}${page}`, experiments, selector });
        break;
      }
  return found;
}
