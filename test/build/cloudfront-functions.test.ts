/**
 * The CloudFront Functions build's gates: what the runtime would refuse fails the build, naming the function
 * and the fix. The bundles themselves are run under njs by the parity suite.
 */
import {
  buildFunctions,
  functionSource,
  HANDLER,
  sourceProblems,
} from '../../edge-functions/build/cloudfront-functions';
import { FUNCTION_SIZE_LIMIT } from '../../edge-functions/cloudfront-functions/contract';
import { fixture } from '../support/fixtures';
import { TEST_SIGNING_KEYS } from '../support/keys';
import { tempDir } from '../emulator/stubs';

describe('the CloudFront Functions build', () => {
  const f = fixture('demo');

  it('writes each function as a script with one global handler and the runtime modules imported by name', async () => {
    const { bundles } = await buildFunctions({ ...f, signingKeys: TEST_SIGNING_KEYS }, tempDir());
    expect(bundles.map((b) => b.name)).toEqual(['viewer-request', 'locale-pages', 'edge-endpoints']);
    const source = await functionSource('edge-endpoints', {});
    expect(source.startsWith("import cf from 'cloudfront';import fncrypto from 'crypto';")).toBe(true);
    expect(source.trimEnd().endsWith(HANDLER)).toBe(true);
    expect(sourceProblems('edge-endpoints', source)).toEqual([]);
  });

  it('fails a function over the size limit, naming its bytes and the runtime to keep', () => {
    const source = `${"import cf from 'cloudfront';import fncrypto from 'crypto';var __edge;"}${'x'.repeat(FUNCTION_SIZE_LIMIT)}${HANDLER}`;
    const problems = sourceProblems('viewer-request', source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`viewer-request is ${Buffer.byteLength(source)} bytes`);
    expect(problems[0]).toContain("runtime: 'lambda-edge'");
  });

  it.each([
    ['an export', 'export{a};'],
    ['exports', 'exports.handler=a;'],
    ['a require', 'var c=require("crypto");'],
  ])('fails a function that holds %s (every request would be a 503)', (_what, code) => {
    const source = `import cf from 'cloudfront';import fncrypto from 'crypto';var __edge;${code}${HANDLER}`;
    expect(sourceProblems('viewer-request', source).join()).toContain('export or require');
  });

  it('does not mistake the words inside a string for module syntax', () => {
    const source = `import cf from 'cloudfront';import fncrypto from 'crypto';var __edge;var s="export require";${HANDLER}`;
    expect(sourceProblems('viewer-request', source)).toEqual([]);
  });

  it('fails a function that lost its global handler', () => {
    const source =
      "import cf from 'cloudfront';import fncrypto from 'crypto';var __edge;function handler(e){}";
    expect(sourceProblems('viewer-request', source).join()).toContain('global handler');
  });
});
