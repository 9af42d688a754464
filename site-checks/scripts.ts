/**
 * Goals a script fires by name: a string literal that is the goal endpoint plus an id, as the README's ways
 * of firing a goal write it (`navigator.sendBeacon('/__edge/goal/signup')`, `fetch("/__edge/goal/signup",
 * { method: 'POST' })`, a template literal without `${…}`), in `.js` files and inline scripts alike.
 * A URL built at run time (`'/__edge/goal/' + id`) names no goal here; `data-goal` attributes name those.
 */
import { GOAL_ENDPOINT_PREFIX } from '../edge-functions/shared/endpoints';
import { TOKEN } from '../edge-functions/shared/syntax';

/** RFC 6265 token characters (goal ids are tokens), but quotes and `#`, which end a literal or a URL. */
const ID_CHAR = TOKEN.source.slice(1, TOKEN.source.indexOf(']') + 1).replace(/['#`]/g, '');
const escaped = GOAL_ENDPOINT_PREFIX.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/**
 * A quote, the endpoint, an id, and what ends it (the same quote, or a query or fragment). Linear: a match
 * starts only at a quote and its id stops at the first character that is not a token's, so no character is
 * read by two attempts.
 */
const LITERAL = new RegExp(`(['"\`])${escaped}(${ID_CHAR}*)(['"\`?#])`, 'g');

export function scriptGoals(code: string): string[] {
  const goals: string[] = [];
  for (const [, open, id, end] of code.matchAll(LITERAL))
    if (id !== '' && (end === open || end === '?' || end === '#')) goals.push(id!);
  return [...new Set(goals)];
}
