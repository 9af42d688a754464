/**
 * `npm start` → `tsx emulator/cli.ts --watch`: build the bundles, serve `site/` through them on
 * http://localhost:3000 (`PORT` or `--port` overrides), and rebuild + reload on every change to the functions, the configuration or the site.
 */
import { watch } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildAll, formatReports, ROOT, watchAll } from '../edge-functions/build';
import { startServer, type LocalCloudFront } from './server';

const USAGE = `Local CloudFront: serves a folder through the Lambda@Edge bundles in dist/.

Usage: npm start [-- options]   (or: npx tsx emulator/cli.ts [options])

Options:
  --port <n>                port to listen on (default $PORT or 3000; 0 picks a free one)
  --host <addr>             address to bind (default 127.0.0.1)
  --site <dir>              folder served as the S3 bucket (default site/)
  --viewer-request <file>   viewer-request bundle (default dist/viewer-request/index.js)
  --origin-response <file>  origin-response bundle (default dist/origin-response/index.js)
  --watch                   rebuild the bundles and reload on changes (npm start passes it)
  --quiet                   no access log
  -h, --help                this text

Invalidate the cache:  curl -X POST localhost:3000/__cloudfront/invalidations -d '{"paths":["/en/*"]}'
`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      'viewer-request': { type: 'string' },
      'origin-response': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      site: { type: 'string', default: path.join(ROOT, 'site') },
      watch: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be an integer in 0..65535, got: '${values.port}'`);
  const siteDir = path.resolve(values.site);

  // Filled in once the first build is done; the watcher's callback reads it later.
  const state: { server?: LocalCloudFront } = {};
  if (values.watch) {
    let first = true;
    await new Promise<void>((resolve) => {
      void watchAll((reports) => {
        console.log(formatReports(reports));
        if (first) {
          first = false;
          resolve();
        } else if (state.server) {
          state.server.reload();
          console.log('reloaded handlers, cache purged');
        }
      });
    });
    // esbuild builds both bundles; wait for the second report before loading them.
    await new Promise((r) => setTimeout(r, 300));
  } else {
    console.log(formatReports(await buildAll()));
  }
  const server = await startServer({
    port,
    host: values.host,
    siteDir,
    viewerRequest: values['viewer-request'],
    originResponse: values['origin-response'],
    log: values.quiet ? false : undefined,
  });
  if (values.watch) {
    watch(siteDir, { recursive: true }, () => server.purge());
  }
  const url = values.host === '127.0.0.1' ? `http://localhost:${server.port}` : server.url;
  console.log(`\nLocal CloudFront ready on ${url}  (site: ${path.relative(process.cwd(), siteDir) || '.'})`);
  console.log(`Try ${url}/ , ${url}/ja/ , ${url}/en/?xp-home-hero=bold\n`);
  state.server = server;
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
