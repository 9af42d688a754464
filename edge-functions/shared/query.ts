/**
 * Query strings as `application/x-www-form-urlencoded` (WHATWG URL §5.1): `&`-separated pairs, `+` is a
 * space, percent escapes decoded (a bad escape stays as written). Reading and dropping a parameter decode
 * its name the same way, so a redirect that removes `?xp-home-hero=` can never keep a spelling of it that
 * would trigger the same redirect again. No `URLSearchParams`: CloudFront Functions lack it.
 * https://url.spec.whatwg.org/#urlencoded-parsing
 */

function decodePart(raw: string): string {
  // Split and joined, not a global regex: njs 0.7 can loop on one over non-ASCII text (`shared/syntax.ts`).
  const text = raw.includes('+') ? raw.split('+').join(' ') : raw;
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const nameOf = (pair: string): string => {
  const eq = pair.indexOf('=');
  return decodePart(eq === -1 ? pair : pair.slice(0, eq));
};

/** Decoded name → decoded value of the first pair with that name (a null-prototype object). */
export type Query = Readonly<Record<string, string | undefined>>;

/** Name → value of the first pair with that name. */
export function parseQuery(query: string): Query {
  const out: Record<string, string | undefined> = Object.create(null);
  if (query === '') return out;
  const pairs = query.split('&');
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i]!;
    if (pair === '') continue;
    const name = nameOf(pair);
    if (out[name] !== undefined) continue;
    const eq = pair.indexOf('=');
    out[name] = eq === -1 ? '' : decodePart(pair.slice(eq + 1));
  }
  return out;
}

/** The query without any pair named in `drop` (other pairs byte for byte), then `add` when given. */
export function rewriteQuery(query: string, drop: readonly string[], add?: string): string {
  const kept = query === '' ? [] : query.split('&').filter((p) => p !== '' && !drop.includes(nameOf(p)));
  if (add !== undefined) kept.push(add);
  return kept.join('&');
}
