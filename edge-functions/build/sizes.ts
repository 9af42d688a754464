/**
 * What a built bundle weighs, split into our code and the configuration baked into it, measured against
 * the budgets in `budgets.ts`. Every message says the size, the limit and where to change it.
 */
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { BUDGETS_FILE, CODE_BUDGET, CONFIG_WARN_BYTES, PACKAGE_LIMIT_GZIP } from '../budgets';
import type { FunctionName } from '../functions';
import { codeOnlyPlugins } from './plugins';
import { bundlePath, esbuildOptions } from './options';

export interface BundleReport {
  readonly name: FunctionName;
  /** The deployed file, minified. */
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The same bundle with empty virtual modules: our code alone. */
  readonly codeBytes: number;
  /** What the configuration and baked pages add (bytes − codeBytes). */
  readonly configBytes: number;
}

const kb = (n: number): string => `${(n / 1024).toFixed(2)} KB`;

/** Minified size of the function's code with nothing baked in. */
export async function codeSize(name: FunctionName): Promise<number> {
  const out = await build({
    ...esbuildOptions(name, '/dev/null'),
    plugins: codeOnlyPlugins(),
    write: false,
  });
  return out.outputFiles[0]!.contents.length;
}

export async function reportBundle(name: FunctionName, outDir: string): Promise<BundleReport> {
  const code = readFileSync(bundlePath(name, outDir));
  const codeBytes = await codeSize(name);
  return {
    name,
    bytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    codeBytes,
    configBytes: Math.max(0, code.length - codeBytes),
  };
}

/** Problems that stop the build: a package Lambda@Edge would refuse. */
export function sizeErrors(r: BundleReport): string[] {
  const limit = PACKAGE_LIMIT_GZIP[r.name];
  return r.gzipBytes > limit
    ? [
        `${r.name} is ${kb(r.gzipBytes)} compressed, over Lambda@Edge's ${kb(limit)} package quota: shrink the configuration or the not-found pages (limit in ${BUDGETS_FILE})`,
      ]
    : [];
}

/** Notes that never stop the build: a large baked configuration, or code over its budget. */
export function sizeWarnings(r: BundleReport): string[] {
  const out: string[] = [];
  if (r.configBytes > CONFIG_WARN_BYTES)
    out.push(
      `${r.name} carries ${kb(r.configBytes)} of configuration (warning above ${kb(CONFIG_WARN_BYTES)}: slower cold starts; threshold in ${BUDGETS_FILE})`,
    );
  if (r.codeBytes > CODE_BUDGET[r.name])
    out.push(
      `${r.name} code is ${kb(r.codeBytes)}, over its ${kb(CODE_BUDGET[r.name])} budget (a project test fails; budget in ${BUDGETS_FILE})`,
    );
  return out;
}

export function formatReports(reports: readonly BundleReport[]): string {
  const rows = reports.map(
    (r) =>
      `  ${r.name.padEnd(16)} ${kb(r.bytes).padStart(9)} min ${kb(r.gzipBytes).padStart(9)} gzip   code ${kb(r.codeBytes).padStart(9)} (budget ${kb(CODE_BUDGET[r.name])})   config ${kb(r.configBytes).padStart(9)}`,
  );
  return ['bundles:', ...rows].join('\n');
}
