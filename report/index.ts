/**
 * The report as a library, for callers other than the CLI (the local CloudFront will serve
 * `renderReportPage(await reportFromLogs(dir, config))` at `/__cloudfront/experiments`).
 */
import { analyse } from './analyse';
import { readLogs, type ReadOptions } from './input/read';
import { FIXED_HORIZON, sequentialBoundary } from './stats/boundary';
import type { Report, ReportConfig } from './types';

export { analyse } from './analyse';
export { readLogs } from './input/read';
export { renderReportPage, REPORT_CSS } from './page';
export { renderTable } from './format/table';
export type { Report, ReportConfig } from './types';

export interface ReportFromLogsOptions extends ReadOptions {
  /** Always-valid intervals and p-values (normal-mixture confidence sequence). */
  readonly sequential?: boolean;
}

/** Reads a log file or folder (or `-`) and analyses it against `config`. */
export async function reportFromLogs(
  source: string,
  config: ReportConfig,
  options: ReportFromLogsOptions = {},
): Promise<Report> {
  const ingest = await readLogs(source, options);
  const boundary = options.sequential ? sequentialBoundary() : FIXED_HORIZON;
  return analyse(ingest.counts, config, { boundary, input: ingest.summary });
}
