/**
 * New visitors without a browser, for the statistics of the browser suites: which variant a new visitor
 * draws depends only on what its requests carry, imitated here from a browser's navigation, and a fresh
 * browser visit costs ~15× as much (200 took 29 s in Chromium, 1.7 s here, on the 2-core machine).
 */

/** What Chromium's top-level navigation sends that viewer-request reads (Fetch Metadata, the language). */
const NAVIGATION = {
  'sec-fetch-mode': 'navigate',
  'sec-fetch-dest': 'document',
  'sec-fetch-site': 'none',
  'accept-language': 'en-US,en;q=0.9',
};

/**
 * The body a new visitor is finally served at `path`: redirects are followed with the cookies they set, as a
 * browser does (a new visitor is redirected once, to the same page, with its proof of enrollment).
 */
export async function newVisitorLands(
  base: string,
  path: string,
  cookies: readonly string[] = [],
): Promise<string> {
  const jar = [...cookies];
  let target = path;
  for (let hop = 0; hop < 5; hop++) {
    const res = await fetch(new URL(target, base), {
      headers: { ...NAVIGATION, ...(jar.length > 0 ? { cookie: jar.join('; ') } : {}) },
      redirect: 'manual',
    });
    const body = await res.text();
    jar.push(...res.headers.getSetCookie().map((c) => c.split(';')[0]!));
    if (res.status === 200) return body;
    const location = res.headers.get('location');
    if (res.status < 300 || res.status > 399 || location === null)
      throw new Error(`a new visitor at ${target} was answered ${res.status}`);
    target = location;
  }
  throw new Error(`a new visitor at ${path} was redirected more than 5 times`);
}

/**
 * The fewest visits after which every variant has been drawn, except with probability at most `alpha`: the
 * smallest n with Σ (1 − p)ⁿ ≤ alpha over the variants' shares p (a union bound on "some variant unseen").
 */
export function visitsToSeeAll(variants: readonly { readonly weight: number }[], alpha: number): number {
  const total = variants.reduce((s, v) => s + v.weight, 0);
  const missed = (n: number) => variants.reduce((s, v) => s + (1 - v.weight / total) ** n, 0);
  let n = 1;
  while (missed(n) > alpha) n++;
  return n;
}
