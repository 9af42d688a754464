/** Child-process servers and autocannon runs for the HTTP benchmarks. */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import autocannon from 'autocannon';

export interface Child {
  readonly port: number;
  stats(): Promise<{ maxRssBytes: number; cacheBytes: number; cacheEntries: number }>;
  stop(): void;
}

/** A `serve.ts` child running the bundles in `outDir` (the bench's build, `signing.ts`) in `mode`. */
export async function spawnServer(mode: string, outDir: string, cacheMaxBytes?: number): Promise<Child> {
  const child: ChildProcess = fork(
    path.join(__dirname, 'serve.ts'),
    [mode, outDir, ...(cacheMaxBytes === undefined ? [] : [String(cacheMaxBytes)])],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`server ${mode} exited with ${code}`)));
  });
  return {
    port,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', (m) =>
          resolve(m as { maxRssBytes: number; cacheBytes: number; cacheEntries: number }),
        );
        child.send('stats');
      }),
    stop: () => void child.kill(),
  };
}

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly p50Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly total: number;
}

export async function load(
  url: string,
  options: { connections: number; duration: number; headers?: Record<string, string>; paths?: () => string },
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.duration,
    headers: options.headers,
    requests: options.paths
      ? [{ setupRequest: (req: autocannon.Request) => ({ ...req, path: options.paths!() }) }]
      : undefined,
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
