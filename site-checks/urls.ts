/**
 * Links compared as URLs, not strings: `/de/%C3%BCber-uns/` and `/de/über-uns/` (an IRI, which browsers
 * send percent-encoded), `%c3%bc` and `%C3%BC`, name one resource (RFC 3986 §6.2.2, RFC 3987 §3.1). Two
 * spellings of one name in different Unicode normalisation forms (NFC `ü`, NFD `u` + U+0308) are different
 * S3 keys, so they stay different, and `normalisationNote` names that as the difference.
 */

/** A percent-encoded byte whose decoded form would change the path's structure if decoded. */
const STRUCTURAL = /[/?#%]/g;

/** Runs of `%XX` decoded to text (structural characters kept encoded), upper-case hex where undecodable. */
function decodePath(path: string): string {
  return path.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run).replace(
        STRUCTURAL,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
      );
    } catch {
      return run.toUpperCase();
    }
  });
}

/** The form two links are compared in, or undefined when `href` is not a URL (relative to `base`). */
export function urlKey(href: string, base?: string): string | undefined {
  try {
    const url = new URL(href.trim(), base);
    return `${url.origin}${decodePath(url.pathname)}${url.search}`;
  } catch {
    return undefined;
  }
}

/** True when two links name one URL. */
export function sameUrl(a: string, b: string, base?: string): boolean {
  const key = urlKey(a, base);
  return key !== undefined && key === urlKey(b, base);
}

/** A site path as a link writes it: percent-encoded, never a raw space (`/a b.html` → `/a%20b.html`). */
export const encodedUrl = (path: string, siteUrl: string): string => new URL(path, siteUrl).href;

const formOf = (s: string): string =>
  s === s.normalize('NFC') ? 'NFC' : s === s.normalize('NFD') ? 'NFD' : 'mixed';

/**
 * `differs only in Unicode normalisation (NFD vs NFC)` (the forms of `got`, then `want`) when that is the
 * whole difference between two names, else undefined.
 */
export function normalisationOnly(got: string, want: string): string | undefined {
  if (got === want || got.normalize('NFC') !== want.normalize('NFC')) return undefined;
  return `differs only in Unicode normalisation (${formOf(got)} vs ${formOf(want)})`;
}

/** The same for two links, compared as URLs: `; '<got>' differs only … as the file is named`, or ''. */
export function linkNormalisationNote(got: string, want: string): string {
  const difference = normalisationOnly(urlKey(got) ?? got, urlKey(want) ?? want);
  return difference === undefined
    ? ''
    : `; '${got}' ${difference}: write it as the file is named, or rename the file`;
}
