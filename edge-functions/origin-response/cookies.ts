/**
 * Experiment `Set-Cookie` lines. viewer-request wrote the canonical assignment into the request's `Cookie`
 * (which the cache policy forwards and keys on), so echoing it here keeps the cached `Set-Cookie` a function
 * of the cache key (lambda-edge.md §5). `Max-Age`, never `Expires`: the response is cached and replayed.
 */
import { parseCookie, stringifySetCookie } from 'cookie';
import type { ExperimentConfig } from '../config/schema';

export function experimentSetCookies(
  cookieHeader: string,
  experiments: readonly ExperimentConfig[],
): string[] {
  if (cookieHeader === '') return [];
  const cookies: Record<string, string | undefined> = Object.assign(
    Object.create(null),
    parseCookie(cookieHeader.slice(0, 16 * 1024)),
  );
  const lines: string[] = [];
  for (const e of experiments) {
    const value = cookies[e.cookieName];
    // Only a current variant of an enabled experiment is written back; anything else was not ours to echo.
    if (!e.enabled || value === undefined || !e.variants.some((v) => v.name === value)) continue;
    lines.push(
      stringifySetCookie({
        name: e.cookieName,
        value,
        maxAge: e.cookieMaxAgeSeconds,
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'lax',
      }),
    );
  }
  return lines;
}
