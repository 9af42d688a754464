/**
 * The request headers viewer-request decides with, named once. viewer-request reads them by these names;
 * an answer served at a URL that does not name its locale or variant lists them in `Vary` (RFC 9110
 * §12.5.5, `shared/caching.ts`), and the stack forwards them to the origin so CloudFront keeps them there
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorCustomOrigin.html#ResponseCustomRemovedHeaders).
 * Lower-case, as CloudFront's header map keys them.
 */
export const ACCEPT_LANGUAGE = 'accept-language';
export const COOKIE = 'cookie';
/** A browser (Fetch Metadata, https://www.w3.org/TR/fetch-metadata/): enrolled, rather than hashed. */
export const SEC_FETCH_MODE = 'sec-fetch-mode';
/** A prefetch (`Sec-Purpose`, and Chrome's older `Purpose`): never enrolled. */
export const SEC_PURPOSE = 'sec-purpose';
export const PURPOSE = 'purpose';

/** What picks the locale of a URL without one: the locale cookie, then `Accept-Language` (`locale.ts`). */
export const LOCALE_INPUTS: readonly string[] = [ACCEPT_LANGUAGE, COOKIE];

/**
 * What picks the variant served at a page's own URL (`shared/experiments.ts`): the experiment, QA and
 * consent cookies, whether the client is a browser, and whether it is prefetching.
 */
export const EXPERIMENT_INPUTS: readonly string[] = [COOKIE, SEC_FETCH_MODE, SEC_PURPOSE, PURPOSE];
