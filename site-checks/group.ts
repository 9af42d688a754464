/**
 * One line per cause: a wrong link in a shared layout is one problem referenced by many pages, not one per
 * page. Findings with the same key become a group, listed most files first (a layout's mistake, the root
 * cause, before a single page's), each naming its first few files and how many more.
 */

/** How many files a grouped line names before `… (+n)`. */
export const SHOWN_FILES = 3;

export interface Group<T> {
  /** The first finding of the group, as found. */
  readonly first: T;
  /** Every file with the finding, once each, in code-unit order. */
  readonly files: readonly string[];
}

export function groupBy<T extends { readonly file: string }>(
  findings: readonly T[],
  keyOf: (finding: T) => string,
): Group<T>[] {
  const groups = new Map<string, { first: T; files: Set<string> }>();
  for (const finding of findings) {
    const key = keyOf(finding);
    const group = groups.get(key) ?? { first: finding, files: new Set<string>() };
    group.files.add(finding.file);
    groups.set(key, group);
  }
  // Array.prototype.sort is stable: equal counts keep the order they were found in.
  return [...groups.values()]
    .map(({ first, files }) => ({ first, files: [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) }))
    .sort((a, b) => b.files.length - a.files.length);
}

/** `a, b, c, … (+34)`. */
export function someFiles(files: readonly string[], shown: (file: string) => string): string {
  const named = files.slice(0, SHOWN_FILES).map(shown).join(', ');
  return files.length > SHOWN_FILES ? `${named}, … (+${files.length - SHOWN_FILES})` : named;
}

/** `1 page` / `37 pages`. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
