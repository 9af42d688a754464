/**
 * The dev loop as `npm start` runs it (`startDevLoop` + the local CloudFront, reloaded after each build),
 * on a configuration and site a test writes into a temporary folder, and a poll for what it waits on.
 */
import * as path from 'node:path';
import { bundlePath } from '../../edge-functions/build/options';
import { startDevLoop } from '../../emulator/dev';
import { startServer, type LocalCloudFront } from '../../emulator';

const DEFINE = path.join(__dirname, '..', '..', 'edge-functions', 'config', 'define');

/** An `edge.config.ts` that imports the real `defineConfig`. */
export const configSource = (fields: object): string =>
  `import { defineConfig } from ${JSON.stringify(DEFINE)};\nexport default defineConfig(${JSON.stringify(fields)});\n`;

export interface Loop {
  /** Everything the loop printed. */
  readonly lines: string[];
  server(): LocalCloudFront;
  close(): Promise<void>;
}

export async function startLoop(configFile: string, outDir: string): Promise<Loop> {
  const lines: string[] = [];
  let server: LocalCloudFront | undefined;
  const loop = await startDevLoop({
    configFile,
    outDir,
    print: (l) => lines.push(l),
    onChange: () => server?.purge(),
    onBuild: async (build) => {
      if (server) server.reload(build);
      else
        server = await startServer({
          port: 0,
          log: false,
          config: build.config,
          siteDir: build.siteDir,
          viewerRequest: bundlePath('viewer-request', outDir),
          originResponse: bundlePath('origin-response', outDir),
        });
    },
  });
  return {
    lines,
    server: () => server!,
    close: async () => {
      await loop.close();
      await server?.close();
    },
  };
}

/** Poll `check` until it holds; fail naming `what` after `ms` (a bound, not a timing assertion). */
export async function until(check: () => boolean | Promise<boolean>, what: () => string, ms = 15_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
