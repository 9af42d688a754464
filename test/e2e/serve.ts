/** The root site through the local CloudFront with the shipped bundles in dist/, as `npm start` serves it. */
import { bundlePath, DIST } from '../../edge-functions/build/options';
import type { LoadedConfig } from '../../edge-functions/config/load';
import { startServer, type LocalCloudFront } from '../../emulator';
import type { ServerOptions } from '../../emulator/server';

export const serveSite = (
  site: LoadedConfig,
  options: Partial<ServerOptions> = {},
): Promise<LocalCloudFront> =>
  startServer({
    port: 0,
    log: false,
    config: site.config,
    siteDir: site.siteDir,
    viewerRequest: bundlePath('viewer-request', DIST),
    originResponse: bundlePath('origin-response', DIST),
    ...options,
  });
