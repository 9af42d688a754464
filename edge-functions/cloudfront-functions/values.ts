/**
 * How CloudFront reads the `{ value, multiValue }` entries a CloudFront Function returns, and writes them back
 * as HTTP: the validator and the local CloudFront's converters share these rules.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 * ("Duplicate query strings, headers, and cookies (multiValue array)", "Cookie attributes")
 */
import type { FunctionValue } from './types';

interface Entry {
  readonly value?: unknown;
  readonly multiValue?: unknown;
}

const valuesOf = (list: readonly unknown[]): unknown[] =>
  list.map((e) => (typeof e === 'object' && e !== null ? (e as Entry).value : undefined));

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The values a returned entry stands for. "If the multiValue array exists and has any modification, then
 * that modification is applied. The first element in the value property is ignored. Otherwise, any
 * modification to the value property is applied, and subsequent values (if they exist) remain unchanged."
 * `received` is the entry the function was given under that name (none for a new one).
 */
export function effectiveValues(entry: Entry, received?: FunctionValue): unknown[] {
  const given = received?.multiValue ? valuesOf(received.multiValue) : undefined;
  if (Array.isArray(entry.multiValue)) {
    const now = valuesOf(entry.multiValue);
    if (!given || !sameList(now, given)) return now;
  }
  return [entry.value, ...(given ? given.slice(1) : [])];
}

const own = (o: object, name: string): boolean => Object.prototype.hasOwnProperty.call(o, name);

/** Each name with its values, in the object's order; names the function removed are gone. */
export function entriesOf(
  values: Readonly<Record<string, Entry>>,
  received: Readonly<Record<string, FunctionValue>> = {},
): [string, unknown[]][] {
  return Object.keys(values).map((name) => [
    name,
    effectiveValues(values[name] ?? {}, own(received, name) ? received[name] : undefined),
  ]);
}

type Entries = readonly (readonly [string, readonly unknown[]])[];

const pairs = (entries: Entries, separator: string): string =>
  entries.flatMap(([name, values]) => values.map((v) => `${name}=${String(v)}`)).join(separator);

/**
 * A query object as the query string CloudFront forwards: `name=value` pairs joined by `&`, names and values
 * as written (the runtime hands them over undecoded, so they go back unencoded), as AWS's normalisation
 * example writes them.
 */
export const queryStringOf = (entries: Entries): string => pairs(entries, '&');

/** Cookies as one `Cookie` header value (RFC 6265 §4.2.1: `name=value` pairs joined by `; `). */
export const cookieHeaderOf = (entries: Entries): string => pairs(entries, '; ');

/** A response cookie's `Set-Cookie` lines: `name=value` and its attributes, one line per value. */
export function setCookieLines(name: string, cookie: Entry & { readonly attributes?: unknown }): string[] {
  const list = Array.isArray(cookie.multiValue) ? (cookie.multiValue as unknown[]) : [cookie];
  return list.map((c) => {
    const { value, attributes } = (c ?? {}) as { value?: unknown; attributes?: unknown };
    return attributes ? `${name}=${String(value)}; ${String(attributes)}` : `${name}=${String(value)}`;
  });
}
