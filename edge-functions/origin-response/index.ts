/**
 * The deployed origin-response entry point (`dist/origin-response/index.js`, `exports.handler`).
 * The localized not-found pages are inlined from `site/<locale>/404.html` at build time.
 */
import notFoundPages from 'virtual:not-found-pages';
import config from 'virtual:edge-config';
import { createHandler } from './handler';

const handler = createHandler({ config, notFoundPages, log: (line) => console.log(line) });

// `export =` compiles to a plain `module.exports`: no ESM-interop helpers in the shipped bundle.
export = { handler };
