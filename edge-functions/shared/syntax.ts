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

/** `content-security-policy` → `Content-Security-Policy` (CloudFront's own Title-Case convention). */
export function titleCase(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());
}
