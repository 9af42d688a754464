/**
 * The local CloudFront: `startServer(options)` serves a site folder as a private S3 bucket through the very
 * bundles that deploy (`dist/<name>/index.js`), phase by phase like a distribution (`pipeline.ts`), over
 * plain HTTP/1.1 (`http/adapter.ts`).
 */
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
// The build's path helpers only: the build itself (esbuild, the site checks) is the dev loop's to load.
import { bundlePath } from '../edge-functions/build/options';
import type { FunctionName } from '../edge-functions/functions';
import type { SiteConfig } from '../edge-functions/config';
import { cacheBehaviors, type BehaviorFacts } from '../edge-functions/config/cache-policy';
import { ResponseCache } from './cache/store';
import { createHttpServer } from './http/adapter';
import { loadHandler, type Handler } from './lambda';
import { createLogger } from './logs';
import type { Distribution, PipelineContext } from './pipeline';

export interface ServerOptions {
  /** @default 8080 (0 picks a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Folder served as the bucket (`LoadedConfig.siteDir`); a missing folder is an empty bucket. */
  readonly siteDir: string;
  /** Handlers, or bundle files to load. @default the built bundles in dist/ */
  readonly viewerRequest?: Handler | string;
  readonly originResponse?: Handler | string;
  /** The configuration the bundles were built from (`LoadedConfig.config`): behaviours, content types. */
  readonly config: SiteConfig;
  /**
   * Cache behaviours. @default `cacheBehaviors(config)` — exactly what the CDK stack deploys; override only to
   * compare policies (the benchmark adds `Accept-Language` to the key to show what that would cost).
   */
  readonly behaviors?: readonly BehaviorFacts[];
  /** Cache size bound in bytes (the memory its entries hold). @default 64 MiB */
  readonly cacheMaxBytes?: number;
  /** Print an access line and the functions' decisions, errors and warnings. @default true */
  readonly log?: boolean | ((line: string) => void);
  /**
   * Folder where every line a function prints is appended to `<function>.log`, created on first use.
   * `npm start` passes `defaultLogDir(configFile)` (`.cloudfront/logs` next to `edge.config.ts`).
   * @default no log files
   */
  readonly logDir?: string;
  /** Lambda@Edge time limits in ms (viewer triggers 5 s; origin triggers 30 s). */
  readonly viewerTimeoutMs?: number;
  readonly originTimeoutMs?: number;
}

export interface LocalCloudFront {
  readonly url: string;
  readonly port: number;
  readonly cache: { readonly bytes: number; readonly entries: number };
  /**
   * Reload the handlers from their bundle files and empty the cache (after a rebuild); `next` swaps in a
   * new configuration and site folder (`npm start` after an `edge.config.ts` edit).
   */
  reload(next?: { readonly config: SiteConfig; readonly siteDir: string }): void;
  /** Empty the cache (like an invalidation of `/*`). */
  purge(): void;
  close(): Promise<void>;
}

/** A bundle file is loaded as Lambda would; viewer-request with the local log channel (`lambda.ts`). */
function load(h: Handler | string | undefined, name: FunctionName, config: SiteConfig): Handler {
  if (typeof h === 'function') return h;
  const localLog = name === 'viewer-request' ? { debug: config.logs.debug } : undefined;
  return loadHandler(h ?? bundlePath(name), { localLog });
}

function distributionOf(options: ServerOptions, config: SiteConfig, siteDir: string): Distribution {
  return {
    config,
    siteDir: path.resolve(siteDir),
    behaviors: options.behaviors ?? cacheBehaviors(config),
    viewerRequest: {
      handler: load(options.viewerRequest, 'viewer-request', config),
      timeoutMs: options.viewerTimeoutMs ?? 5000,
    },
    originResponse: {
      handler: load(options.originResponse, 'origin-response', config),
      timeoutMs: options.originTimeoutMs ?? 30000,
    },
  };
}

export async function startServer(options: ServerOptions): Promise<LocalCloudFront> {
  let dist = distributionOf(options, options.config, options.siteDir);
  const cache = new ResponseCache(options.cacheMaxBytes ?? 64 * 1024 * 1024);
  const logger = createLogger(options);
  const ctx: PipelineContext = { distribution: () => dist, cache, inflight: new Map(), logger };
  const server = createHttpServer(ctx, { cache, distribution: () => dist, logDir: options.logDir });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  let closing: Promise<void> | undefined;
  const stop = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    await logger.close();
  };
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    get cache() {
      return { bytes: cache.bytes, entries: cache.size };
    },
    reload(next) {
      dist = distributionOf(options, next?.config ?? dist.config, next?.siteDir ?? dist.siteDir);
      cache.clear();
    },
    purge: () => cache.clear(),
    close: () => (closing ??= stop()),
  };
}
