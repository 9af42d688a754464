/**
 * Whether the bundle can write decision lines (`logs.debug`) at all. True here and in the Lambda@Edge
 * bundle; a CloudFront Function built without `logs.debug` replaces this module with `false`
 * (`build/cloudfront-functions.ts`), so the code that formats them is left out of its 10,240 bytes.
 */
export const DECISION_LINES: boolean = true;
