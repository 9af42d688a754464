/**
 * Reading a Lambda@Edge event defensively. CloudFront always sends `Records[0].cf` with a request (and a
 * response in response events) whose headers are a map of `{ key, value }` lists
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/lambda-event-structure.html); anything
 * else is outside the contract, and each handler answers it with a generated response instead of throwing
 * (a throw would be a 503, and passing a malformed object back would be a 502).
 */
import type { CloudFrontHeaders, CloudFrontRequest, CloudFrontResponse } from '../cloudfront/types';

interface MaybeCf {
  readonly request?: CloudFrontRequest;
  readonly response?: CloudFrontResponse;
}

/** A header map whose every entry is a list of `{ value: string }`. */
export const isHeaderMap = (headers: unknown): headers is CloudFrontHeaders =>
  typeof headers === 'object' &&
  headers !== null &&
  Object.values(headers).every(
    (list) => Array.isArray(list) && list.every((h) => typeof h?.value === 'string'),
  );

const isRequest = (r: CloudFrontRequest | undefined): r is CloudFrontRequest =>
  typeof r?.uri === 'string' && typeof r.querystring === 'string' && isHeaderMap(r.headers);

/** `Records[0].cf` of a well-formed event, request checked (and response, when `response` is set), or undefined. */
export function cfOf(event: unknown, response?: boolean): Required<MaybeCf> | undefined {
  const cf = (event as { Records?: { cf?: MaybeCf }[] } | null | undefined)?.Records?.[0]?.cf;
  if (!isRequest(cf?.request)) return undefined;
  if (response && (typeof cf.response?.status !== 'string' || !isHeaderMap(cf.response.headers)))
    return undefined;
  return cf as Required<MaybeCf>;
}
