/**
 * `npm run bench`: measures what the project claims, prints tables and writes bench/results.json.
 * Sections: bundle sizes · per-event cost vs references · cold init · cache efficiency · HTTP throughput vs
 * sirv · load (200 connections) · Lambda@Edge cost estimate. `--quick` shortens the HTTP runs.
 */
import { writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseAcceptLanguage, pick } from 'accept-language-parser';
import { parseCookie } from 'cookie';
import { bundlePath, DIST, FUNCTIONS, reportBundle } from '../edge-functions/build';
import { CODE_BUDGET } from '../edge-functions/budgets';
import type { CloudFrontRequestEvent } from '../edge-functions/cloudfront/types';
import { viewerRequest } from '../test/support/events';
import { loadHandler } from '../emulator/lambda';
import { originEvents, viewerEvents } from './events';
import { load, spawnServer } from './http';
import { firstEventMs, timeHandler, wallMsInterleaved, type AnyHandler, type Timing } from './measure';
import { replay } from './replay';
import { seeded, traceRequest } from './trace';

const QUICK = process.argv.includes('--quick');
/** `--only=perEvent,cold` runs a subset: perEvent, cold, cache, throughput, load (bundles always print). */
const ONLY = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const want = (section: string) => !ONLY || ONLY.includes(section);
const results: Record<string, unknown> = {};
const table = (title: string, rows: Record<string, string | number>[]) => {
  console.log(`\n${title}`);
  console.table(rows);
};
const us = (n: number) => Number(n.toFixed(2));

/** Published prices (https://aws.amazon.com/cloudfront/pricing/, Lambda@Edge): per request and per GB-second. */
const PRICE = { perMillionRequests: 0.6, perGbSecond: 0.00005001, memoryGb: 128 / 1024, billingMs: 1 };

async function main(): Promise<void> {
  console.log(`edge personalisation benchmarks — ${new Date().toISOString()}`);
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} ×${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${os.platform()} ${os.arch()}`,
  );
  results.machine = { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version };

  // 1. Bundle sizes
  const bundles = await Promise.all(FUNCTIONS.map((name) => reportBundle(name, DIST)));
  table(
    'Bundles (shipped files)',
    bundles.map((b) => ({
      function: b.name,
      'min KB': us(b.bytes / 1024),
      'gzip KB': us(b.gzipBytes / 1024),
      'code KB': us(b.codeBytes / 1024),
      'code budget KB': us(CODE_BUDGET[b.name] / 1024),
      'config KB': us(b.configBytes / 1024),
    })),
  );
  results.bundles = bundles;

  // 2. Per-event cost, shipped bundles vs references
  let timings: Record<string, Timing> | undefined;
  if (want('perEvent')) {
    const viewer = loadHandler(bundlePath('viewer-request')) as AnyHandler;
    const origin = loadHandler(bundlePath('origin-response')) as AnyHandler;
    const noop: AnyHandler = (async (e: CloudFrontRequestEvent) =>
      e.Records[0]!.cf.request) as unknown as AnyHandler;
    const naive: AnyHandler = (async (e: CloudFrontRequestEvent) => {
      const r = e.Records[0]!.cf.request;
      const al = r.headers['accept-language']?.[0]?.value ?? '';
      pick(['en', 'ja'], al, { loose: true });
      parseAcceptLanguage(al);
      parseCookie(r.headers.cookie?.[0]?.value ?? '');
      return r;
    }) as unknown as AnyHandler;
    const N = 2_000;
    timings = {
      'no-op handler (floor)': await timeHandler(noop, () => viewerEvents(N, 11)),
      'naive (parser + cookie.parse)': await timeHandler(naive, () => viewerEvents(N, 11)),
      'viewer-request (shipped)': await timeHandler(viewer, () => viewerEvents(N, 11)),
      'origin-response (shipped)': await timeHandler(origin, () => originEvents(N, 12)),
    };
    table(
      'Per-event cost, in-process (µs/event over 100-event batches; console.log silenced)',
      Object.entries(timings).map(([name, t]) => ({
        handler: name,
        'median µs': us(t.medianUs),
        'p99 µs': us(t.p99Us),
        events: t.events,
      })),
    );
    results.perEvent = timings;
  }

  // 3. Cold init
  let cold: Record<string, string | number>[] = [];
  if (want('cold')) {
    const returning = viewerRequest({
      uri: '/en/',
      headers: { Cookie: 'xp-home-hero=bold', 'Sec-Fetch-Mode': 'navigate' },
    });
    const newVisitor = viewerRequest({
      uri: '/en/',
      headers: { 'Accept-Language': 'ja-JP,ja;q=0.9', 'Sec-Fetch-Mode': 'navigate' },
    });
    const cases = [
      ['viewer-request', 'returning visitor', returning],
      ['viewer-request', 'new visitor (CSPRNG draw)', newVisitor],
      ['origin-response', '200 page', originEvents(1, 4)[0]],
    ] as const;
    // stdout is opened first in every script: Lambda's runtime has it open before the handler logs.
    const open = "process.stdout.write('');";
    const [baseline, ...walls] = wallMsInterleaved([
      open,
      ...cases.map(
        ([name, , e]) => `${open}require(${JSON.stringify(bundlePath(name))}).handler(${JSON.stringify(e)})`,
      ),
    ]);
    cold = cases.map(([name, first, e], i) => ({
      function: name,
      'first event': first,
      'wall ms': us(walls[i]!),
      'baseline ms': us(baseline!),
      'over baseline ms': us(walls[i]! - baseline!),
      'require + first answer ms (in-process)': us(firstEventMs(bundlePath(name), JSON.stringify(e))),
    }));
    table(
      'Cold init (fresh Node process, median of 31 interleaved runs; baseline = a script that only opens stdout)',
      cold,
    );
    results.coldInit = cold;
  }

  // 4. Cache efficiency
  const traceSize = QUICK ? 20_000 : 100_000;
  const cacheRows: Record<string, string | number>[] = [];
  if (want('cache')) {
    for (const mode of ['local', 'local-al'] as const) {
      const child = await spawnServer(mode);
      const r = await replay(child.port, traceSize);
      child.stop();
      const cacheable = r.hits + r.misses;
      const idealRatio = 1 - r.idealKeys / cacheable;
      const hitRatio = r.hits / cacheable;
      cacheRows.push({
        'cache key':
          mode === 'local' ? 'deployed policy (URI + experiment cookie)' : '+ Accept-Language (contrast)',
        requests: r.requests,
        cacheable: cacheable,
        'redirects (uncached)': r.generated,
        'distinct keys (misses)': r.misses,
        'ideal keys': r.idealKeys,
        'hit ratio %': us(hitRatio * 100),
        'ideal %': us(idealRatio * 100),
        'of ideal %': us((hitRatio / idealRatio) * 100),
        errors: r.errors,
      });
    }
    table(
      `Cache efficiency (trace of ${traceSize} requests: Zipf pages, Accept-Language mix, 60% returning)`,
      cacheRows,
    );
    results.cache = cacheRows;
  }

  // 5. Throughput vs sirv
  const duration = QUICK ? 3 : 10;
  let rows: Record<string, string | number>[] = [];
  if (want('throughput')) {
    const hitServer = await spawnServer('local');
    const missServer = await spawnServer('local-miss');
    const sirvServer = await spawnServer('sirv');
    const page = { 'Accept-Language': 'en-US,en;q=0.9' };
    await load(`http://127.0.0.1:${hitServer.port}/en/features/`, {
      connections: 10,
      duration: 1,
      headers: page,
    });
    const hit = await load(`http://127.0.0.1:${hitServer.port}/en/features/`, {
      connections: 50,
      duration,
      headers: page,
    });
    const miss = await load(`http://127.0.0.1:${missServer.port}/en/features/`, {
      connections: 50,
      duration,
      headers: page,
    });
    const ref = await load(`http://127.0.0.1:${sirvServer.port}/en/features/index.html`, {
      connections: 50,
      duration,
      headers: page,
    });
    [hitServer, missServer, sirvServer].forEach((s) => s.stop());
    rows = [
      {
        server: 'local CloudFront, cache hit',
        'req/s': Math.round(hit.requestsPerSecond),
        'p50 ms': hit.p50Ms,
        'p99 ms': hit.p99Ms,
        'vs sirv': us(hit.requestsPerSecond / ref.requestsPerSecond),
        errors: hit.errors,
      },
      {
        server: 'local CloudFront, cache miss',
        'req/s': Math.round(miss.requestsPerSecond),
        'p50 ms': miss.p50Ms,
        'p99 ms': miss.p99Ms,
        'vs sirv': us(miss.requestsPerSecond / ref.requestsPerSecond),
        errors: miss.errors,
      },
      {
        server: 'sirv (reference)',
        'req/s': Math.round(ref.requestsPerSecond),
        'p50 ms': ref.p50Ms,
        'p99 ms': ref.p99Ms,
        'vs sirv': 1,
        errors: ref.errors,
      },
    ];
    table(`HTTP throughput (autocannon, 50 connections, ${duration} s, same page)`, rows);
    results.throughput = rows;
  }

  // 6. Load: 200 connections, mixed trace including endless distinct 404 keys, small cache bound
  if (want('load') && !process.argv.includes('--skip-load')) {
    const bound = 512 * 1024;
    const server = await spawnServer('local', bound);
    const random = seeded(99);
    const l = await load(`http://127.0.0.1:${server.port}/`, {
      connections: 200,
      duration: QUICK ? 5 : 30,
      headers: traceRequest(random).headers,
      paths: () => (random() < 0.3 ? `/en/gone-${Math.floor(random() * 1e6)}/` : traceRequest(random).path),
    });
    const stats = await server.stats();
    server.stop();
    const loadRow = {
      connections: 200,
      seconds: QUICK ? 5 : 30,
      requests: l.total,
      'req/s': Math.round(l.requestsPerSecond),
      'p99 ms': l.p99Ms,
      errors: l.errors,
      'peak RSS MB': us(stats.maxRssBytes / 2 ** 20),
      'cache KB': us(stats.cacheBytes / 1024),
      'bound KB': bound / 1024,
      'bound held': stats.cacheBytes <= bound ? 'yes' : 'NO',
    };
    table('Load (local CloudFront, trace + 30% unique missing pages)', [loadRow]);
    results.load = loadRow;
  }

  // 7. Cost
  const hitRatio = cacheRows.length > 0 ? Number((cacheRows[0]!['hit ratio %'] as number) / 100) : 0.99;
  const perInvocation = PRICE.memoryGb * (PRICE.billingMs / 1000) * PRICE.perGbSecond;
  const viewerCost = PRICE.perMillionRequests + 1e6 * perInvocation;
  const originCost = (1 - hitRatio) * (PRICE.perMillionRequests + 1e6 * perInvocation);
  const costRows = [
    { item: 'viewer-request, every request (billed 1 ms @128 MB)', 'USD per 1M requests': us(viewerCost) },
    {
      item: `origin-response, misses only (${us((1 - hitRatio) * 100)}%)`,
      'USD per 1M requests': Number(originCost.toFixed(4)),
    },
    { item: 'total Lambda@Edge', 'USD per 1M requests': us(viewerCost + originCost) },
  ];
  table(
    `Lambda@Edge cost estimate ($${PRICE.perMillionRequests}/1M requests, $${PRICE.perGbSecond}/GB-s, 1 ms granularity; measured durations are < 1 ms, so billing is the floor)`,
    costRows,
  );
  results.cost = costRows;

  // Targets
  const v = timings?.['viewer-request (shipped)'];
  const o = timings?.['origin-response (shipped)'];
  const targets = [
    {
      target: 'viewer-request ≤ 12 KB minified',
      value: `${us(bundles[0]!.bytes / 1024)} KB`,
      met: bundles[0]!.bytes <= 12 * 1024,
    },
    v && {
      target: 'viewer-request ≤ 3 µs/event (median)',
      value: `${us(v.medianUs)} µs`,
      met: v.medianUs <= 3,
    },
    o && {
      target: 'origin-response ≤ 2 µs/event (median)',
      value: `${us(o.medianUs)} µs`,
      met: o.medianUs <= 2,
    },
    cold.length > 0 && {
      target: 'cold init ≤ 3 ms over baseline',
      value: cold.map((c) => `${c['over baseline ms']} ms`).join(' / '),
      met: cold.every((c) => (c['over baseline ms'] as number) <= 3),
    },
    cacheRows.length > 0 && {
      target: 'hit ratio ≥ 99.9% of ideal',
      value: `${cacheRows[0]!['of ideal %']}%`,
      met: (cacheRows[0]!['of ideal %'] as number) >= 99.9,
    },
    rows.length > 0 && {
      target: 'hit throughput ≥ 1.0× sirv',
      value: `${rows[0]!['vs sirv']}×`,
      met: (rows[0]!['vs sirv'] as number) >= 1,
    },
  ]
    .filter((t) => t !== false && t !== undefined)
    .map((t) => ({ ...t, met: t.met ? 'yes' : 'NO' }));
  table('Targets', targets);
  results.targets = targets;
  if (!ONLY) writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (!ONLY) console.log('\nwrote bench/results.json');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
