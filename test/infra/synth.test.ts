/** `cdk synth` as a user runs it: the pinned CLI, the app from cdk.json, no AWS credentials, no network. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../edge-functions/build';

describe('cdk synth', () => {
  it('synthesizes the app offline with no AWS credentials in the environment', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'cdk-out-'));
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(AWS_|CDK_DEFAULT_)/.test(k)) env[k] = v;
    env.AWS_CONFIG_FILE = path.join(out, 'no-config');
    env.AWS_SHARED_CREDENTIALS_FILE = path.join(out, 'no-credentials');
    env.AWS_EC2_METADATA_DISABLED = 'true';
    env.CDK_DISABLE_VERSION_CHECK = '1';
    try {
      execFileSync(
        path.join(ROOT, 'node_modules', '.bin', 'cdk'),
        ['synth', '--quiet', '--no-notices', '-o', out],
        {
          cwd: ROOT,
          env,
          stdio: 'pipe',
          timeout: 240_000,
        },
      );
      expect(readdirSync(out)).toContain('EdgePersonalisation.template.json');
      const template = JSON.parse(readFileSync(path.join(out, 'EdgePersonalisation.template.json'), 'utf8'));
      expect(
        Object.values(template.Resources).some(
          (r) => (r as { Type: string }).Type === 'AWS::CloudFront::Distribution',
        ),
      ).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
