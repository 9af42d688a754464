/**
 * How this bundle writes a metric line: the Embedded Metric Format line on Lambda@Edge; the CloudFront
 * Functions build swaps this module for one writing metric words (`build/cloudfront-functions.ts`), since
 * CloudFront prefixes those functions' lines with the request id and no EMF is extracted from them.
 */
import { metricLine } from './log';

export const metric = metricLine;
