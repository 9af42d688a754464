import { ENROLLMENT_FIELD } from '../../edge-functions/shared/log';

/**
 * Reading CloudWatch Embedded Metric Format generically: the `_aws.CloudWatchMetrics` directives name the
 * metrics, the values and dimension values are the object's top-level keys.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
export const NAMESPACE = 'EdgePersonalisation';

/** The metrics the report reads and the dimensions each must carry. */
const WANTED = {
  Enrollments: ['Experiment', 'Variant'],
  Conversions: ['Experiment', 'Variant', 'Goal'],
} as const;
export type MetricName = keyof typeof WANTED;

export interface MetricRecord {
  readonly metric: MetricName;
  readonly experiment: string;
  readonly variant: string;
  /** Conversions only. */
  readonly goal?: string;
  readonly value: number;
  /**
   * The enrollment the line belongs to (`ENROLLMENT_FIELD`), when it names one: a log line does; a metric sum
   * from CloudWatch does not.
   */
  readonly enrollment?: string;
}

/** What the edge mints: 16 base64url characters (`edge-functions/shared/proof.ts`). */
const ENROLLMENT_ID = /^[A-Za-z0-9_-]{16}$/;

/** What one log entry turned out to be. */
export type EntryResult =
  | { readonly kind: 'records'; readonly records: readonly MetricRecord[] }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'malformed'; readonly reason: string };

const IGNORED: EntryResult = { kind: 'ignored' };
const malformed = (reason: string): EntryResult => ({ kind: 'malformed', reason });

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Records from one parsed log object. Objects without `_aws` (decision or error lines) and EMF for other
 * namespaces or metrics are ignored; an EMF object that names our metrics but breaks the format is malformed.
 */
export function recordsFromEmf(obj: Record<string, unknown>): EntryResult {
  const aws = obj._aws;
  if (aws === undefined) return IGNORED;
  if (!isObject(aws) || !Array.isArray(aws.CloudWatchMetrics)) return malformed('_aws.CloudWatchMetrics');
  const names = new Set<MetricName>();
  for (const directive of aws.CloudWatchMetrics) {
    if (!isObject(directive) || !Array.isArray(directive.Metrics)) return malformed('metric directive');
    if (directive.Namespace !== NAMESPACE) continue;
    for (const m of directive.Metrics) {
      const name = isObject(m) ? m.Name : undefined;
      if (name === 'Enrollments' || name === 'Conversions') names.add(name);
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
  const dims: string[] = [];
  for (const key of WANTED[metric]) {
    const v = obj[key];
    if (typeof v !== 'string' || v === '') return `${metric} dimension ${key}`;
    dims.push(v);
  }
  const [experiment, variant, goal] = dims as [string, string, string?];
  const id = obj[ENROLLMENT_FIELD];
  if (id !== undefined && (typeof id !== 'string' || !ENROLLMENT_ID.test(id)))
    return `${metric} ${ENROLLMENT_FIELD}`;
  const enrollment = id === undefined ? {} : { enrollment: id };
  return goal === undefined
    ? { metric, experiment, variant, value, ...enrollment }
    : { metric, experiment, variant, goal, value, ...enrollment };
}

/** The most one line may count (the edge writes 1): 1e308 or 40.5 is malformed, never a count. */
export const MAX_COUNT = 1000;

/** EMF allows a number or an array of up to 100 numbers (several samples in one line); counts are summed. */
function metricValue(v: unknown): number | null {
  // The edge writes 1 per line: a count is a whole number, and more than MAX_COUNT in one line is not ours.
  const ok = (x: unknown): x is number =>
    Number.isInteger(x) && (x as number) >= 0 && (x as number) <= MAX_COUNT;
  if (ok(v)) return v;
  if (Array.isArray(v) && v.length > 0 && v.length <= 100 && v.every(ok)) return v.reduce((a, b) => a + b, 0);
  return null;
}
