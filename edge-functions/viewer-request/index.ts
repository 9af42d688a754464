/**
 * The deployed viewer-request entry point (`dist/viewer-request/index.js`, `exports.handler`).
 * Configuration is baked in at build time (`virtual:edge-config`, the validated viewer projection of
 * `edge.config.ts`); randomness comes from the platform CSPRNG.
 */
import type * as Crypto from 'node:crypto';
import config from 'virtual:edge-config';
import type { LogSink } from '../shared/log';
import { LOCAL_LOG } from '../shared/log-schema';
import { createHandler } from './handler';

/**
 * `node:crypto` costs ~2.7 ms to load in a fresh process, so it is loaded on first use (a draw, or a proof
 * to sign or verify: pages without experiments never need it), and random bytes are taken from a 3 KB pool
 * refilled in one call.
 */
let crypto: typeof Crypto | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = (): typeof Crypto => (crypto ??= require('node:crypto') as typeof Crypto);
const POOL = 3072;
let pool: Buffer | undefined;
let offset = POOL;
function take(bytes: number): number {
  if (pool === undefined || offset + bytes > POOL) {
    pool = lib().randomBytes(POOL);
    offset = 0;
  }
  offset += bytes;
  return offset - bytes;
}

/** 48 random bits → a float in [0, 1), like Math.random but from the CSPRNG. */
const random = (): number => {
  const at = take(6);
  return pool!.readUIntBE(at, 6) / 2 ** 48;
};
/** 96 random bits, base64url: an enrollment identifier. */
const newId = (): string => {
  const at = take(12);
  return pool!.toString('base64url', at, at + 12);
};

/**
 * Only in the local CloudFront (`LOCAL_LOG`): decisions are made into lines even without `logs.debug`, and
 * every line goes to the emulator, which prints what this function would print deployed. Lambda never sets it.
 */
const local = (globalThis as Record<symbol, LogSink | undefined>)[Symbol.for(LOCAL_LOG)];

const handler = createHandler({
  config: local ? { ...config, debug: true } : config,
  random,
  newId,
  hmac: (key, data) => lib().createHmac('sha256', key).update(data).digest('base64url'),
  now: Date.now,
  log: local ?? ((line) => console.log(line)),
});

// `export =` compiles to a plain `module.exports`: no ESM-interop helpers in the shipped bundle.
export = { handler };
