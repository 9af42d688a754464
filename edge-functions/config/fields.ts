/**
 * Every field the configuration has, as one table the compiler holds equal to the schema (`schema.ts`): a
 * field added to or removed from an interface and not here (or the reverse) is a type error, so the table
 * cannot drift. A field the table does not know — a typo like `locales.mdoe`, at any depth, experiments'
 * entries and variants included — fails validation with its path and the closest known name, instead of
 * being silently ignored (only `tsc` would notice, and a build does not run it).
 */
import { show } from './checker';
import type { SiteConfig } from './schema';

/** A value the validators check. */
type Leaf = 'value';
/** An object of free keys (header names, directives, extensions). */
type AnyKeys = 'any keys';
type FieldNode<V> = [V] extends [readonly (infer E)[]]
  ? [E] extends [object]
    ? readonly [FieldTree<E>]
    : Leaf
  : [V] extends [object]
    ? string extends keyof V
      ? AnyKeys
      : FieldTree<V>
    : Leaf;
/** Each field of `T`, required or optional, exactly once. */
export type FieldTree<T> = { readonly [K in keyof T]-?: FieldNode<NonNullable<T[K]>> };

const V = 'value';
const TTL = { min: V, default: V, max: V } as const;

export const FIELDS = {
  site: V,
  siteUrl: V,
  stackName: V,
  locales: {
    supported: V,
    default: V,
    folderCase: V,
    cookieName: V,
    mode: V,
    neutralPaths: V,
    notFoundObject: V,
    // Keys are requested tags, the user's own: validated by validate-fallbacks.ts.
    fallbacks: 'any keys',
  },
  experiments: {
    list: [
      {
        id: V,
        enabled: V,
        paths: V,
        variants: [{ name: V, weight: V }],
        control: V,
        cookieName: V,
        cookieMaxAgeSeconds: V,
        overrideParam: V,
      },
    ],
    goals: [{ id: V }],
    crawlers: V,
    consentCookieName: V,
  },
  securityHeaders: 'any keys',
  csp: { sources: 'any keys', allowUnsafe: V },
  logs: { retentionDays: V, debug: V },
  viewer: { runtime: V },
  cache: {
    pages: TTL,
    assets: TTL,
    queryStrings: V,
    htmlCacheControl: V,
    immutableCacheControl: V,
    defaultCacheControl: V,
    notFoundCacheControl: V,
  },
  contentTypes: 'any keys',
} as const satisfies FieldTree<SiteConfig>;

type Node = Leaf | AnyKeys | readonly [Node] | { readonly [field: string]: Node };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `<path> is not a field of <parent>, got: <value>; did you mean '<name>'?` for every unknown field. */
export function unknownFields(value: unknown, node: Node = FIELDS, at = ''): string[] {
  if (node === 'value' || node === 'any keys') return [];
  if (Array.isArray(node))
    return Array.isArray(value) ? value.flatMap((v, i) => unknownFields(v, node[0], `${at}[${i}]`)) : [];
  if (!isRecord(value)) return [];
  const fields = node as { readonly [field: string]: Node };
  return Object.entries(value).flatMap(([key, v]) => {
    const path = at === '' ? key : `${at}.${key}`;
    if (Object.hasOwn(fields, key)) return unknownFields(v, fields[key]!, path);
    return [
      `${path} is not a field of ${at === '' ? 'the configuration' : at}${shownValue(v)}; ${suggest(key, Object.keys(fields))}`,
    ];
  });
}

const shownValue = (v: unknown): string => (typeof v === 'object' && v !== null ? '' : `, got: ${show(v)}`);

/** `did you mean 'mode'?` for the closest known name, else the known names. */
function suggest(key: string, known: readonly string[]): string {
  const scored = known.map((k) => [k, distance(key.toLowerCase(), k.toLowerCase())] as const);
  const [best, d] = scored.reduce((a, b) => (b[1] < a[1] ? b : a));
  if (d <= Math.max(1, Math.floor(Math.max(key.length, best.length) / 3))) return `did you mean '${best}'?`;
  return `the fields here are ${known.map((k) => `'${k}'`).join(', ')}`;
}

/** Optimal string alignment distance: edits, with a swap of two neighbours as one (`mdoe` → `mode`). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  return d[a.length]![b.length]!;
}
