/**
 * HTTP throughput: the local CloudFront answering one page of the site from its cache and with every request
 * a miss, against sirv serving the same file — each server in its own process, autocannon in this one.
 */
import { load, spawnServer, type LoadResult } from '../http';
import { plainPage, type BenchSite } from '../site';
import { round2, type Row, type Section, type Target } from './section';

/** Cache hits should be served at least this fast relative to sirv. */
export const VS_SIRV_TARGET = 1;

/** The page measured: the most popular one no experiment covers, its URL and its object key. */
export function throughputPage(site: BenchSite): { url: string; object: string } {
  const page = plainPage(site);
  const locale = site.defaultLocale;
  const object = site.objects.get(locale)?.get(page) ?? `${locale}${page}index.html`;
  return { url: `/${locale}${page}`, object: `/${object}` };
}

export interface ThroughputData {
  readonly hit: LoadResult;
  readonly miss: LoadResult;
  readonly sirv: LoadResult;
}

export function throughputRows(d: ThroughputData): Row[] {
  const row = (server: string, r: LoadResult): Row => ({
    server,
    'req/s': Math.round(r.requestsPerSecond),
    'p50 ms': r.p50Ms,
    'p99 ms': r.p99Ms,
    'vs sirv': round2(r.requestsPerSecond / d.sirv.requestsPerSecond),
    errors: r.errors,
  });
  return [
    row('local CloudFront, cache hit', d.hit),
    row('local CloudFront, cache miss', d.miss),
    row('sirv (reference)', d.sirv),
  ];
}

export const throughputTargets = (d: ThroughputData): Target[] => {
  const ratio = d.hit.requestsPerSecond / d.sirv.requestsPerSecond;
  return [
    {
      target: `hit throughput ≥ ${VS_SIRV_TARGET}× sirv`,
      value: `${round2(ratio)}×`,
      met: ratio >= VS_SIRV_TARGET,
    },
  ];
};

export const throughput: Section<ThroughputData> = {
  name: 'throughput',
  async run(ctx) {
    const duration = ctx.quick ? 3 : 10;
    const { url, object } = throughputPage(ctx.site);
    const headers = { 'Accept-Language': ctx.site.defaultLocale };
    const servers = await Promise.all(['local', 'local-miss', 'sirv'].map((m) => spawnServer(m, ctx.outDir)));
    const [hitServer, missServer, sirvServer] = servers as [
      (typeof servers)[0],
      (typeof servers)[0],
      (typeof servers)[0],
    ];
    try {
      const at = (port: number, path: string) => `http://127.0.0.1:${port}${path}`;
      await load(at(hitServer.port, url), { connections: 10, duration: 1, headers });
      const data: ThroughputData = {
        hit: await load(at(hitServer.port, url), { connections: 50, duration, headers }),
        miss: await load(at(missServer.port, url), { connections: 50, duration, headers }),
        sirv: await load(at(sirvServer.port, object), { connections: 50, duration, headers }),
      };
      return {
        tables: [
          {
            title: `HTTP throughput (autocannon, 50 connections, ${duration} s, same page: ${url})`,
            rows: throughputRows(data),
          },
        ],
        targets: throughputTargets(data),
        data,
      };
    } finally {
      servers.forEach((s) => s.stop());
    }
  },
};
