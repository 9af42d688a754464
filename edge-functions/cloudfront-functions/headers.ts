/**
 * The security headers of a generated response (CloudFront never runs origin-response on one): the core
 * writes its responses without them, and the adapter adds the baked table (`headerTable`, in CloudFront
 * Functions' own header shape) as the Lambda@Edge adapter adds its list, never over a header the core set
 * itself (its `Cache-Control`, `Location`, `Allow`…).
 */
import type { FunctionResponse, FunctionValues } from './types';

export function addHeaders(response: FunctionResponse, table: FunctionValues): FunctionResponse {
  const headers = response.headers!;
  const names = Object.keys(table);
  for (let i = 0; i < names.length; i++)
    if (!(names[i]! in headers)) headers[names[i]!] = { value: table[names[i]!]!.value };
  return response;
}
