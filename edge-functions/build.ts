/**
 * `npm run build`: validate the configuration, then bundle each handler with esbuild into
 * `dist/<name>/index.js` — the exact files CDK deploys and the local CloudFront runs.
 * CommonJS with `exports.handler`, target node22 (Lambda@Edge runtime nodejs22.x), minified, every
 * dependency inlined (Lambda@Edge has no layers) and the configuration baked in (no environment variables).
 */
import { build as esbuild, context, type BuildOptions, type Plugin } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { siteConfig } from './config/site.config';
import { ConfigError, validateConfig } from './config/validate';
import { originConfig, resolveConfig, viewerConfig } from './config/resolve';

export const ROOT = path.resolve(__dirname, '..');
export const FUNCTIONS = ['viewer-request', 'origin-response'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** Minified-size budgets in bytes. Viewer triggers are on every request; a bigger bundle is a slower cold start. */
export const SIZE_BUDGET: Readonly<Record<FunctionName, number>> = {
  'viewer-request': 12 * 1024,
  // Carries the localized not-found pages (site/<locale>/404.html) inlined as strings.
  'origin-response': 48 * 1024,
};

export const SITE_DIR = path.join(ROOT, 'site');

/**
 * `import pages from 'virtual:not-found-pages'` → `{ en: '<html…>', ja: '<html…>' }`, read from
 * `site/<locale>/<notFoundObject>` for every supported locale. origin-response cannot read S3, so the
 * localized 404 page is baked into its bundle from the same file the site deploys.
 */
export function notFoundPagesPlugin(siteDir = SITE_DIR): Plugin {
  return {
    name: 'not-found-pages',
    setup(b) {
      b.onResolve({ filter: /^virtual:not-found-pages$/ }, () => ({
        path: 'not-found-pages',
        namespace: 'virtual',
      }));
      b.onLoad({ filter: /.*/, namespace: 'virtual' }, () => ({
        contents: `export default ${JSON.stringify(readNotFoundPages(siteDir))};`,
        loader: 'js',
        watchFiles: siteConfig.locales.supported.map((l) =>
          path.join(siteDir, l, siteConfig.locales.notFoundObject),
        ),
      }));
    },
  };
}

/**
 * `import config from 'virtual:edge-config'` → the validated, resolved configuration projected to what this
 * function reads, as a JSON literal. Baked at build time: Lambda@Edge has no environment variables.
 */
export function bakedConfigPlugin(name: FunctionName): Plugin {
  return {
    name: 'edge-config',
    setup(b) {
      b.onResolve({ filter: /^virtual:edge-config$/ }, () => ({
        path: 'edge-config',
        namespace: 'edge-config',
      }));
      b.onLoad({ filter: /.*/, namespace: 'edge-config' }, () => {
        const resolved = resolveConfig(siteConfig);
        const projected = name === 'viewer-request' ? viewerConfig(resolved) : originConfig(resolved);
        return {
          contents: `export default ${JSON.stringify(projected)};`,
          loader: 'js',
          watchFiles: [path.join(ROOT, 'edge-functions', 'config', 'site.config.ts')],
        };
      });
    },
  };
}

export function readNotFoundPages(siteDir = SITE_DIR): Record<string, string> {
  const pages: Record<string, string> = {};
  for (const locale of siteConfig.locales.supported) {
    const file = path.join(siteDir, locale, siteConfig.locales.notFoundObject);
    if (!existsSync(file))
      throw new Error(
        `locales.notFoundObject: missing page for locale '${locale}', got: '${path.relative(ROOT, file)}'`,
      );
    pages[locale] = readFileSync(file, 'utf8');
  }
  return pages;
}

export const bundlePath = (name: FunctionName): string => path.join(ROOT, 'dist', name, 'index.js');

export function esbuildOptions(name: FunctionName): BuildOptions {
  return {
    entryPoints: [path.join(ROOT, 'edge-functions', name, 'index.ts')],
    outfile: bundlePath(name),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'warning',
    plugins: [notFoundPagesPlugin(), bakedConfigPlugin(name)],
  };
}

export interface BundleReport {
  readonly name: FunctionName;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly budget: number;
}

export function reportBundle(name: FunctionName): BundleReport {
  const code = readFileSync(bundlePath(name));
  return {
    name,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    budget: SIZE_BUDGET[name],
  };
}

export function formatReports(reports: readonly BundleReport[]): string {
  const rows = reports.map(
    (r) =>
      `  ${r.name.padEnd(16)} ${(r.bytes / 1024).toFixed(2).padStart(6)} KB min  ${(r.gzipBytes / 1024).toFixed(2).padStart(6)} KB gzip  (budget ${(r.budget / 1024).toFixed(0)} KB)${r.bytes > r.budget ? '  OVER BUDGET' : ''}`,
  );
  return ['bundles:', ...rows].join('\n');
}

/** Validate and build both bundles once; throws on a bad configuration or a blown budget. */
export async function buildAll(): Promise<BundleReport[]> {
  validateConfig(siteConfig);
  await Promise.all(FUNCTIONS.map((name) => esbuild(esbuildOptions(name))));
  const reports = FUNCTIONS.map(reportBundle);
  const over = reports.filter((r) => r.bytes > r.budget);
  if (over.length > 0)
    throw new Error(
      `${formatReports(reports)}\nbundle over its size budget: ${over.map((r) => r.name).join(', ')}`,
    );
  return reports;
}

/** Rebuild on every change (used by `npm start`); calls `onBuild` after each successful build. */
export async function watchAll(onBuild: (reports: BundleReport[]) => void): Promise<() => Promise<void>> {
  validateConfig(siteConfig);
  const contexts = await Promise.all(
    FUNCTIONS.map((name) =>
      context({
        ...esbuildOptions(name),
        plugins: [
          ...(esbuildOptions(name).plugins ?? []),
          {
            name: 'report',
            setup(b) {
              b.onEnd((result) => {
                if (result.errors.length === 0) onBuild([reportBundle(name)]);
              });
            },
          },
        ],
      }),
    ),
  );
  await Promise.all(contexts.map((c) => c.watch()));
  return async () => {
    await Promise.all(contexts.map((c) => c.dispose()));
  };
}

if (require.main === module) {
  buildAll().then(
    (reports) => console.log(formatReports(reports)),
    (err: unknown) => {
      console.error(
        err instanceof ConfigError ? err.message : err instanceof Error ? err.message : String(err),
      );
      process.exit(1);
    },
  );
}
