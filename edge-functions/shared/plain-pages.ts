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
  Object.entries(pages)
    .map(([stem, locales]) => (locales === '' ? stem : `${stem} ${locales}`))
    .join('\n');

const indexes = new Map<string, Map<string, string>>();

/** The locales that have the page `stem` names (`''`: every locale), or undefined when none does. */
export function plainPageLocales(baked: string, stem: string): string | undefined {
  let index = indexes.get(baked);
  if (!index) {
    index = new Map(baked.split('\n').map((line) => [line.split(' ')[0]!, line.split(' ')[1] ?? '']));
    indexes.set(baked, index);
  }
  return index.get(stem);
}
