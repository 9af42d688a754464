/**
 * Code integrity: each bundle is packaged reproducibly, its `CodeSha256` is Lambda's (base64 of the zip's
 * SHA-256), and the synthesized stack publishes each version with exactly the hash of the package built
 * from the bundle the tests ran.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { unzipSync } from 'fflate';
import { bundlePath, codeSha256Of, FUNCTIONS, packagePath } from '../../edge-functions/build';
import { zipBundle } from '../../edge-functions/build/package';
import { SiteStack } from '../../infra/site-stack';
import { fixture } from '../support/fixtures';

const f = fixture('three-locales');

describe('function packages', () => {
  it.each(FUNCTIONS)('%s: the package holds exactly the bundle, and is the same bytes every time', (name) => {
    const code = readFileSync(bundlePath(name, f.outDir));
    const zip = readFileSync(packagePath(name, f.outDir));
    expect(unzipSync(zip)).toEqual({ 'index.js': new Uint8Array(code) });
    expect(Buffer.from(zipBundle(code)).equals(zip)).toBe(true);
  });

  it('hashes as Lambda reports CodeSha256, and one changed byte changes it', () => {
    const zip = zipBundle(Buffer.from('exports.handler=async()=>({});'));
    expect(codeSha256Of(zip)).toBe(createHash('sha256').update(zip).digest('base64'));
    expect(codeSha256Of(zip)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const other = zipBundle(Buffer.from('exports.handler=async()=>({ });'));
    expect(codeSha256Of(other)).not.toBe(codeSha256Of(zip));
  });
});

/**
 * CDK's built-in CloudFormation validation compiles a WebAssembly validator on an app's first synth (seconds,
 * in every test file that synthesizes). Without cdk.json's context, which only the CLI reads, its findings
 * are warnings that fail nothing, so here it is left out; `cdk synth` (test/infra/synth.test.ts) keeps it.
 */
const app = () => new App({ builtinCloudFormationValidation: false });

describe('the stack publishes only the packages built', () => {
  const template = Template.fromStack(new SiteStack(app(), 'Integrity', {}, f));
  const versions = Object.values(template.findResources('AWS::Lambda::Version'));

  it('sets each version’s CodeSha256 to its package’s hash', () => {
    const expected = FUNCTIONS.map((n) => codeSha256Of(readFileSync(packagePath(n, f.outDir)))).sort();
    expect(versions.map((v) => v.Properties.CodeSha256).sort()).toEqual(expected);
  });

  it('names the missing package and the command that makes it', () => {
    expect(() => new SiteStack(app(), 'Missing', {}, { ...f, outDir: '/nonexistent-dist' })).toThrow(
      /viewer-request\.zip is missing: run npm run build \(it packages viewer-request\)/,
    );
  });
});
