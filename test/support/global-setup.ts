/**
 * Jest global setup: build the shipped bundles once, so every suite that tests `dist/` tests the files that
 * CDK deploys, even when a single suite is run with `npx jest test/…`.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions, FUNCTIONS, ROOT } from '../../edge-functions/build';
import { siteConfig } from '../../edge-functions/config/site.config';
import { validateConfig } from '../../edge-functions/config/validate';

export default async function globalSetup(): Promise<void> {
  validateConfig(siteConfig);
  const present = FUNCTIONS.filter((name) => existsSync(path.join(ROOT, 'edge-functions', name, 'index.ts')));
  await Promise.all(present.map((name) => build(esbuildOptions(name))));
}
