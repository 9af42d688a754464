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

/** An EMF line; the `Exposures` metric is emitted only for exposures, with dimensions Experiment × Variant. */
export function decisionLine(fields: DecisionFields, timestamp: number): string {
  const record: Record<string, unknown> = { ...fields };
  if (fields.experiment !== undefined && fields.variant !== undefined && fields.exposure) {
    record._aws = {
      Timestamp: timestamp,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [['Experiment', 'Variant']],
          Metrics: [{ Name: 'Exposures', Unit: 'Count' }],
        },
      ],
    };
    record.Experiment = fields.experiment;
    record.Variant = fields.variant;
    record.Exposures = 1;
  }
  return JSON.stringify(record);
}

/** The one line an internal failure produces: a stable code and the error's message, nothing from the event. */
export function errorLine(fn: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return JSON.stringify({ level: 'error', code: 'E_INTERNAL', function: fn, message: message.slice(0, 300) });
}
