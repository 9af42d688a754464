/** The two Lambda@Edge functions this service ships, by the trigger they are attached to. */
export const FUNCTIONS = ['viewer-request', 'origin-response'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

/** Lambda's function-name limit (https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html). */
export const MAX_FUNCTION_NAME_LENGTH = 64;

/** A deployed function's fixed name: `<stackName>-<function>`. */
export const deployedName = (stackName: string, fn: FunctionName): string => `${stackName}-${fn}`;

/** The longest `stackName` whose every function name fits Lambda's limit. */
export const MAX_STACK_NAME_LENGTH =
  MAX_FUNCTION_NAME_LENGTH - Math.max(...FUNCTIONS.map((fn) => deployedName('', fn).length));
