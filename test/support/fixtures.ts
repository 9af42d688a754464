/**
 * Fixture sites for product tests: each is an `edge.config.ts` + `site/` under test/fixtures/<name>/, built
 * by the real build into test-artifacts/bundles/<name>/ (global setup). Product tests read these, never
 * the root `edge.config.ts` or `site/`, so replacing the demo with your own site changes no test result.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundlePath } from '../../edge-functions/build/options';
import type { FunctionName } from '../../edge-functions/functions';
import { loadConfig, type LoadedConfig } from '../../edge-functions/config/load';
import {
  resolveConfig,
  viewerConfig,
  type ResolvedConfig,
  type ViewerConfig,
} from '../../edge-functions/config/resolve';
import { bakePlainPages } from '../../edge-functions/shared/plain-pages';
import { experimentPages, plainPages, takeInventory } from '../../site-checks/inventory';
import { TEST_SIGNING_KEYS } from './keys';
import { localeMatch } from '../../edge-functions/build/locale-table';

/** The fixtures every generic suite runs against. */
export const FIXTURES = ['demo', 'three-locales', 'four-locales'] as const;
/**
 * Fixtures for what the generic suites do not cover: plain-file pages (`pricing.html`), in redirect mode and
 * (one site, two configurations) in rewrite mode.
 */
export const PLAIN_FIXTURES = ['plain-files', 'plain-files-rewrite'] as const;
/** Every fixture global setup builds. */
export const ALL_FIXTURES = [...FIXTURES, ...PLAIN_FIXTURES] as const;
export type FixtureName = (typeof ALL_FIXTURES)[number];

export const FIXTURES_DIR = path.join(__dirname, '..', 'fixtures');
export const BUNDLES_DIR = path.join(__dirname, '..', '..', 'test-artifacts', 'bundles');

export interface Fixture extends LoadedConfig {
  readonly name: FixtureName;
  readonly resolved: ResolvedConfig;
  /** What the viewer-request bundle bakes in. */
  readonly viewer: ViewerConfig;
  /** Where global setup built this fixture's bundles. */
  readonly outDir: string;
  bundle(fn: FunctionName): string;
}

const cache = new Map<FixtureName, Fixture>();

export const configFileOf = (name: string): string => path.join(FIXTURES_DIR, name, 'edge.config.ts');

/**
 * Where global setup saves each fixture's loaded configuration and baked viewer configuration (plain data:
 * JSON keeps them whole). Loading bundles the file with esbuild's synchronous API, a child process per call,
 * and baking asks the CLDR matcher for the locale table (~0.1 s a fixture); nearly every suite paid for both for
 * every fixture it touched, if only by spreading one. loadConfig and viewerConfig are tested in test/config.
 */
const savedPath = (name: FixtureName): string => path.join(BUNDLES_DIR, '..', 'configs', `${name}.json`);

interface Saved {
  readonly loaded: LoadedConfig;
  readonly viewer?: ViewerConfig;
}

/** What the viewer-request bundle of a loaded fixture bakes in, with the test signing keys. */
function bakeViewer(loaded: LoadedConfig): ViewerConfig {
  const inventory = takeInventory(loaded.config, loaded.siteDir);
  return viewerConfig(resolveConfig(loaded.config), {
    signingKeys: TEST_SIGNING_KEYS,
    experimentPages: experimentPages(loaded.config, inventory),
    localeMatch: localeMatch(loaded.config.locales),
    plainPages: bakePlainPages(plainPages(loaded.config, inventory)),
  });
}

/** Global setup: load and bake fixture `name` once for every suite; returns the loaded configuration. */
export function saveFixture(name: FixtureName): LoadedConfig {
  const loaded = loadConfig(configFileOf(name));
  const saved: Saved = { loaded, viewer: bakeViewer(loaded) };
  mkdirSync(path.dirname(savedPath(name)), { recursive: true });
  writeFileSync(savedPath(name), JSON.stringify(saved));
  return loaded;
}

/** What global setup saved, else (outside jest) loaded here, the viewer configuration then baked on use. */
function loadFixture(name: FixtureName): Saved {
  const file = savedPath(name);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Saved;
  return { loaded: loadConfig(configFileOf(name)) };
}

export function fixture(name: FixtureName): Fixture {
  let f = cache.get(name);
  if (!f) {
    const { loaded, viewer: saved } = loadFixture(name);
    const outDir = path.join(BUNDLES_DIR, name);
    let viewer = saved;
    f = {
      ...loaded,
      name,
      resolved: resolveConfig(loaded.config),
      get viewer() {
        return (viewer ??= bakeViewer(loaded));
      },
      outDir,
      bundle: (fn) => bundlePath(fn, outDir),
    };
    cache.set(name, f);
  }
  return f;
}

/** Load a fixture's bundle as Lambda@Edge would: a fresh CommonJS module with `exports.handler`. */
export function handlerOf<E = any, R = any>(name: FixtureName, fn: FunctionName): (event: E) => Promise<R> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(fixture(name).bundle(fn)) as { handler: (event: E) => Promise<R> }).handler;
}

/** What the local CloudFront needs to serve a fixture: its configuration, site folder and bundles. */
export function serverOptions(name: FixtureName) {
  const f = fixture(name);
  return {
    config: f.config,
    siteDir: f.siteDir,
    viewerRequest: f.bundle('viewer-request'),
    originResponse: f.bundle('origin-response'),
  };
}
