/**
 * The site folder as it will ship: every regular file, and every entry that is not a regular file or a
 * folder (a symbolic link, a socket, a FIFO, a device) or could not be read. S3 holds objects only, so a link
 * has no meaning there, and following one could publish what is outside the site (`~/.aws/credentials`):
 * links are never followed, and each such entry fails the build (`rules/files.ts`). Iterative, so a folder of
 * 200,000 files or a deep tree costs no stack.
 */
import { readdirSync, type Dirent } from 'node:fs';
import * as path from 'node:path';

export interface Stray {
  /** Relative to the site folder, with `/`. */
  readonly file: string;
  readonly kind: 'symbolic link' | 'socket' | 'FIFO' | 'device' | 'unreadable folder';
}

export interface SiteWalk {
  /** Regular files, relative, with `/`, sorted. */
  readonly files: readonly string[];
  readonly strays: readonly Stray[];
}

function kindOf(entry: Dirent): Stray['kind'] | 'file' | 'folder' {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'folder';
  if (entry.isSymbolicLink()) return 'symbolic link';
  if (entry.isSocket()) return 'socket';
  if (entry.isFIFO()) return 'FIFO';
  return 'device';
}

/** How a folder is listed: `readdirSync` with file types (a parameter so tests can list huge folders). */
export type ListFolder = (folder: string) => Dirent[];
const listFolder: ListFolder = (folder) => readdirSync(folder, { withFileTypes: true });

/** Walks `dir` without following links. A missing `dir` is an empty site. */
export function walkSite(dir: string, list: ListFolder = listFolder): SiteWalk {
  const files: string[] = [];
  const strays: Stray[] = [];
  const folders = [''];
  while (folders.length > 0) {
    const rel = folders.pop()!;
    let entries: Dirent[];
    try {
      entries = list(path.join(dir, rel));
    } catch {
      if (rel !== '') strays.push({ file: rel, kind: 'unreadable folder' });
      continue;
    }
    for (const entry of entries) {
      const file = rel === '' ? entry.name : `${rel}/${entry.name}`;
      const kind = kindOf(entry);
      if (kind === 'file') files.push(file);
      else if (kind === 'folder') folders.push(file);
      else strays.push({ file, kind });
    }
  }
  // Code-unit order, the same on every machine (S3 lists keys in UTF-8 byte order; both sort ASCII alike).
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { files: files.sort(order), strays: strays.sort((a, b) => order(a.file, b.file)) };
}
