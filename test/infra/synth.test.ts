/** `cdk synth` as a user runs it: the pinned CLI, the app from cdk.json, no AWS credentials, no network. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../edge-functions/build';
import { loadConfig } from '../../edge-functions/config/load';
import { edgeRegionStackName } from '../../infra/edge-region-stack';
import { EDGE_REGIONS } from '../../infra/edge-regions';

describe('cdk synth', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'cdk-out-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|CDK_DEFAULT_)/.test(k)) env[k] = v;
  env.AWS_CONFIG_FILE = path.join(out, 'no-config');
  env.AWS_SHARED_CREDENTIALS_FILE = path.join(out, 'no-credentials');
  env.AWS_EC2_METADATA_DISABLED = 'true';
  env.CDK_DISABLE_VERSION_CHECK = '1';
  // The root configuration, as `npm run synth` uses it: only its stack name is read here.
  const { stackName } = loadConfig().config;
  let result: ReturnType<typeof spawnSync>;
  const synth = () =>
    (result ??= spawnSync(
      path.join(ROOT, 'node_modules', '.bin', 'cdk'),
      ['synth', '--quiet', '--no-notices', '-o', out],
      {
        cwd: ROOT,
        env,
        encoding: 'utf8',
        timeout: 240_000,
      },
    ));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('synthesizes the app offline with no AWS credentials in the environment', () => {
    expect(synth().status).toBe(0);
    const template = JSON.parse(readFileSync(path.join(out, `${stackName}.template.json`), 'utf8'));
    expect(
      Object.values(template.Resources).some(
        (r) => (r as { Type: string }).Type === 'AWS::CloudFront::Distribution',
      ),
    ).toBe(true);
  });

  it('synthesizes one stack per edge Region beside the site stack', () => {
    expect(synth().status).toBe(0);
    const templates = readdirSync(out).filter((f) => f.endsWith('.template.json'));
    expect(templates.sort()).toEqual(
      [stackName, ...EDGE_REGIONS.map((r) => edgeRegionStackName(stackName, r))]
        .map((s) => `${s}.template.json`)
        .sort(),
    );
  });

  it('prints no feature-flag warning: cdk.json sets the recommended flags', () => {
    const output = `${synth().stdout}\n${synth().stderr}`;
    expect(output).not.toMatch(/feature flags? (is|are) not configured/i);
    expect(output).not.toMatch(/\[Warning/);
  });
});
