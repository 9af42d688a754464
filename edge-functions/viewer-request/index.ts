/**
 * The deployed viewer-request entry point (`dist/viewer-request/index.js`, `exports.handler`).
 * Configuration is baked in at build time (`virtual:edge-config`, the validated viewer projection of
 * `config/site.config.ts`); randomness comes from the platform CSPRNG.
 */
import { randomBytes } from 'node:crypto';
import config from 'virtual:edge-config';
import { createHandler } from './handler';

/** 48 random bits → a float in [0, 1), like Math.random but from the CSPRNG. */
const random = (): number => randomBytes(6).readUIntBE(0, 6) / 2 ** 48;

export const handler = createHandler({
  config,
  random,
  now: Date.now,
  log: (line) => console.log(line),
});
