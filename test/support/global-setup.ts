/**
 * Jest global setup: build every fixture with the real build (site checks, baked configuration, esbuild)
 * into test-artifacts/bundles/<fixture>/, so suites test bundles exactly like the ones CDK deploys, made
 * from configurations that do not depend on the root `edge.config.ts`; and save each loaded and baked
 * configuration, which `fixture()` reads instead of making them again in every suite.
 */
import * as path from 'node:path';
import { buildAll } from '../../edge-functions/build';
import { ALL_FIXTURES, BUNDLES_DIR, saveFixture } from './fixtures';
import { TEST_SIGNING_KEYS } from './keys';

export default async function globalSetup(): Promise<void> {
  // esbuild works off the main thread: the fixtures build side by side.
  await Promise.all(
    ALL_FIXTURES.map((name) =>
      buildAll({
        ...saveFixture(name),
        outDir: path.join(BUNDLES_DIR, name),
        signingKeys: TEST_SIGNING_KEYS,
      }),
    ),
  );
}
