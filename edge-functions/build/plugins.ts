/**
 * The build's virtual modules. Lambda@Edge has no environment variables and cannot read S3 or the disk at
 * run time, so what a function reads — its projection of the configuration and the localized not-found
 * pages — is baked into its bundle as literals.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html
 */
import type { Plugin } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { originConfig, resolveConfig, viewerConfig } from '../config/resolve';
import type { SiteConfig } from '../config/schema';
import { CONFIG_FILE_NAME, ROOT } from '../config/load';
import type { FunctionName } from '../functions';
import { experimentPages, localeFolder, plainPages, takeInventory } from '../../site-checks/inventory';
import { bakePlainPages } from '../shared/plain-pages';
import { loadSigningKeys } from './signing-keys';
import { localeMatch } from './locale-table';

/** What a function's bundle is built from: the completed configuration and the site folder. */
export interface BakeInput {
  readonly config: SiteConfig;
  readonly siteDir: string;
  /** Files whose change should rebuild (the configuration file). */
  readonly watchFiles?: readonly string[];
  /** The configuration file: `.signing-keys` is looked for beside it. @default '<root>/edge.config.ts' */
  readonly file?: string;
  /** Keys that sign proofs of enrollment. @default loadSigningKeys(<the configuration's folder>) */
  readonly signingKeys?: readonly string[];
}

/** A one-module plugin: `import x from '<specifier>'` → `export default <json>`. */
function virtualModule(specifier: string, json: () => unknown, watchFiles: () => string[]): Plugin {
  const namespace = specifier.replace(/[^a-z-]/g, '-');
  return {
    name: specifier,
    setup(b) {
      b.onResolve({ filter: new RegExp(`^${specifier}$`) }, () => ({ path: specifier, namespace }));
      b.onLoad({ filter: /.*/, namespace }, () => ({
        contents: `export default ${JSON.stringify(json())};`,
        loader: 'js',
        watchFiles: watchFiles(),
      }));
    },
  };
}

/**
 * The projection of the configuration a function reads (viewer-request never sees the cache table, and
 * only viewer-request holds the signing keys, the site's covered pages and its plain-file pages).
 */
export function bakedConfig(name: FunctionName, input: BakeInput): unknown {
  const resolved = resolveConfig(input.config);
  if (name !== 'viewer-request') return originConfig(resolved);
  const keys =
    input.signingKeys ?? loadSigningKeys(path.dirname(input.file ?? path.join(ROOT, CONFIG_FILE_NAME))).keys;
  const inventory = takeInventory(input.config, input.siteDir);
  return viewerConfig(resolved, {
    signingKeys: keys,
    experimentPages: experimentPages(input.config, inventory),
    localeMatch: localeMatch(input.config.locales),
    plainPages: bakePlainPages(plainPages(input.config, inventory)),
  });
}

const notFoundFile = (input: BakeInput, locale: string): string =>
  path.join(input.siteDir, localeFolder(input.config, locale), input.config.locales.notFoundObject);

/** `{ en: '<html…>', 'pt-BR': '<html…>' }` from `<site>/<locale folder>/<notFoundObject>` (the site checks require them). */
export function readNotFoundPages(input: BakeInput): Record<string, string> {
  const pages: Record<string, string> = {};
  for (const locale of input.config.locales.supported) {
    const file = notFoundFile(input, locale);
    pages[locale] = existsSync(file) ? readFileSync(file, 'utf8') : '';
  }
  return pages;
}

export function bakePlugins(name: FunctionName, input: BakeInput): Plugin[] {
  const watch = [...(input.watchFiles ?? [])];
  return [
    virtualModule(
      'virtual:edge-config',
      () => bakedConfig(name, input),
      () => watch,
    ),
    virtualModule(
      'virtual:not-found-pages',
      () => (name === 'origin-response' ? readNotFoundPages(input) : {}),
      () => input.config.locales.supported.map((l) => notFoundFile(input, l)),
    ),
  ];
}

/** The same virtual modules, empty: the bundle that remains is the function's code alone. */
export function codeOnlyPlugins(): Plugin[] {
  return [
    virtualModule(
      'virtual:edge-config',
      () => ({}),
      () => [],
    ),
    virtualModule(
      'virtual:not-found-pages',
      () => ({}),
      () => [],
    ),
  ];
}
