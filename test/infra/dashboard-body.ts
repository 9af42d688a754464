/**
 * Reads a synthesized dashboard body (an `Fn::Join` of JSON text and CloudFormation tokens) back into its
 * widgets, with tokens as `{Ref:<id>}` text (no quotes: they sit inside JSON strings), and resolves each graph's metric-math ids.
 */
import type { Template } from 'aws-cdk-lib/assertions';

export interface MetricLine {
  readonly id?: string;
  readonly expression?: string;
  readonly label?: string;
  readonly namespace?: string;
  readonly metricName?: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly region?: string;
  readonly visible?: boolean;
}

export interface Widget {
  readonly type: string;
  readonly title?: string;
  readonly markdown?: string;
  readonly metrics: readonly MetricLine[];
  readonly alarms: readonly string[];
}

const tokenText = (part: unknown): string =>
  typeof part === 'string'
    ? part
    : `{${Object.entries(part as object).map(([k, v]) => `${k}:${JSON.stringify(v).replace(/"/g, '')}`)}}`;

export function dashboardWidgets(template: Template): Widget[] {
  const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0]!;
  const body = dashboard.Properties.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map(tokenText).join('');
  const parsed = JSON.parse(text) as { widgets: { type: string; properties: Record<string, unknown> }[] };
  return parsed.widgets.map((w) => ({
    type: w.type,
    title: w.properties.title as string | undefined,
    markdown: w.properties.markdown as string | undefined,
    metrics: ((w.properties.metrics as unknown[][] | undefined) ?? []).map(metricLine),
    alarms: (w.properties.alarms as string[] | undefined) ?? [],
  }));
}

/** A graph's metric array: `[namespace, name, dimName, dimValue, …, options?]` or `[{ expression, … }]`. */
function metricLine(line: unknown[]): MetricLine {
  const last = line[line.length - 1];
  const options = (typeof last === 'object' && last !== null ? last : {}) as Record<string, unknown>;
  const fields = line.filter((x) => typeof x === 'string') as string[];
  const dimensions: Record<string, string> = {};
  for (let i = 2; i + 1 < fields.length; i += 2) dimensions[fields[i]!] = fields[i + 1]!;
  return {
    id: options.id as string | undefined,
    expression: options.expression as string | undefined,
    label: options.label as string | undefined,
    namespace: fields[0],
    metricName: fields[1],
    dimensions,
    region: options.region as string | undefined,
    visible: options.visible as boolean | undefined,
  };
}

/** The metrics (not expressions) an expression sums, following nested expressions by id. */
export function leaves(widget: Widget, line: MetricLine): MetricLine[] {
  if (line.expression === undefined) return [line];
  const byId = new Map(widget.metrics.filter((m) => m.id).map((m) => [m.id!, m]));
  const ids = line.expression.match(/\b[a-z][A-Za-z0-9_]*\b/g) ?? [];
  return ids.filter((id) => byId.has(id)).flatMap((id) => leaves(widget, byId.get(id)!));
}
