/**
 * The deployed viewer-request entry point (`dist/viewer-request/index.js`, `exports.handler`).
 * Configuration is baked in at build time; randomness comes from the platform CSPRNG.
 */
import { randomInt } from 'node:crypto';
import { config } from '../config';
import { createHandler } from './handler';

const SCALE = 2 ** 48;

export const handler = createHandler({
  config,
  random: () => randomInt(SCALE) / SCALE,
  now: Date.now,
  log: (line) => console.log(line),
});
