/**
 * Applies the resolved security-header table to a CloudFront header map. Shared by origin-response (every
 * origin response) and viewer-request (its generated 301/302/400, which never reach origin-response).
 */
import type { CloudFrontHeaders } from '../cloudfront/types';
import type { BakedHeader } from '../config/resolve';

type Entry = readonly [name: string, list: CloudFrontHeaders[string]];

/**
 * Per table, built on first use: the lower-case map name and a frozen one-entry list. Every response shares
 * the same frozen lists (nothing appends to a security header), which saves two allocations per header on a
 * path that runs for every response.
 */
const entries = new WeakMap<readonly BakedHeader[], readonly Entry[]>();

/** Replace each header with the table's value: the table, not the origin, is the policy. */
export function applySecurityHeaders(headers: CloudFrontHeaders, table: readonly BakedHeader[]): void {
  let list = entries.get(table);
  if (!list) {
    list = table.map((h): Entry => [
      h.key.toLowerCase(),
      Object.freeze([Object.freeze({ key: h.key, value: h.value })]) as unknown as CloudFrontHeaders[string],
    ]);
    entries.set(table, list);
  }
  for (const [name, value] of list) headers[name] = value;
}
