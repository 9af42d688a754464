/**
 * Header policy for origin responses: strip what leaks implementation details, find the locale a URI
 * is served in (for `Content-Language` and the not-found page), and list what chose an object in `Vary`.
 */
import type { CloudFrontHeaders } from '../cloudfront/types';
import { isFolder, splitLocale, type LocaleFolders } from '../shared/locales';
import { titleCase } from '../shared/syntax';

/**
 * S3's implementation headers: `Server: AmazonS3`, request ids, encryption, version ids, user metadata
 * (`x-amz-meta-*`). `X-Amz-Cf-*` belongs to CloudFront and may not be touched
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html#function-restrictions-headers).
 */
export function isLeakingHeader(name: string): boolean {
  return name === 'server' || (name.startsWith('x-amz-') && !name.startsWith('x-amz-cf-'));
}

export function stripLeakingHeaders(headers: CloudFrontHeaders): void {
  for (const name of Object.keys(headers)) if (isLeakingHeader(name)) delete headers[name];
}

/** The locale tag a URI is served in (`/pt-br/…` → `pt-BR`), or undefined outside the locale folders. */
export function uriLocale(uri: string, locales: LocaleFolders): string | undefined {
  const split = splitLocale(uri, locales);
  return isFolder(split, locales.folderCase) ? split.locale : undefined;
}

/**
 * Add request header names to `Vary` (RFC 9110 §12.5.5), keeping whatever the origin listed (S3 lists
 * `Origin` for CORS), each name once; `*` already means every header. One line, Title-Case names.
 */
export function addVary(headers: CloudFrontHeaders, names: readonly string[]): void {
  const listed = (headers.vary ?? []).flatMap((h) => h.value.split(',').map((n) => n.trim()));
  if (listed.includes('*')) return;
  const out = listed.filter(
    (n, i) => n !== '' && listed.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i,
  );
  for (const name of names) if (!out.some((n) => n.toLowerCase() === name)) out.push(titleCase(name));
  headers.vary = [{ key: 'Vary', value: out.join(', ') }];
}

/**
 * The headers origin-response sets on its localized not-found page, as `[name, key, value]`: one list that
 * the handler applies and the site checks measure against the generated-response limit.
 */
export const notFoundHeaderRows = (
  notFoundCacheControl: string,
  lang: string,
): ReadonlyArray<readonly [string, string, string]> => [
  ['content-type', 'Content-Type', 'text/html; charset=utf-8'],
  ['cache-control', 'Cache-Control', notFoundCacheControl],
  ['content-language', 'Content-Language', lang],
];
