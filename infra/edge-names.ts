/**
 * The functions' fixed names and the names Lambda@Edge derives from them. Fixed names let the per-region
 * stacks pre-create the replicas' log groups and let the dashboard name the replicas' metrics, without any
 * cross-region reference. Lambda@Edge names replicas `us-east-1.<name>` in every Region they run in:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-logs.html
 */
import {
  CLOUDFRONT_FUNCTIONS,
  type CloudFrontFunctionName,
  type ViewerRuntime,
} from '../edge-functions/cloudfront-functions/contract';
import {
  deployedName,
  FUNCTIONS,
  MAX_FUNCTION_NAME_LENGTH,
  type FunctionName,
} from '../edge-functions/functions';

/** Lambda@Edge functions are created in us-east-1 only. */
export const FUNCTION_REGION = 'us-east-1';

export type EdgeFunctionNames = Readonly<Record<FunctionName, string>>;

/**
 * `<stackName>-viewer-request`, `<stackName>-origin-response`; throws if one is longer than Lambda allows
 * (configuration validation reports it first, naming `stackName`).
 */
export function edgeFunctionNames(stackName: string): EdgeFunctionNames {
  const names = Object.fromEntries(FUNCTIONS.map((fn) => [fn, deployedName(stackName, fn)])) as Record<
    FunctionName,
    string
  >;
  for (const name of Object.values(names))
    if (name.length > MAX_FUNCTION_NAME_LENGTH)
      throw new Error(
        `function name must be at most ${MAX_FUNCTION_NAME_LENGTH} characters (Lambda's limit): shorten stackName, got: '${name}' (${name.length})`,
      );
  return names;
}

/** The replica's name in every Region: the `FunctionName` dimension of its `AWS/Lambda` metrics. */
export const replicaName = (name: string): string => `${FUNCTION_REGION}.${name}`;

/** The log group Lambda@Edge writes to in each Region where the function runs. */
export const replicaLogGroupName = (name: string): string => `/aws/lambda/${replicaName(name)}`;

/**
 * The Lambda@Edge functions a viewer runtime deploys: both with `lambda-edge`; origin-response alone with
 * `cloudfront-functions` (AWS refuses Lambda@Edge and a CloudFront Function on viewer events of one behaviour:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-function-restrictions-all.html).
 */
export const lambdaEdgeFunctions = (runtime: ViewerRuntime): readonly FunctionName[] =>
  runtime === 'lambda-edge' ? FUNCTIONS : FUNCTIONS.filter((fn) => fn !== 'viewer-request');

export type CloudFrontFunctionNames = Readonly<Record<CloudFrontFunctionName, string>>;

/**
 * `<stackName>-viewer-request`, `<stackName>-edge-endpoints`: the CloudFront Functions' fixed names (also
 * their log groups' and metrics' `FunctionName`). CloudFront allows 64 characters, Lambda's limit too.
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_CreateFunction.html
 */
export function cloudFrontFunctionNames(stackName: string): CloudFrontFunctionNames {
  const names = Object.fromEntries(CLOUDFRONT_FUNCTIONS.map((fn) => [fn, `${stackName}-${fn}`]));
  for (const name of Object.values(names))
    if (name.length > MAX_FUNCTION_NAME_LENGTH)
      throw new Error(
        `CloudFront Function name must be at most ${MAX_FUNCTION_NAME_LENGTH} characters: shorten stackName, got: '${name}' (${name.length})`,
      );
  return names as Record<CloudFrontFunctionName, string>;
}

/** Where CloudFront writes a function's lines: us-east-1, whichever edge location ran it. */
export const functionLogGroupName = (name: string): string => `/aws/cloudfront/function/${name}`;
