/**
 * The local CloudFront's public API: `startServer(options)` → `{ url, port, cache, reload, purge, close }`.
 * Each request prints an access line with viewer-request's decision, and each answer carries it in
 * `X-Emulator-Decision` (local only). With `logs.debug` off the deployed function prints no decision, so the
 * emulator offers the bundle a local log channel when it loads it instead of re-deriving one: what the bundle
 * returns and prints stays the deployed function's (`decision.ts`, `lambda.ts`).
 */
export { startServer } from './server';
export type { LocalCloudFront, ServerOptions } from './server';
export type { Handler } from './lambda';
export { defaultLogDir } from './logs';
export { DECISION_HEADER } from './decision';
