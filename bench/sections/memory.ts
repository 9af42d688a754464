/**
 * Memory: the cache's byte bound is the memory it holds. A server in a child process (so its RSS is its own)
 * serves 8,000 distinct compressed entries of one of the site's files (the cache full and evicting), is
 * purged ("idle": the allocator's working set for serving is resident, the cache empty), then serves 12,000
 * more (three times what the bound holds). What its resident memory grew by is compared with the bound.
 * History: each compressed body once pinned a 16 KB zlib buffer while ~1 KB was counted (+140 MiB), and the
 * 16 KB chunk each miss left for the GC fragmented the heap (+35 MiB on a busy machine) until compression
 * sized its chunks to the body. A measurement, not a test: RSS varies with machine load.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { fill } from '../fill';
import type { BenchSite } from '../site';
import { round2, type Section } from './section';

export const MEMORY_BOUND_BYTES = 16 * 1024 * 1024;
/** About 4,000 entries of a ~2 KB file fill the bound: 12,000 turn the cache over three times. */
const ENTRIES = 12_000;
/** RSS growth above idle allowed, as a multiple of the bound. */
export const RSS_GROWTH_TARGET = 1.5;

interface ChildReport {
  readonly rss: number;
  readonly memory: NodeJS.MemoryUsage;
  readonly cache: { readonly bytes: number; readonly entries: number };
}

const ask = (child: ChildProcess, message: string): Promise<ChildReport> =>
  new Promise((resolve) => {
    child.once('message', (m) => resolve(m as ChildReport));
    child.send(message);
  });

/**
 * The site's largest neutral text file (a stylesheet or script) CloudFront would compress (≥ 1,000 bytes),
 * as the entries' body; the largest neutral file otherwise.
 */
export function compressibleFile(site: BenchSite): string | undefined {
  const sized = site.neutralFiles.map((f) => ({ f, bytes: statSync(path.join(site.siteDir, f)).size }));
  const text = sized.filter((x) => /\.(css|js|svg|txt|json|xml)$/i.test(x.f) && x.bytes >= 1000);
  const pick = (list: typeof sized) => list.sort((a, b) => b.bytes - a.bytes)[0]?.f;
  return pick(text) ?? pick(sized);
}

function spawn(): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(__dirname, '..', 'memory-child.ts'), [String(MEMORY_BOUND_BYTES)], {
    // glibc's per-thread arenas keep freed pages resident (0-25 MiB that varies with load): two arenas keep
    // RSS a measure of live memory.
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
    execArgv: ['--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve) =>
    child.once('message', (m) => resolve({ child, port: (m as { port: number }).port })),
  );
}

const MiB = (n: number) => round2(n / 2 ** 20);

export const memory: Section = {
  name: 'memory',
  async run(ctx) {
    const file = compressibleFile(ctx.site);
    if (file === undefined) return { tables: [], targets: [], data: { skipped: 'no neutral file' } };
    const { child, port } = await spawn();
    try {
      await fill(port, file, 'warm', 8_000);
      const idle = await ask(child, 'purge');
      const compressed = await fill(port, file, '', ENTRIES);
      const full = await ask(child, 'rss');
      const grown = full.rss - idle.rss;
      const live = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external;
      const row = {
        file,
        entries: ENTRIES,
        'gzip answers': compressed,
        'idle RSS MiB': MiB(idle.rss),
        'full RSS MiB': MiB(full.rss),
        'RSS growth MiB': MiB(grown),
        'heap+external growth MiB': MiB(live(full.memory) - live(idle.memory)),
        'cache MiB': MiB(full.cache.bytes),
        'cache entries': full.cache.entries,
        'bound MiB': MiB(MEMORY_BOUND_BYTES),
      };
      const target = `memory: RSS growth ≤ ${RSS_GROWTH_TARGET}× the ${MiB(MEMORY_BOUND_BYTES)} MiB cache bound`;
      return {
        tables: [{ title: 'Memory (local CloudFront in its own process, compressed entries)', rows: [row] }],
        targets: [
          { target, value: `${MiB(grown)} MiB`, met: grown <= RSS_GROWTH_TARGET * MEMORY_BOUND_BYTES },
        ],
        data: row,
      };
    } finally {
      child.kill();
    }
  },
};
