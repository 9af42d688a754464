/**
 * `npm start`'s loop: load `edge.config.ts`, check the site, build the bundles, serve them; then rebuild on
 * every change to the configuration, the site folder or the functions' code. A failed rebuild prints its
 * problems and the last good build keeps serving. The watch is on the folders that contain the inputs, not
 * the inputs themselves, so a generator that deletes and rewrites the site folder is followed, not lost.
 */
import { watch, type FSWatcher } from 'chokidar';
import * as path from 'node:path';
import { buildAll, describeFailure, DIST, formatReports, ROOT } from '../edge-functions/build';
import { loadConfig, type LoadedConfig } from '../edge-functions/config/load';

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

const within = (p: string, dir: string): boolean => p === dir || p.startsWith(dir + path.sep);

/** Build now, then on every change; resolves once the watcher is ready. `close()` stops it. */
export async function startDevLoop(options: DevLoopOptions): Promise<{ close(): Promise<void> }> {
  const print = options.print ?? ((l: string) => console.log(l));
  const outDir = options.outDir ?? DIST;
  let generation = 0;
  let running: Promise<void> | undefined;
  let dirty = false;
  let siteDir = path.dirname(options.configFile);

  const buildOnce = async (): Promise<void> => {
    try {
      const loaded = loadConfig(options.configFile);
      siteDir = loaded.siteDir;
      const result = await buildAll({ ...loaded, outDir });
      print(formatReports(result.reports));
      for (const w of result.warnings) print(`warning: ${w}`);
      await options.onBuild({ ...loaded, outDir, generation: ++generation });
    } catch (err) {
      print(describeFailure(err));
      print(generation > 0 ? 'the last good build keeps serving' : 'waiting for a fix…');
    }
  };
  const rebuild = (): Promise<void> => {
    if (running) {
      dirty = true;
      return running;
    }
    running = buildOnce().finally(() => {
      running = undefined;
      if (dirty) {
        dirty = false;
        void rebuild();
      }
    });
    return running;
  };

  await rebuild();
  const watcher = watchInputs(options.configFile, () => siteDir, rebuild, options.onChange);
  await new Promise<void>((resolve) => watcher.on('ready', () => resolve()));
  return { close: () => watcher.close() };
}

/** Watch the configuration's folder, filtered to the config file, the site folder and the code folders. */
function watchInputs(
  configFile: string,
  siteDir: () => string,
  rebuild: () => void,
  onChange: () => void = () => undefined,
): FSWatcher {
  const relevant = (p: string): boolean => {
    const inputs = [configFile, siteDir(), ...CODE_DIRS];
    // Keep an input, anything inside one, and the folders on the way to one (so a re-created site is seen).
    return inputs.some((i) => within(p, i) || within(i, p));
  };
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch([path.dirname(configFile), ...CODE_DIRS], {
    ignoreInitial: true,
    ignored: (p: string) => !relevant(path.resolve(p)) || /(^|[/\\])(node_modules|\.git)([/\\]|$)/.test(p),
  });
  watcher.on('all', () => {
    onChange();
    clearTimeout(timer);
    timer = setTimeout(rebuild, SETTLE_MS);
  });
  return watcher;
}
