/**
 * Fixture sites for product tests: each is an `edge.config.ts` + `site/` under test/fixtures/<name>/, built
 * by the real build into test-artifacts/bundles/<name>/ (global setup). Product tests read these, never
 * the root `edge.config.ts` or `site/`, so replacing the demo with your own site changes no test result.
 */
import { existsSync, readFileSync } from 'node:fs';
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
 * Where global setup saves each fixture's loaded configuration (plain data: JSON keeps it whole). Loading
 * bundles the file with esbuild's synchronous API, a child process per call, which nearly every suite paid for
 * every fixture it touched; loadConfig itself is tested in test/config.
 */
export const savedConfigPath = (name: FixtureName): string =>
  path.join(BUNDLES_DIR, '..', 'configs', `${name}.json`);

function loadFixture(name: FixtureName): LoadedConfig {
  const saved = savedConfigPath(name);
  if (existsSync(saved)) return JSON.parse(readFileSync(saved, 'utf8')) as LoadedConfig;
  return loadConfig(configFileOf(name));
}

export function fixture(name: FixtureName): Fixture {
  let f = cache.get(name);
  if (!f) {
    const loaded = loadFixture(name);
    const outDir = path.join(BUNDLES_DIR, name);
    let viewer: ViewerConfig | undefined;
    f = {
      ...loaded,
      name,
      resolved: resolveConfig(loaded.config),
      // Made on first use: the locale table asks the CLDR matcher, which most suites never need.
      get viewer() {
        const inventory = takeInventory(loaded.config, loaded.siteDir);
        return (viewer ??= viewerConfig(resolveConfig(loaded.config), {
          signingKeys: TEST_SIGNING_KEYS,
          experimentPages: experimentPages(loaded.config, inventory),
          localeMatch: localeMatch(loaded.config.locales),
          plainPages: bakePlainPages(plainPages(loaded.config, inventory)),
        }));
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
