/**
 * Only the site ships: an entry that is not a regular file or folder fails the build, named, and so does a
 * file without a content type; the walk is iterative (a folder of 200,000 files, a deep tree).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkSite } from '../../site-checks';
import { walkSite } from '../../site-checks/walk';
import { fixture } from '../support/fixtures';

const f = fixture('three-locales');
let dir: string;
let outside: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'site-'));
  outside = mkdtempSync(path.join(tmpdir(), 'private-'));
  writeFileSync(path.join(outside, 'credentials'), '[default]\naws_secret_access_key = x\n');
  cpSync(f.siteDir, dir, { recursive: true });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const problems = () =>
  checkSite(f.config, dir).map((p) => p.replaceAll(path.relative(process.cwd(), dir), '<site>'));

describe('entries that are not regular files or folders', () => {
  it('names a link to a file or a folder outside the site, and a link inside it', () => {
    symlinkSync(path.join(outside, 'credentials'), path.join(dir, 'en', 'credentials.txt'));
    symlinkSync(outside, path.join(dir, 'assets', 'private'));
    symlinkSync(path.join(dir, 'en', 'index.html'), path.join(dir, 'en', 'copy.html'));
    const link = 'is a symbolic link: only regular files and folders ship (links are never followed)';
    const fix = 'copy the file or folder it points to into the site instead, or remove it';
    expect(problems()).toEqual([
      `<site>/assets/private ${link}; ${fix}`,
      `<site>/en/copy.html ${link}; ${fix}`,
      `<site>/en/credentials.txt ${link}; ${fix}`,
    ]);
  });

  it('names a link loop without following it', () => {
    symlinkSync(path.join(dir, 'en'), path.join(dir, 'en', 'loop'));
    expect(problems()).toEqual([
      '<site>/en/loop is a symbolic link: only regular files and folders ship (links are never followed); copy the file or folder it points to into the site instead, or remove it',
    ]);
  });

  it('names a FIFO', () => {
    execFileSync('mkfifo', [path.join(dir, 'ja', 'pipe.txt')]);
    expect(problems()).toEqual([
      '<site>/ja/pipe.txt is a FIFO: only regular files and folders ship (links are never followed); remove it',
    ]);
  });
});

describe('content types, checked with the site', () => {
  it('names a file whose extension contentTypes lacks, with the setting that fixes it', () => {
    writeFileSync(path.join(dir, 'assets', 'notes.weird'), 'x');
    mkdirSync(path.join(dir, '.well-known'));
    writeFileSync(path.join(dir, '.well-known', 'security'), 'x');
    expect(problems()).toEqual([
      '<site>/.well-known/security has no extension, so no content type: rename it with an extension contentTypes names, or remove it',
      "<site>/assets/notes.weird has extension '.weird', which contentTypes does not name: add contentTypes: { weird: '<its media type>' } in edge.config.ts, or remove the file",
    ]);
    const withType = { ...f.config, contentTypes: { ...f.config.contentTypes, weird: 'text/plain' } };
    expect(checkSite(withType, dir).filter((p) => p.includes('notes.weird'))).toEqual([]);
  });
});

describe('walkSite', () => {
  const entry = (name: string, kind: 'file' | 'dir'): Dirent =>
    ({ name, isFile: () => kind === 'file', isDirectory: () => kind === 'dir' }) as Dirent;

  it('lists a folder of 200,000 files and a tree 5,000 folders deep without running out of stack', () => {
    const many = Array.from({ length: 200_000 }, (_, i) => entry(`f${i}.html`, 'file'));
    const list = (folder: string): Dirent[] => {
      if (folder === 'root') return [entry('many', 'dir'), entry('deep', 'dir')];
      if (folder === path.join('root', 'many')) return many;
      const depth = (folder.length - path.join('root', 'deep').length) / 2; // each level adds `/d`
      return depth < 5_000 ? [entry('d', 'dir'), entry('x.html', 'file')] : [];
    };
    const { files, strays } = walkSite('root', list);
    expect(files).toHaveLength(200_000 + 5_000);
    expect(strays).toEqual([]);
  });

  it('reports a folder it cannot read, and treats a missing site as empty', () => {
    const list = (folder: string): Dirent[] => {
      if (folder === 'root') return [entry('locked', 'dir'), entry('a.html', 'file')];
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect(walkSite('root', list)).toEqual({
      files: ['a.html'],
      strays: [{ file: 'locked', kind: 'unreadable folder' }],
    });
    expect(walkSite(path.join(dir, 'no-such-folder'))).toEqual({ files: [], strays: [] });
  });
});
