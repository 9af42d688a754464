/**
 * The plain-file pages viewer-request carries (`name.html` that an extensionless URL names), in one home:
 * the build writes them, viewer-request reads them. One string, a line per page: the locale-less stem as
 * viewer-request's canonical path spells it (`/pricing`, `/%C3%BCber`), then ` de,fr` when only those
 * locales have the file. A string literal costs a cold start little to parse: for 5,000 pages (227 KB) a
 * `require` took 2.6 ms more than none, against 15.5 ms more for the same entries as an object literal
 * (Node 20, medians of 31 runs); the index is built on the first lookup (5–10 ms), so only a container that
 * meets an extensionless URL pays for it.
 */

/** `{ '/pricing': '', '/impressum': 'de' }` (stem → locales, `''` for every locale) → the baked string. */
export const bakePlainPages = (pages: Readonly<Record<string, string>>): string =>
  Object.keys(pages)
    .map((stem) => (pages[stem] === '' ? stem : `${stem} ${pages[stem]}`))
    .join('\n');

/** One baked string per bundle: its index, built on the first lookup (a null-prototype object). */
let indexed: string | undefined;
let index: Record<string, string | undefined> = {};

/** The locales that have the page `stem` names (`''`: every locale), or undefined when none does. */
export function plainPageLocales(baked: string, stem: string): string | undefined {
  if (indexed !== baked) {
    index = Object.create(null) as Record<string, string | undefined>;
    const lines = baked === '' ? [] : baked.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const space = lines[i]!.indexOf(' ');
      if (space === -1) index[lines[i]!] = '';
      else index[lines[i]!.slice(0, space)] = lines[i]!.slice(space + 1);
    }
    indexed = baked;
  }
  return index[stem];
}
