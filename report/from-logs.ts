/**
 * Logs to report: once (`reportFromLogs`), or again and again for a page that reloads itself (`ReportCache`,
 * which reads the files again only when one of them changed).
 */
import { analyse } from './analyse';
import type { Ingest } from './input/ingest';
import { listFiles, readFiles, readLogs, type ReadOptions } from './input/read';
import type { PhaseChoice, PhaseWeights } from './phases';
import { FIXED_HORIZON, sequentialBoundary } from './stats/boundary';
import type { Report, ReportConfig } from './types';

export interface ReportFromLogsOptions extends Omit<ReadOptions, 'config'> {
  /** Always-valid intervals and p-values (normal-mixture confidence sequence). */
  readonly sequential?: boolean;
  /** Each phase's weights (`storeWeights` of the local store for the local CloudFront's logs). */
  readonly phaseWeights?: PhaseWeights;
  readonly phase?: PhaseChoice;
}

/** Reads a log file or folder (or `-`) and analyses it against `config`. */
export async function reportFromLogs(
  source: string,
  config: ReportConfig,
  options: ReportFromLogsOptions = {},
): Promise<Report> {
  return reportOf(await readLogs(source, { ...options, config }), config, options);
}

const reportOf = (ingest: Ingest, config: ReportConfig, options: ReportFromLogsOptions): Report =>
  analyse(ingest.counts, config, {
    boundary: options.sequential ? sequentialBoundary() : FIXED_HORIZON,
    input: ingest.summary,
    phaseWeights: options.phaseWeights,
    phase: options.phase,
  });

/**
 * `reportFromLogs` for a log file or folder read again and again (the local CloudFront's experiments page
 * reloads every few seconds): the files are read again only when the list of (path, size, modification
 * time) or the configuration changed; otherwise the last reading is analysed again, which is quick.
 * Concurrent calls for the same files share one reading.
 */
export class ReportCache {
  private last: { readonly key: string; readonly ingest: Promise<Ingest> } | null = null;

  async report(source: string, config: ReportConfig, options: ReportFromLogsOptions = {}): Promise<Report> {
    // Listed before reading: a file that grows while it is read is read again on the next call.
    const files = await listFiles(source, options.onlyDotLog ?? false);
    const key = JSON.stringify([config, files]);
    if (this.last?.key !== key) this.last = { key, ingest: readFiles(files, { ...options, config }) };
    const reading = this.last;
    try {
      return reportOf(await reading.ingest, config, options);
    } catch (err) {
      if (this.last === reading) this.last = null;
      throw err;
    }
  }
}
