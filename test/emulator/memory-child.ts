/**
 * The server side of `memory.test.ts`, in its own process so its RSS is its own: the demo fixture with the
 * query string `v` added to the `/assets/*` key (so each `?v=` is a distinct compressed entry) and a small
 * cache bound. Answers `rss` (after two full collections) and `purge` over IPC.
 */
import { cacheBehaviors } from '../../edge-functions/config/cache-policy';
import { startServer } from '../../emulator';
import { serverOptions } from '../support/fixtures';

async function main(): Promise<void> {
  const cacheMaxBytes = Number(process.argv[2]);
  const options = serverOptions('demo');
  const behaviors = cacheBehaviors(options.config).map((b) =>
    b.pathPattern === '/assets/*' ? { ...b, cachePolicy: { ...b.cachePolicy, queryStrings: ['v'] } } : b,
  );
  const server = await startServer({ ...options, port: 0, log: false, cacheMaxBytes, behaviors });
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  process.on('message', (m) => {
    if (m === 'purge') server.purge();
    collect();
    collect();
    const memory = process.memoryUsage();
    process.send?.({ rss: memory.rss, memory, cache: server.cache });
  });
  process.send?.({ port: server.port });
}

void main();
