/**
 * What a browser says about a request (https://www.w3.org/TR/fetch-metadata/), read the same way by
 * enrollment and the beacon: a speculative load is not a page view, and only the site's own pages may count.
 */
import type { CloudFrontHeaders } from '../cloudfront/types';
import { getHeader } from '../cloudfront/headers';
import { PURPOSE, SEC_PURPOSE } from './inputs';

/** `Sec-Purpose: prefetch` (and Chrome's older `Purpose: prefetch`), prerenders included. */
export const isPrefetch = (headers: CloudFrontHeaders): boolean =>
  /prefetch/i.test(`${getHeader(headers, SEC_PURPOSE)} ${getHeader(headers, PURPOSE)}`);

/** Sent by a page of this origin, or by a browser that predates Fetch Metadata (no `Sec-Fetch-Site`). */
export const fromSameOrigin = (headers: CloudFrontHeaders): boolean => {
  const site = getHeader(headers, 'sec-fetch-site');
  return site === undefined || site === 'same-origin';
};
