/**
 * The validation toolkit: one place for the token regexes and the "field rule, got: value" message shape, so
 * every section validator reports problems the same way and `npm run build` lists them all at once.
 * The HTTP grammar (token, header name, control characters) lives in `shared/syntax.ts`, which the bundles
 * and the CloudFront validator read too.
 */
import { FIELD_CONTROL, HEADER_NAME, TOKEN, URI_CONTROL } from '../shared/syntax';

export { HEADER_NAME, TOKEN };

/** Experiment ids and variant names: also cookie values and file-name parts (`index.bold.html`). */
export const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
/**
 * A supported locale: a BCP 47 `language[-Script][-REGION]` tag in canonical case (RFC 5646 §2.1.1), `en`,
 * `pt-BR`, `zh-Hant`, `sr-Latn-RS`, `es-419`. Variants and extensions are not folder names a site uses.
 */
export const LOCALE = /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$/;
export const QUERY_NAME = /^[A-Za-z0-9._~-]+$/;
const PATH_PATTERN = /^\/[A-Za-z0-9._~!$&'()+,;=:@/-]*\*?$/;

const EVERY_CONTROL = new RegExp(URI_CONTROL.source, 'g');

/** A value as the message shows it: strings quoted with controls escaped, the rest as JSON. */
export const show = (value: unknown): string => {
  if (typeof value === 'string')
    return `'${value.replace(EVERY_CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}'`;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
};

export const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

/** Collects problems; each check records `<field> <rule>, got: <value>` and never throws. */
export class Checker {
  readonly problems: string[] = [];

  fail(field: string, rule: string, value: unknown): void {
    this.problems.push(`${field} ${rule}, got: ${show(value)}`);
  }

  uniq(field: string, values: readonly unknown[]): void {
    const seen = new Set<unknown>();
    values.forEach((v, i) => {
      if (seen.has(v)) this.fail(`${field}[${i}]`, 'must be unique', v);
      seen.add(v);
    });
  }

  token(field: string, value: unknown): void {
    if (typeof value !== 'string' || !TOKEN.test(value))
      this.fail(field, 'must be an RFC 6265 cookie name (token)', value);
  }

  pathPatterns(field: string, paths: unknown): void {
    if (!Array.isArray(paths)) return this.fail(field, 'must be an array of paths', paths);
    paths.forEach((p, i) => {
      if (typeof p !== 'string' || !PATH_PATTERN.test(p) || p.includes('//') || /(^|\/)\.\.?(\/|$)/.test(p))
        this.fail(`${field}[${i}]`, "must be a path starting with '/' (optionally ending in '*')", p);
    });
  }

  noControl(field: string, value: unknown): void {
    if (typeof value !== 'string' || value === '' || FIELD_CONTROL.test(value))
      this.fail(field, 'must be a non-empty string without CR, LF or control characters', value);
  }
}
