/** The local CloudFront's public API: `startServer(options)` → `{ url, port, cache, reload, purge, close }`. */
export { startServer } from './server';
export type { LocalCloudFront, ServerOptions } from './server';
export type { Handler } from './lambda';
export { defaultLogDir } from './logs';
