/**
 * What the functions log. Only what feeds a metric, and failures, are logged in production: one CloudWatch
 * Embedded Metric Format line per enrollment and per conversion, so CloudWatch turns them into metrics from
 * the log line itself with no API call from the edge; routine decisions (forwards, redirects, rejections)
 * only with `logs.debug`, because every line is paid for at CloudWatch Logs' ingestion price.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * Never identifiers, cookies, IP addresses, headers or whole events: only configured names.
 */
export type LogSink = (line: string) => void;

export const METRIC_NAMESPACE = 'EdgePersonalisation';

/** The metrics and their dimensions: `npm run report`, the dashboard and the alarms read these names. */
export const METRICS = {
  Enrollments: ['Experiment', 'Variant'],
  Conversions: ['Experiment', 'Variant', 'Goal'],
} as const;
export type MetricName = keyof typeof METRICS;

/**
 * The enrollment a metric line belongs to: the random, pseudonymous identifier the edge minted when it
 * enrolled the browser (`shared/proof.ts`), written as a plain property next to the dimensions (EMF keeps
 * it in the log, not in the metric). A conversion counts once per (enrollment, goal): the report counts
 * distinct identifiers, so a replayed beacon adds nothing. Never a cookie, an IP address or a signature.
 */
export const ENROLLMENT_FIELD = 'Enrollment';

/**
 * One metric line: `{"Experiment":"x","Variant":"y","Enrollments":1,"_aws":{…}}`, nothing the specification
 * does not require: the metric's own key says what the line records, and `Unit` is optional (a count needs
 * none), so every byte left is one CloudWatch needs. Dimension values come from the validated configuration,
 * and still go through JSON.stringify.
 */
export function metricLine(
  name: MetricName,
  values: readonly string[],
  timestamp: number,
  enrollment?: string,
): string {
  const dims = METRICS[name];
  let fields = dims.map((d, i) => `"${d}":${JSON.stringify(values[i] ?? '')},`).join('');
  if (enrollment !== undefined) fields += `"${ENROLLMENT_FIELD}":${JSON.stringify(enrollment)},`;
  return `{${fields}"${name}":1,"_aws":{"Timestamp":${timestamp},"CloudWatchMetrics":[{"Namespace":"${METRIC_NAMESPACE}","Dimensions":[${JSON.stringify(dims)}],"Metrics":[{"Name":"${name}"}]}]}}`;
}

export interface DecisionFields {
  /** `respond` (a generated response) or `forward`. */
  readonly action: 'respond' | 'forward';
  readonly status?: number;
  /** The chosen locale and what chose it (`path`, `cookie`, `header`, `default`). */
  readonly locale?: string;
  readonly source?: string;
  /** `<experiment>=<variant>(<assignment source>)` for each experiment covering the page. */
  readonly experiments?: readonly string[];
}

/** A routine decision, for `logs.debug` only: plain JSON, no metric. */
export const decisionLine = (fields: DecisionFields): string => JSON.stringify(fields);

/**
 * Stable error codes: `E_INTERNAL`, a failure inside a handler (the request or response passes through);
 * `E_EVENT`, an event outside CloudFront's contract (answered with a generated response).
 */
export type ErrorCode = 'E_INTERNAL' | 'E_EVENT';

/** The one line a failure produces: a stable code and the error's message, nothing from the event. */
export function errorLine(fn: string, err: unknown, code: ErrorCode = 'E_INTERNAL'): string {
  const message = err instanceof Error ? err.message : String(err);
  return JSON.stringify({ level: 'error', code, function: fn, message: message.slice(0, 300) });
}
