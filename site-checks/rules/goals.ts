/**
 * Goals the site fires exist in the configuration: a `data-goal="<id>"` attribute or a link to
 * `/__edge/goal/<id>` naming an unknown goal would be answered 404 by the edge and never counted.
 */
import { GOAL_ENDPOINT_PREFIX } from '../../edge-functions/config/cache-policy';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { shown, type SiteInventory } from '../inventory';
import type { Page } from '../pages';

export function goalProblems(config: SiteConfig, inv: SiteInventory, pages: readonly Page[]): string[] {
  const known = new Set(config.experiments.goals.map((g) => g.id));
  const problems: string[] = [];
  for (const { file, facts } of pages) {
    const fired = [
      ...facts.goals,
      ...facts.references
        .filter((r) => r.url.startsWith(GOAL_ENDPOINT_PREFIX))
        .map((r) => r.url.slice(GOAL_ENDPOINT_PREFIX.length).split(/[?#]/)[0]!),
    ];
    for (const goal of new Set(fired))
      if (!known.has(goal))
        problems.push(
          `${shown(inv, file)} fires goal '${goal}', which experiments.goals does not list; add { id: '${goal}' } to experiments.goals or fix the id`,
        );
  }
  return problems;
}
