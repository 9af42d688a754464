/**
 * CloudFront Functions' built-in modules, imported by the banner the build writes above each function
 * (`import cf from 'cloudfront'; import fncrypto from 'crypto';`) and read here as globals, so esbuild never
 * rewrites the imports. https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/functions-javascript-runtime-20.html
 */
interface FunctionHash {
  update(data: string): FunctionHash;
  digest(encoding: 'hex' | 'base64url'): string;
}
declare const fncrypto: {
  createHash(algorithm: 'sha256'): FunctionHash;
  createHmac(algorithm: 'sha256', key: string): FunctionHash;
};

/** The one global each entry sets (declared by the build's banner), which the global `handler` drives. */
declare let __edge: {
  start(event: import('./event').FunctionEvent): import('./run').Run;
  decide(run: import('./run').Run): string[];
  finish(run: import('./run').Run): import('./event').FunctionRequest | import('./event').FunctionResponse;
};
