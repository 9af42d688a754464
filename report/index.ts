/**
 * The report as a library, for callers other than the CLI (the local CloudFront serves
 * `renderReportPage(await new ReportCache().report(dir, config))` at `/__cloudfront/experiments`).
 */
export { analyse } from './analyse';
export { readLogs } from './input/read';
export { reportFromLogs, ReportCache, type ReportFromLogsOptions } from './from-logs';
export { renderReportPage, REPORT_CSS } from './page';
export { renderTable } from './format/table';
export { configurationWeights, storeWeights, type PhaseChoice, type PhaseWeights } from './phases';
export type { Report, ReportConfig } from './types';
