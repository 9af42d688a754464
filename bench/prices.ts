/**
 * The published AWS prices the bench's cost model uses, in one place, each with the page that publishes
 * it and the date it was read. Pay-as-you-go, US East (N. Virginia) / United States edge locations, no free
 * tier (Lambda@Edge has none; CloudFront's 10M free requests a month are left out so the figures are
 * marginal). Other regions cost more: Lambda@Edge logs are ingested in the region where each request ran.
 *
 * How they were read (2026-11-25): this machine has no internet access, so AWS's pages were read through
 * stored copies and secondary sources that quote them. Each entry says what was confirmed; re-check
 * `source` before relying on a figure.
 */

export interface Price {
  readonly usd: number;
  /** What one `usd` buys. */
  readonly per: string;
  /** The AWS page that publishes the price. */
  readonly source: string;
  /** The date it was read (YYYY-MM-DD). */
  readonly read: string;
  /** What was confirmed, and where. */
  readonly note: string;
}

const READ = '2026-11-25';
const CLOUDFRONT_PRICING = 'https://aws.amazon.com/cloudfront/pricing/';

export const PRICES = {
  lambdaEdgeRequest: {
    usd: 0.6 / 1e6,
    per: 'request (invocation)',
    source: CLOUDFRONT_PRICING,
    read: READ,
    note: '$0.60 per 1M requests (Lambda@Edge section); quoted as current in May 2026 by blog.blazingcdn.com',
  },
  lambdaEdgeGbSecond: {
    usd: 0.00005001,
    per: 'GB-second of duration',
    source: CLOUDFRONT_PRICING,
    read: READ,
    note: '$0.00005001 per GB-second (Lambda@Edge section); same secondary source as the request price',
  },
  cloudFrontHttpsRequest: {
    usd: 0.01 / 1e4,
    per: 'HTTPS request (United States, Mexico, Canada; Europe is the same)',
    source: CLOUDFRONT_PRICING,
    read: READ,
    note: '$0.0100 per 10,000 HTTPS requests; the stored copy of the page did not reach the request table, so this is the long-standing published figure, unconfirmed on the read date',
  },
  cloudWatchLogsIngestionGb: {
    usd: 0.5,
    per: 'GB ingested (Standard class, Lambda logs first 10 TB tier, US East)',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
    read: READ,
    note: '$0.50/GB, the first tier of the Lambda-logs tiered pricing of 2025-05-01 (duckbillgroup.com); other regions cost more (ap-northeast-1 $0.76/GB per awsi.click)',
  },
  cloudFrontFunctionInvocation: {
    usd: 0.1 / 1e6,
    per: 'CloudFront Functions invocation',
    source: CLOUDFRONT_PRICING,
    read: '2026-12-07',
    note: '$0.10 per 1M invocations (CloudFront Functions section); quoted as $0.0000001 per invocation by cur.vantage.sh (Executions-CloudFrontFunctions)',
  },
  keyValueStoreRead: {
    usd: 0.03 / 1e6,
    per: 'KeyValueStore read from a function (each get() or exists() call)',
    source: CLOUDFRONT_PRICING,
    read: '2026-12-07',
    note: 'UNVERIFIED: $0.03 per 1M reads as remembered from the KeyValueStore part of the page; no stored copy confirmed it offline. Re-check before relying on it',
  },
} as const satisfies Record<string, Price>;

/**
 * Lambda@Edge bills duration in 1 ms increments, rounded up, per invocation (since 2021-04-01).
 * https://aws.amazon.com/about-aws/whats-new/2021/03/cloudfront-lambda-at-edge-billing-granularity/
 */
export const BILLING_GRANULARITY_MS = 1;

/** Bytes in the GB of the ingestion price: decimal, the higher of the two readings (binary would be 7% less). */
export const BYTES_PER_GB = 1e9;
