import { build } from 'esbuild';
import { esbuildOptions } from '../edge-functions/build';
(async () => {
  for (const n of ['viewer-request', 'origin-response'] as const)
    await build({ ...esbuildOptions(n), minify: false, outfile: `/tmp/unmin/${n}/index.js` });
})();
