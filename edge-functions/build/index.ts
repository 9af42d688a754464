/**
 * `npm run build`: load and validate `edge.config.ts`, check the site folder, then bundle each handler with
 * esbuild into `dist/<name>/index.js` — the exact files CDK deploys and the local CloudFront runs — with
 * the configuration and the not-found pages baked in. Every problem is reported at once, naming the file or
 * configuration field and the fix; the build fails on any of them.
 */
import { build as esbuild } from 'esbuild';
import { loadConfig, type LoadedConfig } from '../config/load';
import { ConfigError } from '../config/validate';
import { FUNCTIONS } from '../functions';
import { formatSummary, inspectSite, SiteCheckError, type SiteReport } from '../../site-checks';
import * as path from 'node:path';
import { bakePlugins } from './plugins';
import { buildFunctions } from './cloudfront-functions';
import { loadSigningKeys, SigningKeyError } from './signing-keys';
import { bundlePath, DIST, esbuildOptions } from './options';
import { packageBundle, type FunctionPackage } from './package';
import { formatReports, reportBundle, sizeErrors, sizeWarnings, type BundleReport } from './sizes';

export { ROOT } from '../config/load';
export { FUNCTIONS, type FunctionName } from '../functions';
export { bundlePath, DIST, esbuildOptions } from './options';
export { readNotFoundPages, bakedConfig } from './plugins';
export { formatReports, reportBundle, type BundleReport } from './sizes';
export { codeSha256Of, packagePath, packageSha256, type FunctionPackage } from './package';
export { buildFunctions, functionPath, type FunctionBundle } from './cloudfront-functions';

/** What to build: a loaded configuration (its site folder included) and where the bundles go. */
export interface BuildTarget extends LoadedConfig {
  /** @default '<root>/dist' */
  readonly outDir?: string;
  /** Keys that sign proofs of enrollment. @default loadSigningKeys(<the configuration's folder>) */
  readonly signingKeys?: readonly string[];
}

export class BuildError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Build failed:\n  - ${problems.join('\n  - ')}`);
    this.name = 'BuildError';
  }
}

export interface BuildResult {
  readonly reports: readonly BundleReport[];
  /** The deployment packages (`<outDir>/<name>.zip`) and their `CodeSha256`, which the stack publishes. */
  readonly packages: readonly FunctionPackage[];
  /** The build's own warnings (sizes, a new signing key); the site's are in `site.warnings`. */
  readonly warnings: readonly string[];
  /** What the site checks checked, and their warnings. */
  readonly site: SiteReport;
}

/** Check the site, bundle both functions, measure them. Throws `SiteCheckError` or `BuildError`. */
export async function buildAll(target: BuildTarget = loadConfig()): Promise<BuildResult> {
  const site = inspectSite(target.config, target.siteDir);
  if (site.problems.length > 0) throw new SiteCheckError(site.problems, site.warnings);
  const outDir = target.outDir ?? DIST;
  const keys = target.signingKeys ? undefined : loadSigningKeys(path.dirname(target.file));
  const input = { ...target, signingKeys: target.signingKeys ?? keys!.keys };
  await Promise.all(
    FUNCTIONS.map((name) =>
      esbuild({
        ...esbuildOptions(name, bundlePath(name, outDir)),
        plugins: bakePlugins(name, input),
      }),
    ),
  );
  const reports = await Promise.all(FUNCTIONS.map((name) => reportBundle(name, outDir)));
  // With `viewer.runtime: 'cloudfront-functions'`, the CloudFront Functions too, gated.
  const runtime = target.config.viewer.runtime;
  const functions = runtime === 'cloudfront-functions' ? await buildFunctions(input, outDir) : undefined;
  const errors = [...reports.flatMap(sizeErrors), ...(functions?.problems ?? [])];
  if (errors.length > 0) throw new BuildError(errors);
  const packages = FUNCTIONS.map((name) => packageBundle(name, outDir));
  const created = keys?.created
    ? [
        `created ${keys.source} with a new signing key: keep it secret and keep it (docs/deploy.md#signing-keys)`,
      ]
    : [];
  return { reports, packages, warnings: [...created, ...reports.flatMap(sizeWarnings)], site };
}

/** A warning as the build prints it, on stderr: never a failure, always distinct from a problem. */
const warningLine = (w: string): string => `warning: ${w}`;

/** The packages' hashes, as Lambda and CloudFormation will show them (`CodeSha256`). */
export const formatPackages = (packages: readonly FunctionPackage[]): string =>
  `packages (CodeSha256, set on each published version):\n${packages
    .map((p) => `  ${p.name.padEnd(17)} ${p.codeSha256}  ${path.relative(process.cwd(), p.file)}`)
    .join('\n')}`;

/**
 * What a green build prints: one line saying what the site checks checked, the bundle sizes (stdout), then
 * every warning, site's first, each on its own `warning: …` line (stderr).
 */
export function formatBuild(result: BuildResult): { readonly out: string; readonly err: string[] } {
  return {
    out: `${formatSummary(result.site.summary, result.site.warnings.length)}\n${formatReports(result.reports)}\n${formatPackages(result.packages)}`,
    err: [...result.site.warnings, ...result.warnings].map(warningLine),
  };
}

/**
 * The message a person sees for any build failure: every problem, then (site checks) the warnings, each on
 * its own `warning: …` line, so nothing a failing build found is hidden until the problems are fixed.
 */
export function describeFailure(err: unknown): string {
  if (err instanceof SiteCheckError && err.warnings.length > 0)
    return [err.message, ...err.warnings.map(warningLine)].join('\n');
  if (
    err instanceof ConfigError ||
    err instanceof SiteCheckError ||
    err instanceof BuildError ||
    err instanceof SigningKeyError
  )
    return err.message;
  return err instanceof Error ? err.message : String(err);
}

if (require.main === module) {
  buildAll().then(
    (result) => {
      const { out, err } = formatBuild(result);
      console.log(out);
      for (const line of err) console.warn(line);
    },
    (err: unknown) => {
      console.error(describeFailure(err));
      process.exit(1);
    },
  );
}
