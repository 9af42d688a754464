/**
 * A viewer-request result as a decision both runtimes can be compared on: a generated response (status,
 * `Location`, cookies set) or a forwarded request (URI, query, cookies sent on), and the metrics its log
 * lines count. Read from a CloudFront Function's output (TestFunction's `FunctionOutput`, `{"request":…}`
 * or `{"response":…}`) or from a Lambda@Edge result; the log lines through the log schema's parser, which
 * reads EMF and metric words alike.
 */
import { parseLogLine } from '../../edge-functions/shared/log-parse';

export interface Decision {
  readonly kind: 'respond' | 'forward';
  readonly status?: number;
  readonly location?: string;
  readonly uri?: string;
  /** `name=value` pairs, sorted. */
  readonly query?: string;
  /** Set (respond) or sent on (forward), by name. */
  readonly cookies: Readonly<Record<string, string>>;
  /** `<metric> <dimension values…>` per metric counted, sorted. */
  readonly metrics: readonly string[];
}

type Values = Record<string, { value?: unknown; multiValue?: { value?: unknown }[] } | undefined>;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Every value of a `{ value, multiValue }` map, as `name=value` pairs. */
function pairsOf(values: unknown): string[] {
  if (!isObject(values)) return [];
  return Object.entries(values as Values).flatMap(([name, v]) =>
    (v?.multiValue ?? [v ?? {}]).map((x) => `${name}=${String(x.value ?? '')}`),
  );
}

/** `name=value` pairs by name, sorted (so two decisions compare as text). */
const byName = (pairs: readonly string[]): Record<string, string> =>
  Object.fromEntries(
    pairs
      .map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1)),
  );

/** The metrics the lines count, by the log schema. */
export function metricsOf(lines: readonly string[]): string[] {
  return lines
    .flatMap((line) => {
      const entry = parseLogLine(line);
      return entry.kind === 'records' ? entry.records : [];
    })
    .map((r) => [r.metric, r.experiment, r.variant, ...(r.goal === undefined ? [] : [r.goal])].join(' '))
    .sort();
}

/** TestFunction's `FunctionOutput` (JSON text). */
export function fromFunctionOutput(output: string, logs: readonly string[]): Decision {
  const parsed: unknown = JSON.parse(output);
  const metrics = metricsOf(logs);
  if (isObject(parsed) && isObject(parsed.response)) {
    const r = parsed.response;
    const headers = (isObject(r.headers) ? r.headers : {}) as Values;
    const location = headers.location?.value;
    return {
      kind: 'respond',
      status: Number(r.statusCode),
      ...(typeof location === 'string' ? { location } : {}),
      cookies: byName(pairsOf(r.cookies)),
      metrics,
    };
  }
  const q = isObject(parsed) && isObject(parsed.request) ? parsed.request : {};
  const query =
    typeof q.querystring === 'string' ? q.querystring.split('&').filter(Boolean) : pairsOf(q.querystring);
  return {
    kind: 'forward',
    uri: String(q.uri),
    query: query.sort().join('&'),
    cookies: byName(pairsOf(q.cookies)),
    metrics,
  };
}

type LambdaHeaders = Record<string, { value: string }[] | undefined>;

/** A Lambda@Edge viewer-request result: a response (`status`) or the request. */
export function fromLambdaResult(result: unknown, logs: readonly string[]): Decision {
  const r = (isObject(result) ? result : {}) as Record<string, unknown> & { headers?: LambdaHeaders };
  const headers = r.headers ?? {};
  const metrics = metricsOf(logs);
  if (r.status !== undefined) {
    const set = (headers['set-cookie'] ?? []).map((h) => h.value.split(';', 1)[0]!.trim());
    const location = headers.location?.[0]?.value;
    return {
      kind: 'respond',
      status: Number(r.status),
      ...(location === undefined ? {} : { location }),
      cookies: byName(set),
      metrics,
    };
  }
  const sent = (headers.cookie ?? []).flatMap((h) => h.value.split(';').map((p) => p.trim())).filter(Boolean);
  const query = String(r.querystring ?? '')
    .split('&')
    .filter(Boolean)
    .sort()
    .join('&');
  return { kind: 'forward', uri: String(r.uri), query, cookies: byName(sent), metrics };
}

/** `field: local ≠ deployed` for each field that differs. */
export function differences(local: Decision, remote: Decision): string[] {
  const fields = ['kind', 'status', 'location', 'uri', 'query', 'cookies', 'metrics'] as const;
  return fields.flatMap((f) => {
    const a = JSON.stringify(local[f]);
    const b = JSON.stringify(remote[f]);
    return a === b ? [] : [`${f}: ${a ?? 'none'} ≠ ${b ?? 'none'}`];
  });
}

/** One line: `302 → /ja/`, `forward /en/index.html`. */
export const summary = (d: Decision): string =>
  d.kind === 'respond'
    ? `${d.status}${d.location === undefined ? '' : ` → ${d.location}`}`
    : `forward ${d.uri}${d.query ? `?${d.query}` : ''}`;
