/**
 * Goals a script fires by name: a string literal that is the goal endpoint plus an id, as the README's ways
 * of firing a goal write it (`navigator.sendBeacon('/__edge/goal/signup')`, `fetch("/__edge/goal/signup",
 * { method: 'POST' })`, a template literal without `${…}`), in `.js` files and inline scripts alike.
 * A URL built at run time (`'/__edge/goal/' + id`) names no goal here; `data-goal` attributes name those.
 */
import { GOAL_ENDPOINT_PREFIX } from '../edge-functions/shared/endpoints';

const escaped = GOAL_ENDPOINT_PREFIX.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/**
 * A quote, the endpoint, an id, and what ends it (the same quote, or a query or fragment). Linear: a match
 * starts only at a quote and its id stops at the next quote, so no character is read by two attempts.
 */
const LITERAL = new RegExp(`(['"\`])${escaped}([^'"\`?#\\s\\\\{}]*)(['"\`?#])`, 'g');

export function scriptGoals(code: string): string[] {
  const goals: string[] = [];
  for (const [, open, id, end] of code.matchAll(LITERAL))
    if (id !== '' && (end === open || end === '?' || end === '#')) goals.push(id!);
  return [...new Set(goals)];
}
