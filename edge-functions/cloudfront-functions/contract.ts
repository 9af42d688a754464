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
 * `dist/cloudfront-functions/<name>.js` and each on its own behaviours (`config/cache-policy.ts`), so each
 * carries only the code its paths need and stays under the size limit: `viewer-request` on the default
 * behaviour (paths outside the locale folders: negotiation and redirects), `locale-pages` on one behaviour
 * per locale folder (`/<folder>/*`: experiments), `edge-endpoints` on `/__edge/*` (the conversion beacon).
 */
export const CLOUDFRONT_FUNCTIONS = ['viewer-request', 'locale-pages', 'edge-endpoints'] as const;
export type CloudFrontFunctionName = (typeof CLOUDFRONT_FUNCTIONS)[number];
export const CLOUDFRONT_FUNCTIONS_DIR = 'cloudfront-functions';

/** A function's code as uploaded, comments included: not adjustable (`FunctionSizeLimitExceeded`). */
export const FUNCTION_SIZE_LIMIT = 10_240;
/** Memory a call may use. */
export const FUNCTION_MEMORY_LIMIT = 2 * 1024 * 1024;

/**
 * KeyValueStore limits: key bytes, value bytes, store bytes; and what one `UpdateKeys` call may change
 * (50 keys), so a larger change is several calls, each conditional on the version the last one returned.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-keyvaluestores
 */
export const KVS_MAX_KEY_BYTES = 512;
export const KVS_MAX_VALUE_BYTES = 1024;
export const KVS_MAX_STORE_BYTES = 5 * 1024 * 1024;
export const KVS_MAX_KEYS_PER_UPDATE = 50;

/**
 * `xp:<experiment id>` → live control of one experiment, JSON `LiveEntry`. Synced at deploy from
 * `edge.config.ts` (`experiments/sync.ts`); `npm run experiments` rewrites it. Variants, paths and cookie names stay baked.
 */
export const EXPERIMENT_KEY_PREFIX = 'xp:';
/**
 * `lt:<lower-case language[-script][-region] or language-*>` → one row of the `Accept-Language` table
 * (`build/locale-table.ts`, `LocaleTable`), JSON: `[index, distance, …]` or an alias string (`"he"`). The
 * table is too big for a 10 KB function, so the CloudFront Function reads the rows a header needs.
 */
export const LOCALE_KEY_PREFIX = 'lt:';

/**
 * `xh:<experiment id>` → the experiment's phases so far, JSON `PhaseRecord[]`, oldest first: written by
 * `npm run experiments` beside `xp:<id>` in one conditional update, never read by a function. The report
 * reads it for each phase's weights (its sample-ratio check); a phase missing from it is phase 0 (the
 * baked weights) or unknown. Trimmed from the oldest end to stay under KVS_MAX_VALUE_BYTES.
 */
export const PHASE_HISTORY_KEY_PREFIX = 'xh:';

/**
 * `xb:<experiment id>` → the experiment's on/off and weights as `edge.config.ts` last set them, JSON
 * `{on, w}`: written with the seed and by `npm run experiments -- sync` (which `npm run deploy` runs), never
 * read by a function. It tells a deploy that changed the configuration (a new phase with the configured
 * values) from one that did not (the live state, with every change made through the command, stands).
 */
export const BASELINE_KEY_PREFIX = 'xb:';

/** The largest live weight: integers up to it keep every sum of weights exact and a draw fair. */
export const MAX_LIVE_WEIGHT = 1_000_000;

/**
 * The local CloudFront's KeyValueStore, relative to the folder of `edge.config.ts` (gitignored, beside
 * `.cloudfront/logs`): `{"data":[{"key":…,"value":…}]}`, the shape a KeyValueStore import takes
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/kvs-with-functions-create-s3-kvp.html).
 * `npm run experiments` writes it (atomically); the local CloudFront reads it on every request.
 */
export const LOCAL_KVS_FILE = '.cloudfront/kvs.json';

/** The site stack's output naming its KeyValueStore's ARN: where `npm run experiments` finds the store. */
export const KVS_ARN_OUTPUT = 'KeyValueStoreArn';

/** One experiment's live state: on/off, weights in the configured variants' order, and its phase. */
export interface LiveEntry {
  /** false: the kill switch, everyone sees control, no one is enrolled or counted. */
  readonly on: boolean;
  /** Non-negative integers, one per configured variant, same order, summing to more than 0. */
  readonly w: readonly number[];
  /** Incremented by every change (stop, start, re-weight): enrollment and conversion lines carry it. */
  readonly p: number;
}

/**
 * A KeyValueStore's contents, in the import format `cloudfront.KeyValueStore` deploys from
 * (`ImportSource`) and the local store file holds: string keys and string values (JSON for ours).
 */
export interface KvsData {
  readonly data: readonly { readonly key: string; readonly value: string }[];
}

/**
 * One entry of `xh:<id>`: a phase as `npm run experiments` found or wrote it, and when it began
 * (milliseconds since 1970; absent for the phase it found, whose start it does not know).
 */
export interface PhaseRecord extends LiveEntry {
  readonly t?: number;
}
