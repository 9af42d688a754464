/** The sentences about the input, shared by the text table and the HTML page. */
import type { IngestSummary } from '../input/ingest';
import type { Report } from '../types';
import { formatCount } from './numbers';

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** What was read: entries, values counted, lines skipped and why. */
export function readText(i: IngestSummary): string {
  const duplicates = plural(i.duplicates, 'duplicate line', 'duplicate lines');
  return `Read ${plural(i.entries, 'log entry', 'log entries')}: ${plural(i.records, 'metric value', 'metric values')}, ${plural(i.ignored, 'other line', 'other lines')}, ${formatCount(i.malformed)} malformed (skipped), ${duplicates} skipped (already counted).`;
}

/** The names the configuration does not define, or null when there are none. */
export function unconfiguredText(report: Report): string | null {
  if (report.unconfigured.length === 0) return null;
  const listed = `In the logs but not configured (not counted): ${report.unconfigured.join(', ')}.`;
  if (report.unconfiguredOther === 0) return listed;
  const other = plural(report.unconfiguredOther, 'enrollment or conversion', 'enrollments and conversions');
  return `${listed} And ${other} under more unconfigured names, not listed.`;
}
