/**
 * Loads `edge.config.ts` — the one configuration file — the way Vite loads `vite.config.ts`: bundled with
 * esbuild and evaluated fresh on every call, so `npm start` applies an edit without a restart and tests can
 * load fixture configurations side by side. `EDGE_CONFIG=<file>` points every command at another file.
 */
import { buildSync } from 'esbuild';
import { existsSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { completeConfig, type EdgeConfig } from './define';
import type { SiteConfig } from './schema';
import { ConfigError, validateConfig } from './validate';

/** The repository root: where `edge.config.ts`, `dist/` and `cdk.json` live. */
export const ROOT = path.resolve(__dirname, '..', '..');

export const CONFIG_FILE_NAME = 'edge.config.ts';

export interface LoadedConfig {
  /** Absolute path of the configuration file. */
  readonly file: string;
  readonly config: SiteConfig;
  /** Absolute path of the site folder (`config.site`, relative to the file). */
  readonly siteDir: string;
}

/** `EDGE_CONFIG`, else `<root>/edge.config.ts`. */
export function configFilePath(): string {
  const fromEnv = process.env.EDGE_CONFIG;
  return fromEnv ? path.resolve(fromEnv) : path.join(ROOT, CONFIG_FILE_NAME);
}

/** Bundle the file (it may import `defineConfig` and its own helpers) and evaluate it in a new module. */
function evaluate(file: string): unknown {
  const out = buildSync({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  const mod = new Module(file);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    path.dirname(file),
  );
  (mod as unknown as { _compile(code: string, file: string): void })._compile(out.outputFiles[0]!.text, file);
  const exported = mod.exports as { default?: unknown };
  return exported.default ?? exported;
}

/**
 * Load, complete and validate a configuration file. Throws a `ConfigError` naming the file and every bad
 * field, or an Error naming the file when it does not compile.
 */
export function loadConfig(file = configFilePath()): LoadedConfig {
  const rel = path.relative(process.cwd(), file) || file;
  if (!existsSync(file))
    throw new Error(
      `${rel}: configuration file not found (create it with defineConfig(), see docs/your-site.md)`,
    );
  let input: unknown;
  try {
    input = evaluate(file);
  } catch (err) {
    throw new Error(`${rel}: does not compile: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  if (typeof input !== 'object' || input === null)
    throw new ConfigError([`default export must be defineConfig({ … }), got: ${typeof input}`], rel);
  const config = completeConfig(input as EdgeConfig);
  validateConfig(config, rel);
  return { file, config, siteDir: path.resolve(path.dirname(file), config.site) };
}
