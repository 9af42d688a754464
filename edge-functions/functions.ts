/** The two Lambda@Edge functions this service ships, by the trigger they are attached to. */
export const FUNCTIONS = ['viewer-request', 'origin-response'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
