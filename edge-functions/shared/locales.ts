/**
 * Locale tags and the folders that hold them. Tags are BCP 47 in canonical case (RFC 5646 §2.1.1: language
 * lower, script title, region upper — `pt-BR`, `zh-Hant`, `sr-Latn-RS`), the form `Intl.getCanonicalLocales`
 * returns and every output uses (`Content-Language`, hreflang). BCP 47 tags are case-insensitive (RFC 5646
 * §2.1.1), so every input (a path prefix, the `locale` cookie) is matched without regard to case. A site's
 * folders (and so its URL prefixes) are named either like the tag or in lower case (`locales.folderCase`).
 * Shared by both functions, the site checks, the local CloudFront and the stack.
 */

/** How the site names its locale folders: `pt-BR/` (`canonical`) or `pt-br/` (`lower`). */
export type FolderCase = 'canonical' | 'lower';

/** The folder (and URL prefix) of a locale: `pt-BR` → `pt-BR` or `pt-br`. */
export const folderOf = (tag: string, folderCase: FolderCase): string =>
  folderCase === 'lower' ? tag.toLowerCase() : tag;

/** The supported tag a value names in any case, `_` or `-` (`PT_br` → `pt-BR`), or undefined. */
export function supportedTag(value: string, supported: readonly string[]): string | undefined {
  // No supported tag is longer (language-Script-REGION), and none holds anything but ASCII: a value that does
  // is refused before any case mapping, which V8 and njs do not share beyond ASCII.
  if (value.length > 35 || /[^\u0000-\u007f]/.test(value)) return undefined;
  const wanted = value.split('_').join('-').toLowerCase();
  for (let i = 0; i < supported.length; i++) if (supported[i]!.toLowerCase() === wanted) return supported[i];
  return undefined;
}

/** What a path's first segment says about its locale. */
export interface LocaleSplit {
  /** The supported tag the first segment names, in any case; undefined for a neutral path. */
  readonly locale?: string;
  /** The first segment as written (`pt-br`), when it names a locale. */
  readonly prefix?: string;
  /** The path after the prefix (`/docs/`), `''` for `/pt-BR` alone, the whole path when neutral. */
  readonly rest: string;
}

/** The locale configuration `splitLocale` needs. */
export interface LocaleFolders {
  readonly supported: readonly string[];
  readonly folderCase: FolderCase;
}

/**
 * `/ja/about/` → `{ locale: 'ja', prefix: 'ja', rest: '/about/' }`; `/about/` → `{ rest: '/about/' }`;
 * `/ja` → `{ locale: 'ja', prefix: 'ja', rest: '' }`; `/PT-br/x` → `{ locale: 'pt-BR', prefix: 'PT-br',
 * rest: '/x' }`: the caller compares `prefix` with the locale's folder and redirects a mis-cased one.
 */
export function splitLocale(path: string, locales: LocaleFolders): LocaleSplit {
  const end = path.indexOf('/', 1);
  const prefix = end === -1 ? path.slice(1) : path.slice(1, end);
  const locale = prefix.includes('_') ? undefined : supportedTag(prefix, locales.supported);
  if (locale === undefined) return { rest: path };
  return { locale, prefix, rest: end === -1 ? '' : path.slice(end) };
}

/** True when the prefix is the locale's folder exactly (a request the origin can answer as written). */
export const isFolder = (split: LocaleSplit, folderCase: FolderCase): boolean =>
  split.locale !== undefined && split.prefix === folderOf(split.locale, folderCase);

/**
 * The path is inside a locale folder as CloudFront's `/<folder>/*` path patterns match it: the folder
 * exactly (patterns are case-sensitive), then a `/`. With `viewer.runtime: 'cloudfront-functions'` each
 * folder is its own cache behaviour (`config/cache-policy.ts`).
 */
export function inLocaleFolder(path: string, locales: LocaleFolders): boolean {
  const split = splitLocale(path, locales);
  return split.rest !== '' && isFolder(split, locales.folderCase);
}
