/**
 * One JSON line per decision in CloudWatch Embedded Metric Format, so CloudWatch turns exposures per
 * variant into metrics from the log line itself, with no API call from the edge.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * Only decisions are logged: never cookies, IP addresses, headers or whole events.
 */
export type LogSink = (line: string) => void;

export const METRIC_NAMESPACE = 'EdgePersonalisation';

export interface DecisionFields {
  readonly locale?: string;
  readonly localeSource?: string;
  readonly experiment?: string;
  readonly variant?: string;
  readonly assignment?: string;
  readonly exposure?: boolean;
  readonly action: string;
  readonly status?: number;
}

// A function, not a module-level string: esbuild drops it from a bundle that only writes error lines.
const emfMetrics = (): string =>
  `,"CloudWatchMetrics":[{"Namespace":"${METRIC_NAMESPACE}","Dimensions":[["Experiment","Variant"]],"Metrics":[{"Name":"Exposures","Unit":"Count"}]}]}`;

/**
 * An EMF line; the `Exposures` metric is emitted only for exposures, with dimensions Experiment × Variant.
 * Assembled as a string (it runs on every request; a generic JSON.stringify of nested objects was the
 * handler's largest cost). Every value still goes through JSON.stringify, so nothing can break the line.
 */
export function decisionLine(fields: DecisionFields, timestamp: number): string {
  let line = '{';
  for (const key of FIELDS) {
    const value = fields[key];
    if (value !== undefined) line += `${line === '{' ? '' : ','}"${key}":${json(value)}`;
  }
  if (fields.experiment !== undefined && fields.variant !== undefined && fields.exposure)
    line += `,"Experiment":${json(fields.experiment)},"Variant":${json(fields.variant)},"Exposures":1,"_aws":{"Timestamp":${timestamp}${emfMetrics()}`;
  return `${line}}`;
}

/** Identifiers from the validated configuration need no escaping; anything else goes through JSON.stringify. */
const PLAIN = /^[A-Za-z0-9_.-]*$/;
const json = (v: string | number | boolean): string =>
  typeof v === 'string' && PLAIN.test(v) ? `"${v}"` : JSON.stringify(v);

const FIELDS = [
  'action',
  'status',
  'locale',
  'localeSource',
  'experiment',
  'variant',
  'assignment',
  'exposure',
] as const;

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
