/**
 * Goals the site fires exist in the configuration, and goals the configuration declares are fired. A goal is
 * fired by a `data-goal="<id>"` attribute, a link to `/__edge/goal/<id>`, or a goal URL in a script literal
 * (`navigator.sendBeacon('/__edge/goal/<id>')`, in a `.js` file or an inline script). An unknown goal is
 * answered 404 by the edge and never counted (a problem); a declared goal nothing fires counts nothing,
 * which may be intended while a page is being built (a warning).
 */
import { GOAL_ENDPOINT_PREFIX } from '../../edge-functions/shared/endpoints';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { count, groupBy, someFiles } from '../group';
import { shown, type SiteInventory } from '../inventory';
import type { Page, Script } from '../pages';

interface Fired {
  readonly file: string;
  readonly goal: string;
}

function firedGoals(pages: readonly Page[], scripts: readonly Script[]): Fired[] {
  const fromPage = ({ file, facts }: Page): Fired[] =>
    [
      ...facts.goals,
      ...facts.references
        .filter((r) => r.url.startsWith(GOAL_ENDPOINT_PREFIX))
        .map((r) => r.url.slice(GOAL_ENDPOINT_PREFIX.length).split(/[?#]/)[0]!),
    ].map((goal) => ({ file, goal }));
  return [
    ...pages.flatMap(fromPage),
    ...scripts.flatMap(({ file, goals }) => goals.map((goal) => ({ file, goal }))),
  ];
}

export function goalProblems(
  config: SiteConfig,
  inv: SiteInventory,
  pages: readonly Page[],
  scripts: readonly Script[],
): string[] {
  const known = new Set(config.experiments.goals.map((g) => g.id));
  const unknown = firedGoals(pages, scripts).filter((f) => !known.has(f.goal));
  return groupBy(unknown, (f) => f.goal).map(({ first: { goal }, files }) => {
    const fix = `add { id: '${goal}' } to experiments.goals or fix the id`;
    if (files.length === 1)
      return `${shown(inv, files[0])} fires goal '${goal}', which experiments.goals does not list; ${fix}`;
    return `goal '${goal}' is fired by ${count(files.length, 'file')}, and experiments.goals does not list it: ${someFiles(files, (f) => shown(inv, f))}; ${fix}`;
  });
}

export function unfiredGoalWarnings(
  config: SiteConfig,
  inv: SiteInventory,
  pages: readonly Page[],
  scripts: readonly Script[],
): string[] {
  const fired = new Set(firedGoals(pages, scripts).map((f) => f.goal));
  return config.experiments.goals.flatMap((g, i) =>
    fired.has(g.id)
      ? []
      : [
          `experiments.goals[${i}] ('${g.id}') is fired by no file in ${shown(inv)}, so it will count nothing; fire it with data-goal="${g.id}" or navigator.sendBeacon('${GOAL_ENDPOINT_PREFIX}${g.id}'), or remove it`,
        ],
  );
}
