/**
 * Reads the functions' log lines back, by the schema in `log-schema.ts`: the one parser the local
 * CloudFront (access line, `X-Emulator-Decision`), `npm run report` and its inputs share. Lenient in what it
 * accepts (anything that is not one of our lines is `ignored`), strict about our metrics, which people decide
 * on: an EMF object that names our metrics but breaks the format is `malformed`, never a count.
 * EMF is read generically: the `_aws.CloudWatchMetrics` directives name the metrics; the values and
 * dimension values are the object's top-level keys.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * Never imported by a bundle.
 */
import {
  DIMENSIONS,
  EMF_FIELD,
  ENROLLMENT_FIELD,
  EXPERIMENT_NOTE,
  hasGoal,
  METRIC_NAMESPACE,
  METRIC_NAMES,
  METRICS,
  metricWordFields,
  NO_VALUE,
  PHASE_FIELD,
  PHASE_TEXT,
  type DecisionFields,
  type ErrorFields,
  type MetricName,
  type WarnFields,
} from './log-schema';

export interface MetricRecord {
  readonly metric: MetricName;
  readonly experiment: string;
  readonly variant: string;
  /** Conversions only. */
  readonly goal?: string;
  readonly value: number;
  /** The enrollment the line belongs to, when it names one: a log line does; a CloudWatch sum does not. */
  readonly enrollment?: string;
  /** The experiment's phase (`PHASE_FIELD`) when above 0: absent means phase 0. */
  readonly phase?: number;
}

/** One experiment's assignment in a decision line. */
export interface ExperimentDecision {
  readonly experiment: string;
  readonly variant: string;
  /** `new`, `cookie`, `legacy`, `override`, `deterministic`, `disabled` (`shared/experiments.ts`). */
  readonly source: string;
}

export interface Decision {
  readonly action: DecisionFields['action'];
  readonly status?: number;
  readonly locale?: { readonly tag: string; readonly source: string };
  readonly experiments: readonly ExperimentDecision[];
}

export type LogEntry =
  | { readonly kind: 'records'; readonly records: readonly MetricRecord[] }
  | { readonly kind: 'decision'; readonly decision: Decision }
  | { readonly kind: 'error'; readonly error: ErrorFields }
  | { readonly kind: 'warn'; readonly warning: WarnFields }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'malformed'; readonly reason: string };

const IGNORED: LogEntry = { kind: 'ignored' };
const malformed = (reason: string): LogEntry => ({ kind: 'malformed', reason });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * One printed line, as the local CloudFront captures it: JSON text, or metric words (CloudFront Functions),
 * bare or as CloudWatch keeps them (after the request id, and an export's timestamp).
 */
export function parseLogLine(line: string): LogEntry {
  if (!line.startsWith('{')) return wordsEntry(line);
  try {
    const value: unknown = JSON.parse(line);
    return isObject(value) ? entryOf(value) : IGNORED;
  } catch {
    return IGNORED;
  }
}

/** One parsed log object. */
export function entryOf(obj: Record<string, unknown>): LogEntry {
  if (EMF_FIELD in obj) return recordsFromEmf(obj);
  const error = errorOf(obj);
  if (error) return { kind: 'error', error };
  const warning = warningOf(obj);
  if (warning) return { kind: 'warn', warning };
  const decision = decisionOf(obj);
  return decision ? { kind: 'decision', decision } : IGNORED;
}

function errorOf(obj: Record<string, unknown>): ErrorFields | undefined {
  const e = obj as Partial<Record<keyof ErrorFields, unknown>>;
  if (e.level !== 'error' || (e.code !== 'E_INTERNAL' && e.code !== 'E_EVENT')) return undefined;
  return { level: 'error', code: e.code, function: String(e.function), message: String(e.message) };
}

function warningOf(obj: Record<string, unknown>): WarnFields | undefined {
  const w = obj as Partial<Record<keyof WarnFields, unknown>>;
  if (w.level !== 'warn' || w.code !== 'W_KVS') return undefined;
  return { level: 'warn', code: w.code, function: String(w.function), message: String(w.message) };
}

function decisionOf(obj: Record<string, unknown>): Decision | undefined {
  const d = obj as Partial<Record<keyof DecisionFields, unknown>>;
  if (d.action !== 'respond' && d.action !== 'forward') return undefined;
  const experiments = (Array.isArray(d.experiments) ? d.experiments : []).flatMap((note: unknown) => {
    const m = typeof note === 'string' ? EXPERIMENT_NOTE.exec(note) : null;
    return m ? [{ experiment: m[1]!, variant: m[2]!, source: m[3]! }] : [];
  });
  return {
    action: d.action,
    ...(typeof d.status === 'number' ? { status: d.status } : {}),
    ...(text(d.locale) ? { locale: { tag: d.locale, source: text(d.source) ? d.source : '?' } } : {}),
    experiments,
  };
}

/** What may stand before a metric's name: an export's timestamp (ISO or epoch ms), then CloudFront's request id. */
const PREFIX_WORDS = [/^(?:\d{4}-\d\d-\d\dT\S+|\d{10,16})$/, /^[A-Za-z0-9_-]{16,}={0,2}$/];

/** Where the metric's name stands after an optional timestamp and request id, or -1. */
function metricAt(words: readonly string[]): number {
  let at = 0;
  for (const prefix of PREFIX_WORDS) if (prefix.test(words[at] ?? '')) at++;
  return (METRIC_NAMES as readonly string[]).includes(words[at] ?? '') ? at : -1;
}

/**
 * A metric-words line (`log-schema.ts`): the metric's name (after CloudWatch's prefix, if any), then exactly
 * its fields. A line that names our metric but has another number of words is malformed, never a count.
 */
function wordsEntry(line: string): LogEntry {
  const words = line.trim().split(' ');
  const at = metricAt(words);
  if (at < 0) return IGNORED;
  const metric = words[at] as MetricName;
  const fields = metricWordFields(metric);
  if (words.length - at !== fields.length) return malformed(`${metric} words`);
  const obj: Record<string, unknown> = { [metric]: 1 };
  fields.forEach((field, i) => {
    if (i > 0 && words[at + i] !== NO_VALUE) obj[field] = words[at + i];
  });
  const record = recordOf(obj, metric);
  return typeof record === 'string' ? malformed(record) : { kind: 'records', records: [record] };
}

/** What the edge mints: 16 base64url characters (`shared/proof.ts`). */
const ENROLLMENT_ID = /^[A-Za-z0-9_-]{16}$/;
/** The most one line may count (the edge writes 1): 1e308 or 40.5 is malformed, never a count. */
const MAX_COUNT = 1000;

/**
 * Records from an EMF object. EMF for other namespaces or metrics is ignored; an object that names our
 * metrics but breaks the format is malformed.
 */
function recordsFromEmf(obj: Record<string, unknown>): LogEntry {
  const aws = obj[EMF_FIELD];
  if (aws === undefined) return IGNORED;
  if (!isObject(aws) || !Array.isArray(aws.CloudWatchMetrics))
    return malformed(`${EMF_FIELD}.CloudWatchMetrics`);
  const names = new Set<MetricName>();
  for (const directive of aws.CloudWatchMetrics) {
    if (!isObject(directive) || !Array.isArray(directive.Metrics)) return malformed('metric directive');
    if (directive.Namespace !== METRIC_NAMESPACE) continue;
    for (const m of directive.Metrics) {
      const name = isObject(m) ? m.Name : undefined;
      if ((METRIC_NAMES as readonly unknown[]).includes(name)) names.add(name as MetricName);
    }
  }
  if (names.size === 0) return IGNORED;
  const records: MetricRecord[] = [];
  for (const metric of names) {
    const record = recordOf(obj, metric);
    if (typeof record === 'string') return malformed(record);
    records.push(record);
  }
  return { kind: 'records', records };
}

function recordOf(obj: Record<string, unknown>, metric: MetricName): MetricRecord | string {
  const value = metricValue(obj[metric]);
  if (value === null) return `${metric} value`;
  for (const key of METRICS[metric]) if (!text(obj[key])) return `${metric} dimension ${key}`;
  const dim = (key: string) => obj[key] as string;
  const id = obj[ENROLLMENT_FIELD];
  if (id !== undefined && (typeof id !== 'string' || !ENROLLMENT_ID.test(id)))
    return `${metric} ${ENROLLMENT_FIELD}`;
  const phase = phaseOf(obj[PHASE_FIELD]);
  if (phase === null) return `${metric} ${PHASE_FIELD}`;
  return {
    metric,
    experiment: dim(DIMENSIONS.experiment),
    variant: dim(DIMENSIONS.variant),
    ...(hasGoal(metric) ? { goal: dim(DIMENSIONS.goal) } : {}),
    value,
    ...(id === undefined ? {} : { enrollment: id }),
    ...(phase > 0 ? { phase } : {}),
  };
}

/** Absent: phase 0 (a line from before phases, or of phase 0). Anything but `PHASE` text is malformed. */
function phaseOf(v: unknown): number | null {
  if (v === undefined) return 0;
  if (typeof v !== 'string' || !PHASE_TEXT.test(v)) return null;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : null;
}

/** EMF allows a number or an array of up to 100 numbers (several samples in one line); counts are summed. */
function metricValue(v: unknown): number | null {
  // The edge writes 1 per line: a count is a whole number, and more than MAX_COUNT in one line is not ours.
  const ok = (x: unknown): x is number =>
    Number.isInteger(x) && (x as number) >= 0 && (x as number) <= MAX_COUNT;
  if (ok(v)) return v;
  if (Array.isArray(v) && v.length > 0 && v.length <= 100 && v.every(ok)) return v.reduce((a, b) => a + b, 0);
  return null;
}
