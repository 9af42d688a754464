/**
 * Small helpers over CloudFront's header map (`{ [lowercase]: [{ key, value }] }`). They never merge with
 * `Object.assign`, which would drop repeated entries such as several `set-cookie` lines.
 */
import type { CloudFrontHeaders } from './types';

/** First value of a header, or undefined. */
export function getHeader(headers: CloudFrontHeaders, name: string): string | undefined {
  const list = headers[name];
  return list && list.length > 0 ? list[0]!.value : undefined;
}

/** All values of a repeatable request header joined the way RFC 9110 §5.3 allows (`cookie` with `; `). */
export function joinHeader(headers: CloudFrontHeaders, name: string, separator: string): string {
  const list = headers[name];
  if (!list || list.length === 0) return '';
  if (list.length === 1) return list[0]!.value;
  return list.map((h) => h.value).join(separator);
}
