/**
 * What goes wrong while watching is a warning, never a crash: a watcher error (too many open files, the
 * system's watch limit, a link loop) is one line per kind naming its fix, and watching goes on; a link loop
 * in the site folder is a failed build that names the link while the last good build keeps serving.
 */
import { watch } from 'chokidar';
import { cpSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { watchInputs } from '../../emulator/watch';
import { rawRequest } from '../emulator/http';
import { fixture } from '../support/fixtures';
import { configSource, startLoop, until } from './harness';

const errno = (code: string, file: string) =>
  Object.assign(new Error(`${code}: watch '${file}'`), { code, path: file });

describe('watcher errors', () => {
  it('are one warning line per kind, naming the fix, and watching goes on', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'watch-errors-'));
    const configFile = path.join(dir, 'edge.config.ts');
    writeFileSync(configFile, '');
    const lines: string[] = [];
    let changes = 0;
    let emitter: ReturnType<typeof watch> | undefined;
    const w = watchInputs({
      configFile,
      codeDirs: [],
      siteDir: () => path.join(dir, 'site'),
      print: (l) => lines.push(l),
      onChange: () => void changes++,
      watch: (paths, options) => (emitter = watch(paths, options)),
    });
    try {
      await w.ready;
      for (const code of ['EMFILE', 'EMFILE', 'ENOSPC', 'ELOOP', 'EMFILE'])
        emitter!.emit('error', errno(code, dir));
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(
        /^warning: watching for changes: EMFILE \(.+\): too many open files: raise .*ulimit/,
      );
      expect(lines[1]).toMatch(/ENOSPC .*max_user_watches/);
      expect(lines[2]).toMatch(/ELOOP .*remove the link/);
      writeFileSync(configFile, 'export default {};\n');
      await until(
        () => changes > 0,
        () => 'a change after the errors',
      );
    } finally {
      await w.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a link loop in the site folder', () => {
  const demo = fixture('demo');
  const root = mkdtempSync(path.join(tmpdir(), 'watch-loop-'));
  const site = path.join(root, 'site');
  const folder = demo.config.locales.default;
  const link = path.join(site, folder, 'loop');
  const other = path.join(site, folder, 'loop2');
  const up = path.join(site, folder, 'up');

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('fails the build naming the link, keeps serving, and recovers when it is removed', async () => {
    cpSync(demo.siteDir, site, { recursive: true });
    const configFile = path.join(root, 'edge.config.ts');
    writeFileSync(
      configFile,
      configSource({
        siteUrl: demo.config.siteUrl,
        locales: { supported: demo.config.locales.supported, default: demo.config.locales.default },
        experiments: demo.config.experiments,
      }),
    );
    const loop = await startLoop(configFile, path.join(root, 'dist'));
    try {
      // Two links to each other: resolving either is ELOOP.
      symlinkSync('loop2', link);
      symlinkSync('loop', other);
      // A link to the folder above: a walk that follows it never ends.
      symlinkSync('..', up);
      const printed = () => loop.lines.join('\n');
      await until(() => printed().includes('the last good build keeps serving'), printed);
      for (const name of ['loop', 'loop2', 'up'])
        expect(printed()).toMatch(new RegExp(`${folder}/${name}\\b.*symbolic link`));
      expect((await rawRequest(loop.server().port, `/${folder}/`)).status).toBe(200);
      const builds = loop.lines.filter((l) => l.startsWith('bundles:')).length;
      unlinkSync(link);
      unlinkSync(other);
      unlinkSync(up);
      await until(() => loop.lines.filter((l) => l.startsWith('bundles:')).length > builds, printed);
    } finally {
      await loop.close();
    }
  });
});
