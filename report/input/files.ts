/** Which files a log source means, and what identifies their content (to reuse a reading of them). */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** Files read from a folder: the local CloudFront's `*.log`, and exported or saved CloudWatch output. */
const LOG_FILE = /\.(log|json|txt|gz)$/i;

export interface LogFile {
  readonly path: string;
  readonly size: number;
  /** Modification time in milliseconds, with the file system's sub-millisecond precision. */
  readonly mtimeMs: number;
}

/** The file itself, or the folder's log files (recursively, sorted so runs are reproducible). */
export async function listFiles(source: string, onlyDotLog: boolean): Promise<LogFile[]> {
  const stat = await fs.stat(source);
  if (!stat.isDirectory()) return [{ path: source, size: stat.size, mtimeMs: stat.mtimeMs }];
  const pattern = onlyDotLog ? /\.log$/i : LOG_FILE;
  const entries = await fs.readdir(source, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  const files = await Promise.all(paths.map(fileOf));
  return files.filter((f): f is LogFile => f !== null);
}

/** A file's identity now; null when it went away since the folder was listed. */
async function fileOf(file: string): Promise<LogFile | null> {
  try {
    const stat = await fs.stat(file);
    return { path: file, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
