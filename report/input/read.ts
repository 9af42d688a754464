/**
 * Streams log lines from a file, a folder of files, or stdin into an Ingest, line by line (readline), so
 * inputs larger than memory work. Gzipped files (CloudWatch Logs' export to S3 writes `.gz`) are inflated
 * on the fly. https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/S3Export.html
 */
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Ingest } from './ingest';
import { Progress, type ProgressSink } from './progress';

/** Files read from a folder: the local CloudFront's `*.log`, and exported or saved CloudWatch output. */
const LOG_FILE = /\.(log|json|txt|gz)$/i;

export interface ReadOptions {
  /** Only `*.log` (the local CloudFront's folder) instead of every log-like file. */
  readonly onlyDotLog?: boolean;
  readonly stdin?: Readable;
  readonly progress?: ProgressSink;
}

/** Reads `source` (a file, a folder, or `-` for stdin) and returns what was counted. */
export async function readLogs(source: string, options: ReadOptions = {}): Promise<Ingest> {
  const ingest = new Ingest();
  const files = source === '-' ? null : await listFiles(source, options.onlyDotLog ?? false);
  const total = files ? await totalSize(files) : null;
  const progress = new Progress(options.progress ?? process.stderr, total);
  if (files === null) await readStream(options.stdin ?? process.stdin, false, ingest, progress);
  else
    for (const file of files)
      await readStream(createReadStream(file), file.endsWith('.gz'), ingest, progress);
  progress.done();
  return ingest;
}

/** The file itself, or the folder's log files (recursively, sorted so runs are reproducible). */
export async function listFiles(source: string, onlyDotLog: boolean): Promise<string[]> {
  const stat = await fs.stat(source);
  if (!stat.isDirectory()) return [source];
  const pattern = onlyDotLog ? /\.log$/i : LOG_FILE;
  const entries = await fs.readdir(source, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

async function totalSize(files: readonly string[]): Promise<number> {
  const sizes = await Promise.all(files.map(async (f) => (await fs.stat(f)).size));
  return sizes.reduce((a, b) => a + b, 0);
}

async function readStream(
  raw: Readable,
  gzipped: boolean,
  ingest: Ingest,
  progress: Progress,
): Promise<void> {
  // Progress counts bytes as stored (compressed for .gz), which is what the total was measured in.
  raw.on('data', (chunk: Buffer | string) => progress.advance(chunk.length));
  // pipeline() forwards a read or inflate error to the stream readline iterates, which then rejects.
  const input = gzipped ? pipeline(raw, createGunzip(), () => undefined) : raw;
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) ingest.line(line);
  // A document cut at the end of one file must not swallow the start of the next.
  ingest.finish();
}
