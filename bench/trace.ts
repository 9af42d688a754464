/**
 * Synthetic traffic for the benchmarks: a seeded PRNG, a realistic Accept-Language mix, Zipf page
 * popularity, returning visitors with cookies and new visitors without. Deterministic for a given seed.
 */

/** Mulberry32: tiny, fast, good enough to shape traffic (not for security). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function weighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** Accept-Language values as browsers send them, with rough shares of traffic. */
export const ACCEPT_LANGUAGES: readonly (readonly [string, number])[] = [
  ['en-US,en;q=0.9', 30],
  ['en-US,en;q=0.5', 6],
  ['en-GB,en-US;q=0.9,en;q=0.8', 8],
  ['en', 3],
  ['ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7', 16],
  ['ja,en-US;q=0.9,en;q=0.8', 5],
  ['ja-JP', 3],
  ['de-DE,de;q=0.9,en-US;q=0.8,en;q=0.7', 5],
  ['fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7', 5],
  ['zh-CN,zh;q=0.9,en;q=0.8', 4],
  ['es-419,es;q=0.9', 3],
  ['ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7,ja;q=0.6', 2],
  ['pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7', 3],
  ['', 4],
  ['*', 1],
  ['en-US,en;q=0.9,ja;q=0.8', 2],
];

/** Page popularity ~ Zipf(s = 1): the home page dominates, assets ride along. */
export const PAGES: readonly string[] = ['/', '/features/', '/architecture/'];
export const ASSETS: readonly string[] = [
  '/assets/site.b0e0483b.css',
  '/assets/site.6332cbff.js',
  '/assets/favicon.33e665cb.svg',
];

export function zipf<T>(random: () => number, items: readonly T[]): T {
  return weighted(
    random,
    items.map((item, i) => [item, 1 / (i + 1)] as const),
  );
}

export interface TraceRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
}

const LOCALE_OF: Record<string, string> = { ja: 'ja' };

/**
 * One request of the trace. 60% returning visitors (locale + experiment cookies), 40% new browsers;
 * 70% pages, 25% assets, 5% missing pages; visitors ask for their locale's URL (what the 302 taught them).
 */
export function traceRequest(random: () => number): TraceRequest {
  const acceptLanguage = weighted(random, ACCEPT_LANGUAGES);
  const locale = LOCALE_OF[acceptLanguage.slice(0, 2)] ?? 'en';
  const headers: Record<string, string> = {
    'Accept-Encoding': 'gzip, deflate, br',
    'Sec-Fetch-Mode': 'navigate',
  };
  if (acceptLanguage !== '') headers['Accept-Language'] = acceptLanguage;
  if (random() < 0.6)
    headers.Cookie = `locale=${locale}; xp-home-hero=${random() < 0.5 ? 'control' : 'bold'}; _ga=GA1.1.${Math.floor(random() * 1e9)}`;
  const kind = random();
  const path =
    kind < 0.7
      ? `/${locale}${zipf(random, PAGES)}`
      : kind < 0.95
        ? zipf(random, ASSETS)
        : `/${locale}/missing-${Math.floor(random() * 5)}/`;
  return { path, headers };
}
