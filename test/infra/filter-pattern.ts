/**
 * CloudWatch Logs' space-delimited filter patterns, as far as the documentation states them, to test the
 * stack's metric filters on log lines in the format CloudFront writes. Nothing offline runs CloudWatch's own
 * matcher (`aws logs test-metric-filter` needs an account), so this implements only the documented rules:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 * - an event's fields are separated by spaces; characters between `[` and `]` or between two `"` are one
 *   field (without them);
 * - a pattern `[a, b = "x", …]` names every field in order and matches only an event with that many fields,
 *   unless it has one `...`, which stands for any number of fields;
 * - `name = value` / `name != value` compare a field with a string, in which `*` matches any characters;
 * - a match extracts each named field as `$name`.
 * Restrictions it does not implement (numeric comparisons, `&&`, `||`) are refused, so a pattern the stack
 * writes with them fails the tests instead of passing untested.
 */

/** The event's fields by the documented rules. */
export function fieldsOf(event: string): string[] {
  const out: string[] = [];
  const re = /\[([^\]]*)\]|"([^"]*)"|(\S+)/g;
  for (let m = re.exec(event); m !== null; m = re.exec(event)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

interface Column {
  readonly name: string;
  readonly test?: (value: string) => boolean;
}

const ELLIPSIS = '...';

function columnOf(text: string): Column {
  const m = /^([A-Za-z0-9_-]+|\.\.\.)(?:\s*(!?=)\s*(?:"((?:[^"\\]|\\.)*)"|(\S+)))?$/.exec(text.trim());
  if (!m) throw new Error(`unsupported column: ${text}`);
  if (m[2] === undefined) return { name: m[1]! };
  const value = m[3] ?? m[4]!;
  const re = new RegExp(`^${value.split('*').map(escape).join('.*')}$`);
  return { name: m[1]!, test: (v) => re.test(v) === (m[2] === '=') };
}

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

/** `$name` → value for a matching event, or undefined when the pattern does not match it. */
export function matchSpaceDelimited(pattern: string, event: string): Record<string, string> | undefined {
  const m = /^\[(.*)\]$/.exec(pattern.trim());
  if (!m) throw new Error(`not a space-delimited pattern: ${pattern}`);
  const columns = m[1]!.split(',').map(columnOf);
  const fields = fieldsOf(event);
  const at = columns.findIndex((c) => c.name === ELLIPSIS);
  const before = at < 0 ? columns : columns.slice(0, at);
  const after = at < 0 ? [] : columns.slice(at + 1);
  if (at < 0 ? fields.length !== columns.length : fields.length < before.length + after.length)
    return undefined;
  const paired = [
    ...before.map((c, i) => [c, fields[i]!] as const),
    ...after.map((c, i) => [c, fields[fields.length - after.length + i]!] as const),
  ];
  if (!paired.every(([c, v]) => c.test === undefined || c.test(v))) return undefined;
  return Object.fromEntries(paired.map(([c, v]) => [`$${c.name}`, v]));
}
