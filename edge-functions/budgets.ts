/**
 * Size budgets, in one place: the build reports against them, the project's tests guard the code budgets,
 * and the bench prints them. Change a number here and every reader follows.
 *
 * Two kinds of bytes go into a bundle: our **code** (guarded tightly: it is what a cold start parses on
 * every new instance) and the **configuration** baked into it (experiments, locales, not-found pages),
 * which grows with the site and is allowed up to Lambda@Edge's own quota.
 */
import type { FunctionName } from './functions';

/**
 * Minified code, without the baked configuration. Guarded by test/build/build.test.ts, never by the build.
 * viewer-request: 12 KB until proofs of enrollment (signing, verifying, the issuing and QA redirects, the
 * beacon's Fetch Metadata rules) added 3.5 KB; parsing 4 KB more costs a cold start well under 0.1 ms. 17 KB
 * once the core was written in the subset CloudFront Functions accept too (indexed loops for `for…of`, no
 * destructuring or spread: +0.8 KB). 18 KB with live control (a proof carries its phase, lines carry it,
 * a switched-off or re-weighted experiment: +0.7 KB, though Lambda@Edge reads no store).
 */
export const CODE_BUDGET: Readonly<Record<FunctionName, number>> = {
  'viewer-request': 18 * 1024,
  'origin-response': 8 * 1024,
};

/**
 * Lambda@Edge's deployment-package quota, compressed: 1 MB for viewer triggers, 50 MB for origin triggers.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge
 * Above it CloudFront refuses the association, so the build fails here rather than at deploy time.
 */
export const PACKAGE_LIMIT_GZIP: Readonly<Record<FunctionName, number>> = {
  'viewer-request': 1024 * 1024,
  'origin-response': 50 * 1024 * 1024,
};

/**
 * Baked configuration above this many bytes (minified JSON, not-found pages included) prints a warning: it
 * is parsed on every cold start (≈ 1 ms per 100 KB measured on Node 22), but it never fails the build.
 */
export const CONFIG_WARN_BYTES = 64 * 1024;

/** Where to change these numbers, for every size message. */
export const BUDGETS_FILE = 'edge-functions/budgets.ts';
