/**
 * The CloudFront Functions runtime's contract, in one place: what the build gates, the stack deploys, the
 * local CloudFront runs and the `experiments` command writes all read these names and limits.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-functions
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/kvs-with-functions.html
 */

/** `viewer.runtime` in `edge.config.ts`: which runtime answers viewer requests. */
export const VIEWER_RUNTIMES = ['lambda-edge', 'cloudfront-functions'] as const;
export type ViewerRuntime = (typeof VIEWER_RUNTIMES)[number];

/**
 * The CloudFront Functions this service ships with `viewer.runtime: 'cloudfront-functions'`, each built to
 * `dist/cloudfront-functions/<name>.js`: `viewer-request` on the page behaviours, `edge-endpoints` (the
 * conversion beacon, `/__edge/*`) on its own behaviour, so each stays under the size limit.
 */
export const CLOUDFRONT_FUNCTIONS = ['viewer-request', 'edge-endpoints'] as const;
export type CloudFrontFunctionName = (typeof CLOUDFRONT_FUNCTIONS)[number];
export const CLOUDFRONT_FUNCTIONS_DIR = 'cloudfront-functions';

/** A function's code as uploaded, comments included: not adjustable (`FunctionSizeLimitExceeded`). */
export const FUNCTION_SIZE_LIMIT = 10_240;
/** Memory a call may use. */
export const FUNCTION_MEMORY_LIMIT = 2 * 1024 * 1024;

/**
 * KeyValueStore limits: key bytes, value bytes, store bytes. The stack replaces the store when its seed
 * changes (`infra/viewer-functions.ts`), so its id changes: functions read it as `cf.kvs()`, never by id.
 */
export const KVS_MAX_KEY_BYTES = 512;
export const KVS_MAX_VALUE_BYTES = 1024;
export const KVS_MAX_STORE_BYTES = 5 * 1024 * 1024;

/**
 * `xp:<experiment id>` → live control of one experiment, JSON `LiveEntry`. Seeded at deploy from
 * `edge.config.ts` (phase 0); `npm run experiments` rewrites it. Variants, paths and cookie names stay baked.
 */
export const EXPERIMENT_KEY_PREFIX = 'xp:';
/**
 * `lt:<lower-case language[-script][-region] or language-*>` → one row of the `Accept-Language` table
 * (`build/locale-table.ts`, `LocaleTable`), JSON: `[index, distance, …]` or an alias string (`"he"`). The
 * table is too big for a 10 KB function, so the CloudFront Function reads the rows a header needs.
 */
export const LOCALE_KEY_PREFIX = 'lt:';

/** One experiment's live state: on/off, weights in the configured variants' order, and its phase. */
export interface LiveEntry {
  /** false: the kill switch, everyone sees control, no one is enrolled or counted. */
  readonly on: boolean;
  /** Non-negative integers, one per configured variant, same order, summing to more than 0. */
  readonly w: readonly number[];
  /** Incremented by every change (stop, start, re-weight): enrollment and conversion lines carry it. */
  readonly p: number;
}
