/**
 * Experiment `Set-Cookie` lines. viewer-request wrote the canonical assignment into the request's `Cookie`
 * (which the cache policy forwards and keys on), so echoing it here keeps the cached `Set-Cookie` a function
 * of the cache key: a behavior that forwards cookies caches every `Set-Cookie` with the object and replays it
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Cookies.html). `Max-Age`, never
 * `Expires`: the response is cached and replayed.
 */
// A plain require (import-equals): the package is CommonJS, and ESM interop helpers would cost bundle bytes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import cookie = require('cookie');
import type { ExperimentConfig } from '../config/schema';
import { MAX_COOKIE_HEADER } from '../shared/cookies';
import { isVariant } from '../shared/experiments';

/** Set-Cookie lines per (experiment, variant): a handful of strings, built once per warm container. */
const built = new WeakMap<ExperimentConfig, Map<string, string>>();

function setCookieLine(e: ExperimentConfig, value: string): string {
  let byValue = built.get(e);
  if (!byValue) built.set(e, (byValue = new Map()));
  let line = byValue.get(value);
  if (line === undefined) {
    // cookie's strict writer: a bad name or value throws instead of producing a broken header.
    line = cookie.stringifySetCookie({
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
  // The same bound as viewer-request's reader: an experiment cookie is found wherever it sits in the header.
  // (`cookie`'s parser is in this bundle already for its writer; both follow RFC 6265 §5.2's leniency, and
  // it returns a null-prototype object, so a cookie named `__proto__` is just data.)
  const cookies = cookie.parseCookie(cookieHeader.slice(0, MAX_COOKIE_HEADER));
  const out: string[] = [];
  for (const e of experiments) {
    const value = cookies[e.cookieName];
    // Only a current variant of an enabled experiment is written back; anything else was not ours to echo.
    if (!e.enabled || !isVariant(e, value)) continue;
    out.push(setCookieLine(e, value));
  }
  return out;
}
