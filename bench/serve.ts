/**
 * A server in its own process for the HTTP benchmarks (so the load generator does not share its event
 * loop): `local` (the local CloudFront), `local-miss` (a 1-byte cache: every request is a miss), `local-al`
 * (Accept-Language added to the cache key), or `sirv` (the reference static server). The local CloudFront
 * runs the bundles of the folder given after the mode (`serve.ts <mode> <bundles> [cache bytes]`). Prints
 * its port; on an IPC `stats` message, replies with peak RSS and cache figures.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { bundlePath } from '../edge-functions/build';
import { loadConfig } from '../edge-functions/config/load';
import { cacheBehaviors } from '../edge-functions/config/cache-policy';
import { startServer, type LocalCloudFront } from '../emulator';

/** The root `edge.config.ts` and its site: the bench measures the site you ship. */
const { config, siteDir: SITE } = loadConfig();

async function main(): Promise<void> {
  const [mode = 'local', outDir, bytes] = process.argv.slice(2);
  if (outDir === undefined) throw new Error('usage: serve.ts <mode> <bundles folder> [cache bytes]');
  const cacheMaxBytes = Number(bytes ?? 64 * 1024 * 1024);
  let local: LocalCloudFront | undefined;
  let port: number;
  if (mode === 'sirv') {
    const serve = sirv(SITE, { dev: false, etag: true });
    const server = createServer((req, res) =>
      serve(req, res, () => {
        res.statusCode = 404;
        res.end();
      }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  } else {
    const behaviors =
      mode === 'local-al'
        ? cacheBehaviors(config).map((b) => ({
            ...b,
            cachePolicy: { ...b.cachePolicy, headers: ['Accept-Language'] },
          }))
        : undefined;
    local = await startServer({
      port: 0,
      log: false,
      config,
      siteDir: SITE,
      viewerRequest: bundlePath('viewer-request', outDir),
      originResponse: bundlePath('origin-response', outDir),
      behaviors,
      cacheMaxBytes: mode === 'local-miss' ? 1 : cacheMaxBytes,
    });
    port = local.port;
  }
  process.on('message', (m) => {
    if (m === 'stats')
      process.send?.({
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        cacheBytes: local?.cache.bytes ?? 0,
        cacheEntries: local?.cache.entries ?? 0,
      });
  });
  process.send?.({ port });
}

void main();
