/**
 * The log bytes Lambda writes around our own lines, per invocation — the bench cannot measure them without
 * AWS, so they are built here from the formats AWS documents, with typical values, and counted.
 *
 * - Every invocation writes START, END and REPORT lines (Lambda's text log format, the default; Lambda@Edge
 *   writes them in the region where the request ran, to `/aws/lambda/us-east-1.<function>`). Format:
 *   https://docs.aws.amazon.com/lambda/latest/dg/nodejs-logging.html
 * - The Node.js runtime prefixes each `console.log` line with an ISO timestamp, the request ID and the
 *   level, tab-separated (same page).
 * - CloudWatch Logs counts each log event as its UTF-8 message plus 26 bytes (PutLogEvents' batch-size
 *   rule; the pricing page does not spell out per-event metering, so the larger reading is used):
 *   https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html
 * Left out: the INIT_START line and `Init Duration` field of cold starts (a small share of invocations).
 */

/** A Lambda request ID is a UUID: 36 characters. */
const REQUEST_ID = '8f507cfc-1c4d-4a5e-9b2f-0c1d2e3f4a5b';

/**
 * Typical lines of one warm invocation of a published version (Lambda@Edge runs numbered versions): a
 * two-digit version, a sub-2 ms duration billed as 2 ms, 128 MB, ~70 MB used.
 */
export const PLATFORM_LINES: readonly string[] = [
  `START RequestId: ${REQUEST_ID} Version: 12\n`,
  `END RequestId: ${REQUEST_ID}\n`,
  `REPORT RequestId: ${REQUEST_ID}\tDuration: 1.52 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB\tMax Memory Used: 68 MB\t\n`,
];

/** What the Node.js runtime writes before each of our lines (`console.log` → INFO). */
export const RUNTIME_PREFIX = `2026-11-25T04:40:41.123Z\t${REQUEST_ID}\tINFO\t`;

/** CloudWatch Logs' per-event overhead. */
export const EVENT_OVERHEAD_BYTES = 26;

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Ingested bytes of the platform's lines for one invocation. */
export const platformBytesPerInvocation = (): number =>
  PLATFORM_LINES.reduce((sum, line) => sum + utf8(line) + EVENT_OVERHEAD_BYTES, 0);

/**
 * Ingested bytes of our own output: what the handler printed (`printedBytes`, lines with their newline)
 * plus, per line, the runtime's prefix and CloudWatch's event overhead.
 */
export const ingestedBytes = (printedBytes: number, lines: number): number =>
  printedBytes + lines * (utf8(RUNTIME_PREFIX) + EVENT_OVERHEAD_BYTES);

/**
 * CloudFront Functions' lines: CloudFront writes each line a function prints, and a START and an END line
 * per logged invocation, to `/aws/cloudfront/function/<name>` in us-east-1, each prefixed with the request
 * id and a space (AWS's example id and lines):
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html#cloudfront-function-logs
 */
const FUNCTION_REQUEST_ID = 'U7b4hR_RaxMADupvKAvr8_m9gsGXvioUggLV5Oyq-vmAtH8HADpjhw==';

/** What CloudFront writes before each line a function prints. */
export const FUNCTION_LINE_PREFIX = `${FUNCTION_REQUEST_ID} `;

export const FUNCTION_PLATFORM_LINES: readonly string[] = [
  `${FUNCTION_LINE_PREFIX}START DistributionID: E3E5D42GADAXZZ\n`,
  `${FUNCTION_LINE_PREFIX}END\n`,
];

/** Ingested bytes of CloudFront's START and END lines for one logged invocation of a function. */
export const functionPlatformBytes = (): number =>
  FUNCTION_PLATFORM_LINES.reduce((sum, line) => sum + utf8(line) + EVENT_OVERHEAD_BYTES, 0);

/** Ingested bytes of a function's own lines: printed bytes plus, per line, the prefix and the event overhead. */
export const functionIngestedBytes = (printedBytes: number, lines: number): number =>
  printedBytes + lines * (utf8(FUNCTION_LINE_PREFIX) + EVENT_OVERHEAD_BYTES);
