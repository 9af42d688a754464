/**
 * Experiment `Set-Cookie` lines. viewer-request wrote the canonical assignment into the request's `Cookie`
 * (which the cache policy forwards and keys on), so echoing it here keeps the cached `Set-Cookie` a function
 * of the cache key (lambda-edge.md §5). `Max-Age`, never `Expires`: the response is cached and replayed.
 */
import { parseCookie, stringifySetCookie } from 'cookie';
import type { ExperimentConfig } from '../config/schema';
import { isVariant, MAX_COOKIE_HEADER } from '../shared/experiments';

/** Set-Cookie lines per (experiment, variant): a handful of strings, built once per warm container. */
const built = new WeakMap<ExperimentConfig, Map<string, string>>();

function setCookieLine(e: ExperimentConfig, value: string): string {
  let byValue = built.get(e);
  if (!byValue) built.set(e, (byValue = new Map()));
  let line = byValue.get(value);
  if (line === undefined) {
    // cookie's strict writer: a bad name or value throws instead of producing a broken header.
    line = stringifySetCookie({
      name: e.cookieName,
      value,
      maxAge: e.cookieMaxAgeSeconds,
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
    });
    byValue.set(value, line);
  }
  return line;
}

export function experimentSetCookies(
  cookieHeader: string,
  experiments: readonly ExperimentConfig[],
): string[] {
  if (cookieHeader === '') return [];
  const cookies: Record<string, string | undefined> = Object.assign(
    Object.create(null),
    parseCookie(cookieHeader.slice(0, MAX_COOKIE_HEADER)),
  );
  const out: string[] = [];
  for (const e of experiments) {
    const value = cookies[e.cookieName];
    // Only a current variant of an enabled experiment is written back; anything else was not ours to echo.
    if (!e.enabled || !isVariant(e, value)) continue;
    out.push(setCookieLine(e, value));
  }
  return out;
}
