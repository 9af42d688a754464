/**
 * The server side of the bench's memory section, in its own process so its RSS is its own: the site's
 * configuration with the query string `v` added to every behaviour's key (so each `?v=` of one file is a
 * distinct compressed entry) and a small cache bound. Answers `rss` (anonymous resident memory after two full
 * collections) and `purge` over IPC.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../edge-functions/config/load';
import { cacheBehaviors } from '../edge-functions/config/cache-policy';
import { startServer } from '../emulator';

/**
 * Anonymous resident memory (heap, malloc) on Linux: RSS without the file-backed pages of the node binary and
 * its libraries, which the kernel drops and faults back in with machine load. Elsewhere, RSS.
 */
function residentBytes(): number {
  try {
    const kb = /^RssAnon:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb !== undefined) return Number(kb) * 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage().rss;
}

/** Kernel figures for the log line (Linux): anonymous huge pages and swap, in bytes. */
function rollup(): Record<string, number> {
  try {
    const text = readFileSync('/proc/self/smaps_rollup', 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB$`, 'm').exec(text)?.[1] ?? 0) * 1024;
    return { anonHugePages: kb('AnonHugePages'), swap: kb('Swap'), privateDirty: kb('Private_Dirty') };
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  const cacheMaxBytes = Number(process.argv[2]);
  const { config, siteDir } = loadConfig();
  const behaviors = cacheBehaviors(config).map((b) => ({
    ...b,
    cachePolicy: { ...b.cachePolicy, queryStrings: ['v'] },
  }));
  const server = await startServer({ port: 0, log: false, config, siteDir, cacheMaxBytes, behaviors });
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  process.on('message', (m) => {
    if (m === 'purge') server.purge();
    collect();
    collect();
    const memory = { ...process.memoryUsage(), ...rollup() };
    process.send?.({ rss: residentBytes(), memory, cache: server.cache });
  });
  process.send?.({ port: server.port });
}

void main();
