/**
 * Serving a page once its locale is chosen: its experiments (a variant object to forward, or a redirect
 * that sets their cookies first), then the forward itself, with exactly the experiment cookies decided.
 */
import { parseQuery } from '../shared/query';
import type { Assignment } from '../shared/experiments';
import { pagePath, variantObject } from '../shared/paths';
import { answer, logAssignments, type Context, type Decision } from './context';
import { pageExperiments } from './enroll';
import type { LocaleChoice } from './locale';
import { fits, uriTooLong } from './responses';

/**
 * Forward `object`, or answer 414 when CloudFront would refuse it. The request's experiment cookies become
 * exactly `assignments`' canonical values: on every other path (neutral files, pages without experiments,
 * non-page files) no experiment cookie reaches the cache key.
 */
export function forward(
  ctx: Context,
  object: string,
  assignments: readonly Assignment[],
  choice?: LocaleChoice,
): Decision {
  const config = ctx.deps.config;
  if (!fits(object, ctx.request.querystring)) return answer(ctx, uriTooLong());
  if (choice) logAssignments(ctx, assignments, choice);
  const names = config.experimentCookieNames;
  if (names.length === 0) return { kind: 'forward', uri: object };
  const add = assignments
    .filter((a) => a.cookie !== undefined)
    .map((a): readonly [string, string] => [a.experiment.cookieName, a.cookie!]);
  return { kind: 'forward', uri: object, cookies: add };
}

/** The page's experiments: its variant object to forward, or a redirect that sets cookies first. */
export function servePage(
  ctx: Context,
  path: string,
  object: string,
  choice: LocaleChoice,
  cookies: Cookies,
): Decision {
  const deps = ctx.deps;
  const request = ctx.request;
  const visit = {
    config: deps.config,
    request,
    cookies,
    query: parseQuery(request.querystring),
    page: pagePath(object.slice(choice.locale.length + 1)),
    path,
    random: deps.random,
    newId: deps.newId,
    hmac: deps.hmac,
    now: deps.now(),
    live: ctx.live,
  };
  const page = pageExperiments(visit, object, ctx.lines);
  const assignments = page.assignments;
  if (page.response) return answer(ctx, page.response, choice, assignments);
  let target = object;
  for (let i = 0; i < assignments.length; i++)
    if (assignments[i]!.variant !== assignments[i]!.experiment.control)
      target = variantObject(target, assignments[i]!.variant);
  return forward(ctx, target, assignments, choice);
}

export type Cookies = Record<string, string | undefined>;
