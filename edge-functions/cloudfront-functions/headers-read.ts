/**
 * `cloudfront/headers.ts` as the CloudFront Functions build links it (`build/cloudfront-functions.ts` swaps the
 * module): the same two readers over CloudFront Functions' own header shape (`{ value, multiValue? }`), so
 * the adapter hands the core the runtime's headers as they are instead of converting each one.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-event-structure.html
 */
import type { FunctionValues } from './types';

/** First value of a header, or undefined. */
export function getHeader(headers: FunctionValues, name: string): string | undefined {
  const entry = headers[name];
  return entry ? entry.value : undefined;
}

/** All values of a repeated header joined with `separator` (`multiValue` holds them all, the first included). */
export function joinHeader(headers: FunctionValues, name: string, separator: string): string {
  const entry = headers[name];
  if (!entry) return '';
  const all = entry.multiValue;
  return all && all.length > 1 ? all.map((m) => m.value).join(separator) : entry.value;
}
