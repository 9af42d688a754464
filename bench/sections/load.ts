/**
 * Load: 200 connections on the local CloudFront with a small cache bound, replaying the site's trace mixed
 * with an endless stream of distinct missing pages — errors, memory and whether the bound holds.
 */
import { load as autocannon, spawnServer, type LoadResult } from '../http';
import type { BenchSite } from '../site';
import { createTrace } from '../sessions';
import { seeded } from '../trace';
import { round2, type Row, type Section, type Target } from './section';

export const CACHE_BOUND_BYTES = 512 * 1024;
export const CONNECTIONS = 200;
/** Share of requests for pages that never existed, each a new cache key. */
export const UNIQUE_MISSING = 0.3;

/** The request paths of the load run: the trace, and distinct missing pages under the default locale. */
export function loadPaths(site: BenchSite, seed = 99): () => string {
  const random = seeded(seed);
  const next = createTrace(site, random);
  return () => {
    if (random() < UNIQUE_MISSING) return `/${site.defaultLocale}/gone-${Math.floor(random() * 1e6)}/`;
    const t = next();
    return t.querystring === '' ? t.path : `${t.path}?${t.querystring}`;
  };
}

export interface LoadData {
  readonly seconds: number;
  readonly result: LoadResult;
  readonly maxRssBytes: number;
  readonly cacheBytes: number;
}

export const loadRow = (d: LoadData): Row => ({
  connections: CONNECTIONS,
  seconds: d.seconds,
  requests: d.result.total,
  'req/s': Math.round(d.result.requestsPerSecond),
  'p99 ms': d.result.p99Ms,
  errors: d.result.errors,
  'peak RSS MB': round2(d.maxRssBytes / 2 ** 20),
  'cache KB': round2(d.cacheBytes / 1024),
  'bound KB': CACHE_BOUND_BYTES / 1024,
  'bound held': d.cacheBytes <= CACHE_BOUND_BYTES ? 'yes' : 'NO',
});

export const loadTargets = (d: LoadData): Target[] => [
  {
    target: `load: 0 errors, cache ≤ ${CACHE_BOUND_BYTES / 1024} KB bound`,
    value: `${d.result.errors} errors, ${round2(d.cacheBytes / 1024)} KB`,
    met: d.result.errors === 0 && d.cacheBytes <= CACHE_BOUND_BYTES,
  },
];

export const load: Section<LoadData> = {
  name: 'load',
  async run(ctx) {
    const seconds = ctx.quick ? 5 : 30;
    const server = await spawnServer('local', ctx.outDir, CACHE_BOUND_BYTES);
    try {
      const headers = createTrace(ctx.site, seeded(98))().headers;
      const result = await autocannon(`http://127.0.0.1:${server.port}/`, {
        connections: CONNECTIONS,
        duration: seconds,
        headers,
        paths: loadPaths(ctx.site),
      });
      const stats = await server.stats();
      const data = { seconds, result, maxRssBytes: stats.maxRssBytes, cacheBytes: stats.cacheBytes };
      return {
        tables: [
          {
            title: `Load (local CloudFront, trace + ${UNIQUE_MISSING * 100}% unique missing pages)`,
            rows: [loadRow(data)],
          },
        ],
        targets: loadTargets(data),
        data,
      };
    } finally {
      server.stop();
    }
  },
};
