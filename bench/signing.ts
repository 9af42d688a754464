/**
 * The bench's own signing key. Returning visitors carry real proofs of enrollment (`shared/proof.ts`), so the
 * bench must know the key the bundles it runs verify them with — and must never read yours: each run draws
 * a fresh key, keeps it in memory only, and builds the bundles it measures into a temporary folder with it
 * (the build's `signingKeys`, as the tests do with theirs). The trace mints with `issueProof` and Node's
 * HMAC-SHA-256 (RFC 2104), exactly what viewer-request does, so the edge accepts them as its own.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildAll } from '../edge-functions/build';
import type { LoadedConfig } from '../edge-functions/config/load';
import type { Signer } from '../edge-functions/shared/proof';

/** One fresh key, 32 random bytes in base64url, like the one the first build writes to `.signing-keys`. */
export const benchSigningKeys = (): string[] => [randomBytes(32).toString('base64url')];

/** What mints proofs for the trace: the keys and the HMAC the viewer-request bundle uses. */
export const benchSigner = (keys: readonly string[]): Signer => ({
  keys,
  hmac: (key, data) => createHmac('sha256', key).update(data).digest('base64url'),
});

/**
 * Both bundles built from the loaded configuration (with `logs.debug` forced when given) and `keys`, into a
 * new temporary folder the caller removes.
 */
export async function buildBenchBundles(
  loaded: LoadedConfig,
  keys: readonly string[],
  debug?: boolean,
): Promise<string> {
  const label = debug === undefined ? 'as-configured' : `debug-${debug ? 'on' : 'off'}`;
  const outDir = mkdtempSync(path.join(tmpdir(), `edge-bench-${label}-`));
  const config =
    debug === undefined ? loaded.config : { ...loaded.config, logs: { ...loaded.config.logs, debug } };
  await buildAll({ ...loaded, config, outDir, signingKeys: keys });
  return outDir;
}
