/**
 * A fixture switched to `viewer.runtime: 'cloudfront-functions'`, with an output folder the stack can deploy:
 * the fixture's own Lambda@Edge bundles and packages, and `cloudfront-functions/<name>.js` as the build made them when it
 * did, else a small valid handler (a global `handler`, no `export`, what cloudfront-js-2.0 runs) written for
 * the stack's tests. Each call gets its own folder, removed when the process exits.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundlePath, FUNCTIONS, type BuildTarget } from '../../edge-functions/build';
import {
  CLOUDFRONT_FUNCTIONS,
  type CloudFrontFunctionName,
} from '../../edge-functions/cloudfront-functions/contract';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { functionCodePath } from '../../infra/viewer-functions';
import { fixture, type FixtureName } from './fixtures';

/** A handler cloudfront-js-2.0 accepts: it forwards the request unchanged. */
export const FORWARDING_HANDLER = 'function handler(event) {\n  return event.request;\n}\n';

const made: string[] = [];
process.on('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export function cloudFrontFunctionsTarget(
  name: FixtureName,
  change: (config: SiteConfig) => SiteConfig = (c) => c,
  /** The code of each function (undefined: no file), instead of what the build made or the forwarding handler. */
  code?: (fn: CloudFrontFunctionName) => string | undefined,
): BuildTarget & { readonly outDir: string } {
  const f = fixture(name);
  const outDir = mkdtempSync(path.join(tmpdir(), 'cff-dist-'));
  made.push(outDir);
  for (const file of readdirSync(f.outDir).filter((n) => n.endsWith('.zip')))
    copyFileSync(path.join(f.outDir, file), path.join(outDir, file));
  for (const fn of FUNCTIONS) {
    mkdirSync(path.dirname(bundlePath(fn, outDir)), { recursive: true });
    copyFileSync(bundlePath(fn, f.outDir), bundlePath(fn, outDir));
  }
  mkdirSync(path.dirname(functionCodePath('viewer-request', outDir)), { recursive: true });
  for (const fn of CLOUDFRONT_FUNCTIONS) {
    const built = functionCodePath(fn, f.outDir);
    const text = code === undefined ? (existsSync(built) ? undefined : FORWARDING_HANDLER) : code(fn);
    if (code === undefined && text === undefined) copyFileSync(built, functionCodePath(fn, outDir));
    else if (text !== undefined) writeFileSync(functionCodePath(fn, outDir), text);
  }
  const config = change({ ...f.config, viewer: { runtime: 'cloudfront-functions' } });
  return { file: f.file, siteDir: f.siteDir, config, outDir };
}
