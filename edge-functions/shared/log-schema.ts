/**
 * The functions' log-line schema, declared once: every field name `log.ts` writes and every reader imports
 * (the parser beside it, `log-parse.ts`, which the local CloudFront, `npm run report`, its CloudWatch input
 * and the dashboard share). Modelled on Miniflare's `WorkerdStructuredLogSchema`: one declared shape per
 * kind of line and one parser, so a renamed field breaks the build of every reader instead of one of them.
 * Three kinds of line, all one JSON object, and the metric line's CloudFront Functions form (metric words):
 * - **metric**: CloudWatch Embedded Metric Format, the metric's own key set to 1, its dimensions, the
 *   enrollment identifier, and the `_aws` directive;
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 * - **decision** (`logs.debug` only): `{"action":…,"status":…,"locale":…,"source":…,"experiments":[…]}`;
 * - **error**: `{"level":"error","code":…,"function":…,"message":…}`;
 * - **warn**: the same shape with `"level":"warn"`: the request was served, from a fallback (`W_KVS`).
 * Nothing here may grow the bundles: names, types and pure helpers, dropped where unused.
 */

export const METRIC_NAMESPACE = 'EdgePersonalisation';

/** The phase dimension, on lines of a phase above 0 only (see `phaseDimensions`). */
export const PHASE_FIELD = 'Phase';
/** Dimension names, as CloudWatch shows them. */
export const DIMENSIONS = {
  experiment: 'Experiment',
  variant: 'Variant',
  goal: 'Goal',
  phase: PHASE_FIELD,
} as const;

export type Dimension = (typeof DIMENSIONS)[keyof typeof DIMENSIONS];

/**
 * The metrics and their dimensions, in the order a metric line writes them. Literals, checked against
 * `DIMENSIONS` by the compiler (`satisfies`), so the bundles that never write a metric can drop this table.
 * At most three dimensions each: a CloudWatch Logs metric filter, which counts the CloudFront Functions'
 * lines (metric words, below), publishes at most three
 * (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_MetricTransformation.html).
 */
export const METRICS = {
  Enrollments: ['Experiment', 'Variant'],
  Conversions: ['Experiment', 'Variant', 'Goal'],
} as const satisfies Record<string, readonly [Dimension, Dimension?, Dimension?]>;
export type MetricName = keyof typeof METRICS;
export const METRIC_NAMES = /* @__PURE__ */ Object.keys(METRICS) as readonly MetricName[];
/**
 * The experiment's phase (`cloudfront-functions/contract.ts`, `LiveEntry.p`): every stop, start or re-weight
 * through the KeyValueStore starts a new one, and the report analyses one phase at a time, so a re-weight
 * never mixes populations. A line of phase 0 carries no `Phase` and has one dimension set, `METRICS[name]`,
 * exactly as before phases existed: old lines, and every Lambda@Edge line, read as phase 0. A line of a
 * later phase writes `"Phase":"<n>"` (EMF dimension values are strings) and a second dimension set, the
 * same plus `Phase`: CloudWatch then keeps the all-phases series the dashboard sums, and a per-phase series
 * for the report's `--cloudwatch`, which takes phase 0 as the all-phases sum less the later phases'.
 * Any other writer of these metrics (a metric filter) must keep that rule.
 */
export const phaseDimensions = (metric: MetricName): readonly string[] =>
  (METRICS[metric] as readonly string[]).concat(PHASE_FIELD);
/** A phase as `metricLine` writes it: a whole number in decimal, no sign, no leading zero, at most 2^53 − 1. */
export const PHASE_TEXT = /^(0|[1-9][0-9]{0,15})$/;

/** Conversions carry a goal; enrollments do not. */
export const hasGoal = (metric: MetricName): boolean =>
  (METRICS[metric] as readonly string[]).includes(DIMENSIONS.goal);

/**
 * The enrollment a metric line belongs to: the random, pseudonymous identifier the edge minted when it
 * enrolled the browser (`shared/proof.ts`), written as a plain property next to the dimensions (EMF keeps
 * it in the log, not in the metric). Never a cookie, an IP address or a signature.
 */
export const ENROLLMENT_FIELD = 'Enrollment';
/** The EMF directive's key: a line without it is not a metric. */
export const EMF_FIELD = '_aws';

/**
 * **Metric words**: the metric line of the CloudFront Functions runtime. CloudFront writes each line a
 * function prints to `/aws/cloudfront/function/<name>` in us-east-1 prefixed with the request's id and a
 * space, so no line is JSON there and CloudWatch never extracts EMF from it; a metric filter reads
 * space-delimited fields instead (`infra/function-log-metrics.ts`).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html#cloudfront-function-logs
 *
 * The function prints, with one `console.log` of one string (`log.ts` `metricWords`), single spaces between:
 * the metric's name, its dimension values in `METRICS` order, the enrollment identifier (`-` for none), then
 * the experiment's phase (`-` for phase 0, `shared/live.ts`), a plain field, never a dimension:
 *
 *     Enrollments <experiment> <variant> <enrollment> <phase>
 *     Conversions <experiment> <variant> <goal> <enrollment> <phase>
 *
 * and CloudWatch keeps `<request id> Enrollments home-hero bold Xk3v9Qm0aB7_cD-e`. Every word is a configured
 * name (`[a-z0-9-]`; a goal is an RFC 6265 token) or the base64url identifier: never a space, `"` or `[`,
 * which would split or join the filter's fields. No timestamp: the log event's own time is the metric's.
 */
export const metricWordFields = (metric: MetricName): readonly string[] =>
  ([metric] as string[]).concat(METRICS[metric], [ENROLLMENT_FIELD, PHASE_FIELD]);
/** The word written for a value that is absent (a metric line without an enrollment). */
export const NO_VALUE = '-';

/** A routine decision (`logs.debug`): field names are this interface's keys, and the parser reads them. */
export interface DecisionFields {
  /** `respond` (a generated response) or `forward`. */
  readonly action: 'respond' | 'forward';
  readonly status?: number;
  /** The chosen locale and what chose it (`path`, `cookie`, `header`, `default`). */
  readonly locale?: string;
  readonly source?: string;
  /** One `experimentNote` per experiment covering the page. */
  readonly experiments?: readonly string[];
}

/** How an experiment's assignment is written in a decision line: `<experiment>=<variant>(<source>)`. */
export const experimentNote = (experiment: string, variant: string, source: string): string =>
  `${experiment}=${variant}(${source})`;
/** Reads `experimentNote`'s output back (ids and variant names never hold `=`, `(` or `)`). */
export const EXPERIMENT_NOTE = /^([^=()]+)=([^=()]+)\(([^=()]+)\)$/;

/** An error line: field names are this interface's keys. */
export interface ErrorFields {
  readonly level: 'error';
  /** `E_INTERNAL`, a failure inside a handler; `E_EVENT`, an event outside CloudFront's contract. */
  readonly code: 'E_INTERNAL' | 'E_EVENT';
  readonly function: string;
  readonly message: string;
}

/** A warning line: the request was served, from a fallback. Field names are this interface's keys. */
export interface WarnFields {
  readonly level: 'warn';
  /** `W_KVS`: a KeyValueStore entry was missing, unreadable or malformed; the baked values were used. */
  readonly code: 'W_KVS';
  readonly function: string;
  readonly message: string;
}

/**
 * The local CloudFront's log channel (`Symbol.for(LOCAL_LOG)` on `globalThis`), set only while the emulator
 * loads a viewer-request bundle (`emulator/lambda.ts`). A bundle that finds it at load time makes its
 * decision lines even without `logs.debug` and sends every line there instead of to `console.log`; the
 * emulator keeps and prints exactly what the deployed function would (decision lines only with
 * `logs.debug`) and shows the decision on the access line and in `X-Emulator-Decision`. Lambda never sets it:
 * a deployed function reads one absent global once per cold start, and nothing per request.
 */
export const LOCAL_LOG = 'edge.local-log';
