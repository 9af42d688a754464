/**
 * esbuild options for a function: CommonJS with `exports.handler`, target node22 (Lambda@Edge runtime
 * nodejs22.x), minified, every dependency inlined (Lambda@Edge has no layers).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html
 */
import type { BuildOptions } from 'esbuild';
import * as path from 'node:path';
import { ROOT } from '../config/load';
import type { FunctionName } from '../functions';

/** Where `npm run build` writes the bundles CDK deploys and the local CloudFront runs. */
export const DIST = path.join(ROOT, 'dist');

export const bundlePath = (name: FunctionName, outDir = DIST): string => path.join(outDir, name, 'index.js');

export function esbuildOptions(name: FunctionName, outFile = bundlePath(name)): BuildOptions {
  return {
    entryPoints: [path.join(ROOT, 'edge-functions', name, 'index.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'warning',
  };
}
