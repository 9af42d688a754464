/**
 * `npm start` → `tsx emulator/cli.ts --watch`: load `edge.config.ts`, check the site, build the bundles and
 * serve the site folder through them on http://localhost:3000 (`PORT` or `--port` overrides); with
 * `--watch`, rebuild and reload on every change to the configuration, the site or the functions.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { folderOf } from '../edge-functions/shared/locales';
import { buildAll, describeFailure, formatReports } from '../edge-functions/build';
import { localStorePath } from '../edge-functions/build/kvs-seed';
import { LOCAL_KVS_FILE } from '../edge-functions/cloudfront-functions/contract';
import { configFilePath, loadConfig, type LoadedConfig } from '../edge-functions/config/load';
import { main as experiments } from '../experiments/cli';
import { startDevLoop } from './dev';
import { defaultLogDir } from './logs';
import { startServer, type LocalCloudFront } from './server';

const USAGE = `Local CloudFront: serves the site folder through the Lambda@Edge bundles in dist/ (with
viewer.runtime: 'cloudfront-functions', the CloudFront Functions under njs, the KeyValueStore read from
${LOCAL_KVS_FILE} next to the configuration on every request).

Usage: npm start [-- options]   (or: npx tsx emulator/cli.ts [options])

Options:
  --config <file>           configuration file (default $EDGE_CONFIG or edge.config.ts)
  --port <n>                port to listen on (default $PORT or 3000; 0 picks a free one)
  --host <addr>             address to bind (default 127.0.0.1)
  --watch                   rebuild and reload on changes to the config, the site or the code (npm start passes it)
  --quiet                   no access log
  -h, --help                this text

Each answer carries X-Emulator-Decision (viewer-request's decision; local only, never deployed).
Invalidate the cache:  curl -X POST localhost:3000/__cloudfront/invalidations -d '{"paths":["/*"]}'
`;

function parse() {
  const { values } = parseArgs({
    options: {
      config: { type: 'string', default: configFilePath() },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      host: { type: 'string', default: '127.0.0.1' },
      watch: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be an integer in 0..65535, got: '${values.port}'`);
  return { ...values, port, config: path.resolve(values.config) };
}

/** One line that shows where to look first: the home page, and each experiment forced by its override. */
function banner(server: LocalCloudFront, loaded: LoadedConfig, host: string): string {
  const url = host === '127.0.0.1' ? `http://localhost:${server.port}` : server.url;
  const { config } = loaded;
  const tries = [
    `${url}/`,
    ...config.locales.supported.map((l) => `${url}/${folderOf(l, config.locales.folderCase)}/`),
  ];
  for (const e of config.experiments.list.filter((x) => x.enabled)) {
    const page = e.paths[0]!.replace(/\*$/, '');
    const variant = e.variants.find((v) => v.name !== e.control)!.name;
    tries.push(
      `${url}/${folderOf(config.locales.default, config.locales.folderCase)}${page}?${e.overrideParam}=${variant}`,
    );
  }
  const site = path.relative(process.cwd(), loaded.siteDir) || '.';
  return `\nLocal CloudFront ready on ${url}  (site: ${site}, config: ${path.relative(process.cwd(), loaded.file)})\nTry ${tries.join(' , ')}\n`;
}

/**
 * The local store, when there is one, brought in line with the configuration as a deploy brings the deployed
 * one (`npm run experiments -- sync --local`): an edited `edge.config.ts` never runs on stale rows or weights.
 */
async function syncLocalStore(loaded: LoadedConfig): Promise<void> {
  const file = localStorePath(loaded.file);
  if (loaded.config.viewer.runtime !== 'cloudfront-functions' || !existsSync(file)) return;
  const stdout = { write: (text: string) => process.stdout.write(text) };
  await experiments(['sync', '--local'], { stdout, stderr: process.stderr, loaded });
}

async function main(): Promise<void> {
  const args = parse();
  if (args.help) return void process.stdout.write(USAGE);
  const serve = async (loaded: LoadedConfig): Promise<LocalCloudFront> => {
    await syncLocalStore(loaded);
    const server = await startServer({
      port: args.port,
      host: args.host,
      config: loaded.config,
      siteDir: loaded.siteDir,
      log: args.quiet ? false : undefined,
      logDir: defaultLogDir(loaded.file),
      cloudfrontFunctions: { kvsFile: path.join(path.dirname(loaded.file), LOCAL_KVS_FILE) },
    });
    console.log(banner(server, loaded, args.host));
    return server;
  };
  let server: LocalCloudFront | undefined;
  if (args.watch) {
    await startDevLoop({
      configFile: args.config,
      onChange: () => server?.purge(),
      onBuild: async (build) => {
        if (server) {
          await syncLocalStore(build);
          server.reload(build);
          console.log(`reloaded (build ${build.generation}): handlers, configuration and site; cache purged`);
        } else server = await serve(build);
      },
    });
  } else {
    const loaded = loadConfig(args.config);
    console.log(formatReports((await buildAll(loaded)).reports));
    server = await serve(loaded);
  }
  const stop = () => void (server?.close() ?? Promise.resolve()).then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(describeFailure(err));
  process.exit(1);
});
