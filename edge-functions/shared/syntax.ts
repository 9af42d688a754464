/**
 * HTTP and URI grammar the bundles, the validator and the configuration checks share, so each rule has one
 * home. Regexes and pure helpers: importing this file adds a few bytes to a bundle, never a dependency.
 */

/** RFC 9110 §5.6.2 `token` (also RFC 6265 §4.1.1 cookie-name): visible ASCII except separators. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** RFC 9110 §5.1 field-name = token, lower-case as CloudFront's header map keys are. */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

/** RFC 9110 §5.5: a field value holds no control character other than HTAB (CR and LF split a header). */
export const FIELD_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** RFC 3986 §2: no control character at all (C0 and DEL) in a URI, encoded or decoded. */
export const URI_CONTROL = /[\u0000-\u001f\u007f]/;

/*
 * Strings beyond ASCII differ between the runtimes: V8 (Lambda@Edge) holds UTF-16 units, njs (CloudFront
 * Functions' engine) code points, so `'😀'.length` is 2 on one and 1 on the other, and `charCodeAt` gives a
 * surrogate or the code point. A global regex that matches such a character can also fail in njs 0.7
 * (`pcre2_match() failed: bad offset value`, or no end, found by the parity test). So the helpers below walk
 * the string by hand and give the same answer on both.
 */
const ASCII = /^[\u0000-\u007f]*$/;

/** A high surrogate followed by a low one at `i` (V8's form of one character beyond the BMP). */
export const pairAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  const d = s.charCodeAt(i + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff;
};

/** A string's length in UTF-16 units on either runtime: what CloudFront's character limits count. */
export function utf16Length(s: string): number {
  if (ASCII.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0xffff) n++;
  return n;
}

/**
 * Every character outside ASCII (a surrogate pair as one) as `?`: the same ASCII string on both runtimes,
 * for fields whose grammar is ASCII only (`Accept-Language`), so no cut and no case mapping can differ.
 */
export function asciiOnly(s: string): string {
  if (ASCII.test(s)) return s;
  return mapChars(
    s,
    (c) => c < 0x80,
    () => '?',
  );
}

/**
 * `s` with every character `keep` refuses replaced by `replace(character)` (a surrogate pair passed whole):
 * kept runs are sliced, never appended a character at a time, since njs copies a string on every `+=`.
 */
export function mapChars(s: string, keep: (code: number) => boolean, replace: (c: string) => string): string {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    if (keep(s.charCodeAt(i))) continue;
    const width = pairAt(s, i) ? 2 : 1;
    parts.push(s.slice(from, i), replace(s.slice(i, i + width)));
    i += width - 1;
    from = i + 1;
  }
  parts.push(s.slice(from));
  return parts.join('');
}

/** `content-security-policy` → `Content-Security-Policy` (CloudFront's own Title-Case convention). */
export function titleCase(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('-');
}
