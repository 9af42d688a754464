/**
 * `npm start`'s loop: load `edge.config.ts`, check the site, build the bundles, serve them; then rebuild on
 * every change to the configuration, the site folder (wherever `site` points: `watch.ts`) or the functions'
 * code. Every rebuild bakes the site again: the not-found pages origin-response answers with and the pages
 * viewer-request enrolls on (`edge-functions/build/plugins.ts`). A failed rebuild prints its problems and
 * the last good build keeps serving; a watcher error is a warning, never a crash.
 */
import * as path from 'node:path';
import { buildAll, describeFailure, DIST, formatReports, ROOT } from '../edge-functions/build';
import { loadConfig, type LoadedConfig } from '../edge-functions/config/load';
import { watchInputs } from './watch';

/** Sources whose change means new bundles. */
const CODE_DIRS = ['edge-functions', 'site-checks'].map((d) => path.join(ROOT, d));
/** Editors and generators write in bursts; one rebuild per burst. */
const SETTLE_MS = 60;

export interface DevBuild extends LoadedConfig {
  /** 1 for the first good build, then one more per good rebuild. */
  readonly generation: number;
  /** Where the bundles were written. */
  readonly outDir: string;
}

export interface DevLoopOptions {
  readonly configFile: string;
  /** Where to write the bundles. @default '<root>/dist' */
  readonly outDir?: string;
  /** Called after each good build (the first included) with what was built. */
  readonly onBuild: (build: DevBuild) => void | Promise<void>;
  /**
   * Called as soon as a change is seen, before the rebuild: the local CloudFront purges its cache here, so a
   * site file that was rewritten or deleted is fetched anew even when the rebuild fails (a half-written site).
   */
  readonly onChange?: () => void;
  readonly print?: (line: string) => void;
}

/** One build at a time: a request during a build runs once more after it; none after `close()`. */
function buildQueue(build: () => Promise<void>) {
  let running: Promise<void> | undefined;
  let dirty = false;
  let closed = false;
  const run = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (running) {
      dirty = true;
      return running;
    }
    running = build().finally(() => {
      running = undefined;
      if (dirty) {
        dirty = false;
        void run();
      }
    });
    return running;
  };
  return {
    run,
    async close() {
      closed = true;
      await running;
    },
  };
}

/** Build now, then on every change; resolves once the watcher is ready. `close()` stops it. */
export async function startDevLoop(options: DevLoopOptions): Promise<{ close(): Promise<void> }> {
  const print = options.print ?? ((l: string) => console.log(l));
  const outDir = options.outDir ?? DIST;
  const state = { generation: 0, siteDir: path.dirname(options.configFile), follow: () => {} };
  const queue = buildQueue(async () => {
    try {
      const loaded = loadConfig(options.configFile);
      state.siteDir = loaded.siteDir;
      state.follow();
      const result = await buildAll({ ...loaded, outDir });
      print(formatReports(result.reports));
      for (const w of result.warnings) print(`warning: ${w}`);
      await options.onBuild({ ...loaded, outDir, generation: ++state.generation });
    } catch (err) {
      print(describeFailure(err));
      print(state.generation > 0 ? 'the last good build keeps serving' : 'waiting for a fix…');
    }
  });

  await queue.run();
  let timer: NodeJS.Timeout | undefined;
  const watcher = watchInputs({
    configFile: options.configFile,
    codeDirs: CODE_DIRS,
    siteDir: () => state.siteDir,
    print,
    onChange: () => {
      options.onChange?.();
      clearTimeout(timer);
      timer = setTimeout(() => void queue.run(), SETTLE_MS);
    },
  });
  state.follow = () => watcher.follow();
  await watcher.ready;
  return {
    async close() {
      await watcher.close();
      clearTimeout(timer);
      await queue.close();
    },
  };
}
