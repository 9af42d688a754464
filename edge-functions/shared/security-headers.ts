/**
 * Applies the resolved security-header table to a CloudFront header map. Shared by origin-response (every
 * origin response) and viewer-request (its generated 301/302/400, which never reach origin-response).
 */
import type { CloudFrontHeaders } from '../cloudfront/types';
import type { BakedHeader } from '../config/resolve';

/** Lower-case map names per table, computed on first use (the bundles carry only `key` and `value`). */
const names = new WeakMap<readonly BakedHeader[], readonly string[]>();

/** Replace each header with the table's value: the table, not the origin, is the policy. */
export function applySecurityHeaders(headers: CloudFrontHeaders, table: readonly BakedHeader[]): void {
  let lower = names.get(table);
  if (!lower) names.set(table, (lower = table.map((h) => h.key.toLowerCase())));
  for (let i = 0; i < table.length; i++)
    headers[lower[i]!] = [{ key: table[i]!.key, value: table[i]!.value }];
}
