/**
 * What the functions log. Only what feeds a metric, and failures, are logged in production: one CloudWatch
 * Embedded Metric Format line per enrollment and per conversion, so CloudWatch turns them into metrics from
 * the log line itself with no API call from the edge; routine decisions (forwards, redirects, rejections)
 * only with `logs.debug`, because every line is paid for at CloudWatch Logs' ingestion price.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * Every field name comes from `log-schema.ts`, where readers find them too (`log-parse.ts` reads these lines
 * back). Never identifiers, cookies, IP addresses, headers or whole events: only configured names.
 */
import {
  EMF_FIELD,
  ENROLLMENT_FIELD,
  METRIC_NAMESPACE,
  METRICS,
  NO_VALUE,
  PHASE_FIELD,
  type DecisionFields,
  type ErrorFields,
  type MetricName,
  type WarnFields,
} from './log-schema';

export type LogSink = (line: string) => void;

/**
 * One metric line: `{"Experiment":"x","Variant":"y","Enrollments":1,"_aws":{…}}`, nothing the specification
 * does not require: the metric's own key says what the line records, and `Unit` is optional (a count needs
 * none), so every byte left is one CloudWatch needs. Dimension values come from the validated configuration,
 * and still go through JSON.stringify. A conversion counts once per (enrollment, goal): the report counts
 * distinct `enrollment` identifiers, so a replayed beacon adds nothing. A `phase` above 0 adds
 * `"Phase":"<n>"` and the per-phase dimension set (`PHASE_FIELD` in `log-schema.ts`); phase 0 writes
 * neither, so its line is the same as before phases existed. Written in the CloudFront Functions subset.
 */
export function metricLine(
  name: MetricName,
  values: readonly string[],
  timestamp: number,
  enrollment?: string,
  phase?: number,
): string {
  const dims = METRICS[name];
  let fields = dims.map((d, i) => `"${d}":${JSON.stringify(values[i] || '')},`).join('');
  let sets = JSON.stringify(dims);
  if (phase) {
    fields += `"${PHASE_FIELD}":"${phase}",`;
    sets += `,${JSON.stringify((dims as readonly string[]).concat(PHASE_FIELD))}`;
  }
  if (enrollment !== undefined) fields += `"${ENROLLMENT_FIELD}":${JSON.stringify(enrollment)},`;
  return `{${fields}"${name}":1,"${EMF_FIELD}":{"Timestamp":${timestamp},"CloudWatchMetrics":[{"Namespace":"${METRIC_NAMESPACE}","Dimensions":[${sets}],"Metrics":[{"Name":"${name}"}]}]}}`;
}

/**
 * The same metric as CloudFront Functions print it (`log-schema.ts`, metric words):
 * `Enrollments home-hero bold Xk3v9Qm0aB7_cD-e`, about a quarter of the EMF line's bytes. CloudFront puts the
 * request's id in front, and a metric filter turns the line into the same `EdgePersonalisation` metric.
 */
export function metricWords(
  name: MetricName,
  values: readonly string[],
  enrollment?: string,
  phase?: number,
): string {
  const dims = METRICS[name];
  let line: string = name;
  for (let i = 0; i < dims.length; i++) line += ' ' + word(values[i]);
  return line + ' ' + word(enrollment) + ' ' + word(phase ? String(phase) : undefined);
}

/** A value as one word: an absent or empty one is `-`, so the line keeps its number of fields. */
const word = (value: string | undefined): string => (value === undefined || value === '' ? NO_VALUE : value);

/** A routine decision, for `logs.debug` only: plain JSON, no metric. */
export const decisionLine = (fields: DecisionFields): string => JSON.stringify(fields);

export type ErrorCode = ErrorFields['code'];

/**
 * The one line a failure produces: a stable code and the error's message, nothing from the event. A warning
 * code (`W_…`) makes it a warning line, the request served from a fallback (`warnLine`).
 */
export function errorLine(fn: string, err: unknown, code?: ErrorCode | WarnFields['code']): string {
  const message = err instanceof Error ? err.message : String(err);
  const c = code || 'E_INTERNAL';
  const level = c === 'W_KVS' ? 'warn' : 'error';
  return JSON.stringify({ level, code: c, function: fn, message: message.slice(0, 300) } as
    ErrorFields | WarnFields);
}

/**
 * The one warning line of a request served from a fallback: which KeyValueStore entries were `missing`,
 * `unreadable` or `malformed` (`shared/live.ts`), as `xp:<id> malformed; …`. Names only, never a value.
 */
export const warnLine = (fn: string, message: string): string => errorLine(fn, message, 'W_KVS');
