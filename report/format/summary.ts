/** The sentences about the input, shared by the text table and the HTML page. */
import type { IngestSummary } from '../input/ingest';
import type { ExperimentResult, PhaseSummary, Report } from '../types';
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

const srmWord = (srm: PhaseSummary['srm']): string =>
  srm === null
    ? 'sample ratio not checked: weights unknown'
    : srm.mismatch
      ? 'SAMPLE RATIO MISMATCH'
      : srm.pValue === null
        ? 'sample ratio not checked yet'
        : 'sample ratio OK';

const WEIGHTS_FROM = {
  configuration: 'weights from edge.config.ts',
  store: "weights from the store's phase history",
};

/** Which phase is shown, where its weights come from, and the phases left out with their totals. */
export function phaseText(e: ExperimentResult): string {
  const weights = e.weightsFrom ? WEIGHTS_FROM[e.weightsFrom] : 'weights unknown';
  const empty = e.phases.some((p) => p.phase === e.phase) ? '' : ', no data';
  const head = `Phase ${formatCount(e.phase)} (${weights}${empty})`;
  const others = e.phases.filter((p) => p.phase !== e.phase);
  if (others.length === 0) return `${head}.`;
  const list = others.map(
    (p) =>
      `${formatCount(p.phase)} (${plural(p.enrolled, 'enrolled', 'enrolled')}, ${plural(p.conversions, 'conversion', 'conversions')}, ${srmWord(p.srm)})`,
  );
  return `${head}. Other phases, not included: ${list.join('; ')}. Pick one with --phase ${e.id}=<n>.`;
}
