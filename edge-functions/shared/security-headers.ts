/**
 * Applies the resolved security-header table to a CloudFront header map. Shared by origin-response (every
 * origin response) and viewer-request (its generated 301/302/400, which never reach origin-response).
 */
import type { CloudFrontHeaders } from '../cloudfront/types';
import type { BakedHeader } from '../config/resolve';

/**
 * For the bundle's one table, built on first use: the lower-case map names and frozen one-entry lists. Every
 * response shares the same frozen lists (nothing appends to a security header), which saves two allocations
 * per header on a path that runs for every response.
 */
let built: readonly BakedHeader[] | undefined;
let names: string[] = [];
let lists: CloudFrontHeaders[string][] = [];

/** Replace each header with the table's value: the table, not the origin, is the policy. */
export function applySecurityHeaders(headers: CloudFrontHeaders, table: readonly BakedHeader[]): void {
  if (built !== table) {
    names = table.map((h) => h.key.toLowerCase());
    lists = table.map(
      (h) =>
        Object.freeze([
          Object.freeze({ key: h.key, value: h.value }),
        ]) as unknown as CloudFrontHeaders[string],
    );
    built = table;
  }
  for (let i = 0; i < names.length; i++) headers[names[i]!] = lists[i]!;
}
