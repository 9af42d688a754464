/**
 * The deployed viewer-request entry point (`dist/viewer-request/index.js`, `exports.handler`).
 * Configuration is baked in at build time (`virtual:edge-config`, the validated viewer projection of
 * `edge.config.ts`); randomness comes from the platform CSPRNG.
 */
import type * as Crypto from 'node:crypto';
import config from 'virtual:edge-config';
import { createHandler } from './handler';

/**
 * 48 random bits → a float in [0, 1), like Math.random but from the CSPRNG. `node:crypto` costs ~2.7 ms to
 * load in a fresh process, so it is loaded on the first draw (most requests never draw: returning visitors,
 * pages without experiments), and bytes are taken from a 3 KB pool refilled in one call.
 */
const POOL = 3072;
let pool: Buffer | undefined;
let offset = POOL;
function random(): number {
  if (pool === undefined || offset + 6 > POOL) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    pool = (require('node:crypto') as typeof Crypto).randomBytes(POOL);
    offset = 0;
  }
  const n = pool.readUIntBE(offset, 6);
  offset += 6;
  return n / 2 ** 48;
}

const handler = createHandler({
  config,
  random,
  now: Date.now,
  log: (line) => console.log(line),
});

// `export =` compiles to a plain `module.exports`: no ESM-interop helpers in the shipped bundle.
export = { handler };
