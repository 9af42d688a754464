/**
 * For the suites that run CloudFront Functions under njs: whether njs is here (outside CI a missing njs skips
 * them with a loud reason; with CI=true it is a failure, because .ci/run installs it), the hand-written
 * functions in test/fixtures/cloudfront-functions/, and events in the runtime's shape.
 */
import * as path from 'node:path';
import type { FunctionEventData } from '../../edge-functions/cloudfront-functions/types';
import { njsAvailable, NJS_INSTALL } from '../../emulator/njs';

export function njsPresent(): boolean {
  if (njsAvailable()) return true;
  if (process.env.CI === 'true')
    throw new Error(`${NJS_INSTALL} CI=true, so the njs suites cannot be skipped.`);
  console.warn(`\n*** SKIPPING the CloudFront Functions (njs) suite. ${NJS_INSTALL} ***\n`);
  return false;
}

/** `describe` when njs is here, `describe.skip` (after a loud warning) when it is not and CI is not set. */
export const describeNjs = (name: string, fn: () => void) =>
  (njsPresent() ? describe : describe.skip)(name, fn);

export type FixtureFunction =
  | 'rewrite'
  | 'redirect'
  | 'throws'
  | 'invalid-status'
  | 'kvs'
  | 'console-two'
  | 'timer'
  | 'probe'
  | 'export'
  | 'hang'
  | 'memory'
  | 'crash'
  | 'spin'
  | 'endpoint';

export const fixtureFunction = (name: FixtureFunction): string =>
  path.join(__dirname, '..', 'fixtures', 'cloudfront-functions', `${name}.js`);

export interface EventInput {
  uri?: string;
  method?: string;
  rawQueryString?: string;
  querystring?: FunctionEventData['request']['querystring'];
  headers?: FunctionEventData['request']['headers'];
  cookies?: FunctionEventData['request']['cookies'];
}

/** A viewer-request event as CloudFront Functions receive it. */
export function functionEvent(input: EventInput = {}): FunctionEventData {
  return {
    version: '1.0',
    context: {
      distributionDomainName: 'd111111abcdef8.cloudfront.net',
      distributionId: 'EDFDVBD6EXAMPLE',
      eventType: 'viewer-request',
      requestId: 'EXAMPLEntjQpEXAMPLE_SG5Z-EXAMPLEPmPfEXAMPLEu3EqEXAMPLE==',
    },
    viewer: { ip: '198.51.100.11' },
    request: {
      method: input.method ?? 'GET',
      uri: input.uri ?? '/',
      querystring: input.querystring ?? {},
      headers: input.headers ?? { host: { value: 'd111111abcdef8.cloudfront.net' } },
      cookies: input.cookies ?? {},
      ...(input.rawQueryString === undefined ? {} : { rawQueryString: input.rawQueryString }),
    },
  };
}
