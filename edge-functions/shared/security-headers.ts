/**
 * Applies the resolved security-header table to a CloudFront header map. Shared by origin-response (every
 * origin response) and viewer-request (its generated 301/302/400, which never reach origin-response).
 */
import type { CloudFrontHeaders } from '../cloudfront/types';
import type { ResolvedHeader } from '../config/resolve';

/** Replace each header with the table's value: the table, not the origin, is the policy. */
export function applySecurityHeaders(headers: CloudFrontHeaders, table: readonly ResolvedHeader[]): void {
  for (const h of table) headers[h.name] = [{ key: h.key, value: h.value }];
}
