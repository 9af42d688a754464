/**
 * Streams log lines from a file, a folder of files, or stdin into an Ingest, line by line with bounded
 * memory (lines.ts), so inputs larger than memory work. Gzipped files (CloudWatch Logs' export to S3 writes
 * `.gz`) are inflated on the fly. https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/S3Export.html
 * A file that cannot be read to its end (a corrupt or truncated `.gz`, a file removed meanwhile) is named in
 * a warning and the others are still read: one bad file of an export never stops the report.
 */
import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { ReportConfig } from '../types';
import { listFiles, type LogFile } from './files';
import { Ingest } from './ingest';
import { LineSplitter, MAX_LINE_BYTES } from './lines';
import { Progress, type ProgressSink } from './progress';

export { listFiles, type LogFile } from './files';

export interface ReadOptions {
  /** Only `*.log` (the local CloudFront's folder) instead of every log-like file. */
  readonly onlyDotLog?: boolean;
  readonly stdin?: Readable;
  readonly progress?: ProgressSink;
  /** Names it does not define are noted, never kept: memory stays bounded (see Counts). */
  readonly config?: ReportConfig;
}

/** Reads `source` (a file, a folder, or `-` for stdin) and returns what was counted. */
export async function readLogs(source: string, options: ReadOptions = {}): Promise<Ingest> {
  return readFiles(source === '-' ? null : await listFiles(source, options.onlyDotLog ?? false), options);
}

/** Reads the files listed (null: stdin). */
export async function readFiles(
  files: readonly LogFile[] | null,
  options: ReadOptions = {},
): Promise<Ingest> {
  const ingest = new Ingest(options.config);
  // Progress counts bytes as stored (compressed for .gz), which is what the total is measured in.
  const total = files ? files.reduce((sum, f) => sum + f.size, 0) : null;
  const progress = new Progress(options.progress ?? process.stderr, total);
  if (files === null) await readStream(options.stdin ?? process.stdin, 'stdin', false, ingest, progress);
  else
    for (const file of files)
      await readStream(createReadStream(file.path), file.path, /\.gz$/i.test(file.path), ingest, progress);
  progress.done();
  return ingest;
}

async function readStream(
  raw: Readable,
  name: string,
  gzipped: boolean,
  ingest: Ingest,
  progress: Progress,
): Promise<void> {
  raw.on('data', (chunk: Buffer | string) => progress.advance(chunk.length));
  // pipeline() forwards a read error to the inflating stream, whose iteration then rejects.
  const input: Readable = gzipped ? pipeline(raw, createGunzip(), () => undefined) : raw;
  const splitter = new LineSplitter();
  let lines = 0;
  const feed = (batch: readonly string[]): void => {
    for (const line of batch) ingest.line(line);
    lines += batch.length;
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer | string>)
      feed(splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
    feed(splitter.end());
  } catch (err) {
    // What was read before stays counted: a truncated export's lines up to the cut are real ones.
    ingest.warn(unreadable(name, err, lines));
  }
  for (let i = 0; i < splitter.oversized; i++) ingest.oversized();
  if (splitter.oversized > 0)
    ingest.warn(
      `${name}: ${count(splitter.oversized, 'line')} longer than ${MAX_LINE_BYTES / 1048576} MB skipped`,
    );
  // A document cut at the end of one file must not swallow the start of the next.
  ingest.finish();
}

function unreadable(name: string, err: unknown, lines: number): string {
  const reason =
    typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
  if (lines === 0) return `${name}: skipped, unreadable (${reason})`;
  return `${name}: unreadable after ${count(lines, 'line')} (${reason}); the rest of it is skipped`;
}

const count = (n: number, noun: string): string =>
  `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
