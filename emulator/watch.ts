/**
 * What `npm start` watches: the configuration file (and `.signing-keys` beside it), the functions' code, and
 * the site folder wherever `site` points, inside the repository or not. Each input is watched from the
 * folder that contains it, filtered to the input, so a generator that deletes and rewrites the whole site
 * folder is followed, not lost; a site folder that is a link is watched where it points too. Links inside
 * are never followed (the site checks refuse them), so a link loop cannot make the watcher walk forever.
 * A watcher error (too many open files, the system's watch limit, a link loop) is one warning line per kind,
 * never a crash: the server keeps serving, and the warning says what to change.
 * https://github.com/paulmillr/chokidar#errors
 */
import { watch, type FSWatcher } from 'chokidar';
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { SIGNING_KEYS_FILE } from '../edge-functions/build/signing-keys';

export interface WatchOptions {
  readonly configFile: string;
  /** Folders of code whose change means new bundles. */
  readonly codeDirs: readonly string[];
  /** The site folder of the last configuration read: it may change with every build. */
  readonly siteDir: () => string;
  /** A change was seen: called for every event (bursts are the caller's to settle). */
  readonly onChange: () => void;
  readonly print: (line: string) => void;
  /** @default chokidar's `watch` (tests pass a wrapper to reach the watcher) */
  readonly watch?: typeof watch;
}

/** What to do about the watcher errors people meet, by code. */
const ERROR_FIXES: Readonly<Record<string, string>> = {
  EMFILE: 'too many open files: raise the limit (`ulimit -n 65536`) and restart',
  ENFILE: 'the system is out of file handles: close other watchers or raise fs.file-max, and restart',
  ENOSPC:
    'the system limit on watched folders is reached: raise fs.inotify.max_user_watches (sysctl) and restart',
  ELOOP: 'a symbolic link loop: remove the link (the site checks name it)',
};

const within = (p: string, dir: string): boolean => p === dir || p.startsWith(dir + path.sep);

/** The folder itself and, when it is a link, where it points. */
function sitePaths(siteDir: string): string[] {
  try {
    const real = realpathSync(siteDir);
    return real === siteDir ? [siteDir] : [siteDir, real];
  } catch {
    return [siteDir];
  }
}

/** The nearest existing folder above `p`: what to watch so `p` is seen when it is (re)created. */
function watchRoot(p: string): string {
  let dir = path.dirname(p);
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** One line per kind of error, the first time it is seen. */
function errorReporter(print: (line: string) => void): (err: unknown) => void {
  const seen = new Set<string>();
  return (err) => {
    const e = err as NodeJS.ErrnoException;
    const code = typeof e?.code === 'string' ? e.code : 'ERROR';
    if (seen.has(code)) return;
    seen.add(code);
    const where = e?.path ? ` (${e.path})` : '';
    const fix = ERROR_FIXES[code] ?? (e instanceof Error ? e.message : String(err));
    print(`warning: watching for changes: ${code}${where}: ${fix}; changes may be missed until then`);
  };
}

export interface InputWatcher {
  /** Resolves once the first scan is done. */
  readonly ready: Promise<void>;
  /** Watch the site folder again after a build read a new `site`. */
  follow(): void;
  close(): Promise<void>;
}

/** Start watching; `follow()` after every build keeps up with a changed `site`. */
export function watchInputs(options: WatchOptions): InputWatcher {
  const { configFile, codeDirs } = options;
  const inputs = (): string[] => [
    configFile,
    path.join(path.dirname(configFile), SIGNING_KEYS_FILE),
    ...sitePaths(options.siteDir()),
    ...codeDirs,
  ];
  // Keep an input, anything inside one, and the folders on the way to one (so a re-created site is seen).
  const relevant = (p: string): boolean => inputs().some((i) => within(p, i) || within(i, p));
  const roots = (): string[] => [
    ...new Set([path.dirname(configFile), ...codeDirs, ...sitePaths(options.siteDir()).map(watchRoot)]),
  ];
  const watcher: FSWatcher = (options.watch ?? watch)(roots(), {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (p: string) => !relevant(path.resolve(p)) || /(^|[/\\])(node_modules|\.git)([/\\]|$)/.test(p),
  });
  watcher.on('error', errorReporter(options.print));
  watcher.on('all', () => options.onChange());
  // Links are not followed, and chokidar then reports no event for one; the folder's own event still says
  // something changed there, and the rebuild's site checks name the link.
  watcher.on('raw', (_event, name, details) => {
    const dir = (details as { watchedPath?: unknown } | undefined)?.watchedPath;
    if (typeof dir === 'string' && typeof name === 'string' && relevant(path.resolve(dir, name)))
      options.onChange();
  });
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  let watched = new Set(roots());
  return {
    ready,
    follow() {
      const now = roots().filter((r) => !watched.has(r));
      if (now.length > 0) watcher.add(now);
      watched = new Set([...watched, ...now]);
    },
    close: () => watcher.close(),
  };
}
