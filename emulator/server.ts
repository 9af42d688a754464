/**
 * The local CloudFront: `startServer(options)` serves a site folder as a private S3 bucket through the very
 * bundles that deploy (`dist/<name>/index.js`), phase by phase like a distribution (`pipeline.ts`), over
 * plain HTTP/1.1 (`http/adapter.ts`).
 */
import type { AddressInfo } from 'node:net';
import type * as KvsSeed from '../edge-functions/build/kvs-seed';
import * as path from 'node:path';
// The build's path helpers only: the build itself (esbuild, the site checks) is the dev loop's to load.
import { bundlePath, DIST } from '../edge-functions/build/options';
import type { FunctionName } from '../edge-functions/functions';
import {
  CLOUDFRONT_FUNCTIONS,
  CLOUDFRONT_FUNCTIONS_DIR,
  type CloudFrontFunctionName,
  type KvsData,
  type ViewerRuntime,
} from '../edge-functions/cloudfront-functions/contract';
import type { SiteConfig } from '../edge-functions/config';
import { cacheBehaviors, type BehaviorFacts } from '../edge-functions/config/cache-policy';
import { ResponseCache } from './cache/store';
import { createHttpServer } from './http/adapter';
import { loadHandler, type Handler } from './lambda';
import { createLogger } from './logs';
import { locateNjs, readKvsFile } from './njs';
import type { CloudFrontFunctionSlot } from './phases/cloudfront-function';
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
  /**
   * With `viewer.runtime: 'cloudfront-functions'`: the built CloudFront Functions (default
   * `dist/cloudfront-functions/<name>.js`) and the local KeyValueStore file, read on every request (`npm
   * start` passes `LOCAL_KVS_FILE` next to `edge.config.ts`); while it is missing the store is `kvsSeed`.
   */
  readonly cloudfrontFunctions?: {
    readonly bundles?: Partial<Record<CloudFrontFunctionName, string>>;
    readonly kvsFile?: string;
    /** The store deployed from the configuration. @default an empty store */
    readonly kvsSeed?: (config: SiteConfig) => KvsData;
  };
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

/** `viewer.runtime`: which runtime answers viewer requests. */
export const viewerRuntime = (config: SiteConfig): ViewerRuntime => config.viewer.runtime;

/** The deploy's seed, loaded on first use: only the CloudFront Functions runtime reads a store. */
const deploySeed = (config: SiteConfig) =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('../edge-functions/build/kvs-seed') as typeof KvsSeed).seedEntries(config);

/** The CloudFront Functions, after checking njs is there (it throws, saying how to install it). */
function functionSlots(options: ServerOptions, config: SiteConfig): Distribution['viewer'] {
  locateNjs();
  const o = options.cloudfrontFunctions ?? {};
  // While the local store file is missing: what the stack seeds at deploy (`build/kvs-seed.ts`).
  const seed = () => (o.kvsSeed ? o.kvsSeed(config) : { data: deploySeed(config) });
  const store = () => (o.kvsFile ? readKvsFile(o.kvsFile, seed) : { store: seed(), updated: new Date() });
  const slot = (name: CloudFrontFunctionName): CloudFrontFunctionSlot => ({
    runtime: 'cloudfront-functions',
    bundle: o.bundles?.[name] ?? path.join(DIST, CLOUDFRONT_FUNCTIONS_DIR, `${name}.js`),
    store,
    localLog: name === 'viewer-request' ? { debug: config.logs.debug } : undefined,
  });
  const slots = Object.fromEntries(CLOUDFRONT_FUNCTIONS.map((n) => [n, slot(n)]));
  return {
    runtime: 'cloudfront-functions',
    slots: slots as Record<CloudFrontFunctionName, CloudFrontFunctionSlot>,
  };
}

function distributionOf(options: ServerOptions, config: SiteConfig, siteDir: string): Distribution {
  const lambda = (): Distribution['viewer'] => ({
    runtime: 'lambda-edge',
    slot: {
      handler: load(options.viewerRequest, 'viewer-request', config),
      timeoutMs: options.viewerTimeoutMs ?? 5000,
    },
  });
  return {
    config,
    siteDir: path.resolve(siteDir),
    behaviors: options.behaviors ?? cacheBehaviors(config),
    viewer: viewerRuntime(config) === 'cloudfront-functions' ? functionSlots(options, config) : lambda(),
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
