/**
 * What the CloudFront Functions build minifies beyond identifiers: our own property names, in the code and in
 * the baked configuration alike, since 10,240 bytes are all a function may have.
 * https://esbuild.github.io/api/#mangle-props
 */

/**
 * Property names of our own (configuration fields, the core's internal records) the minifier shortens: a
 * quarter of the code's bytes. Never a name the runtime, the event, a log line, the KeyValueStore or a
 * built-in reads (`request`, `uri`, `headers`, `value`, `status`, `locale`, `source`, `experiments`,
 * `values`, `now`, `random`, `log`, `location`, `cookie`…): the parity test under njs would show one.
 */
export const MANGLED = [
  'acceptLanguage',
  'assignments',
  'browser',
  'config',
  'consent',
  'consentCookieName',
  'control',
  'cookieLocale',
  'cookieMaxAgeSeconds',
  'cookieName',
  'crawlers',
  'debug',
  'decision',
  'demotion',
  'deps',
  'enabled',
  'event',
  'experiment',
  'experimentCookieNames',
  'experimentPages',
  'failure',
  'fallbacks',
  'fileExtensions',
  'folderCase',
  'goalCookieMaxAge',
  'headerTable',
  'goals',
  'hmac',
  'issuable',
  'issue',
  'lines',
  'localeMatch',
  'locales',
  'missed',
  'neutralPaths',
  'newId',
  'overrideParam',
  'pathLocale',
  'plainPages',
  'problem',
  'rawCookie',
  'securityHeaderList',
  'signer',
  'signingKeys',
  'supported',
  'threshold',
  'variant',
  'variants',
  'weight',
  'notFoundObject',
  'mode',
  'list',
  'kind',
  'object',
  'page',
  'prefix',
  'query',
  'response',
  'rest',
  'table',
  'tag',
  'ok',
  'path',
];

/** The configuration as a JS literal whose identifier-like keys are unquoted, so `MANGLED` applies to them. */
export function configLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(configLiteral).join(',')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined);
  return `{${keys.map((k) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}:${configLiteral(record[k])}`).join(',')}}`;
}
