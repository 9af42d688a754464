/**
 * `npm run deploy [-- <cdk deploy options>]`: build, `cdk deploy --all` with the options given, then bring the
 * deployed KeyValueStore in line with `edge.config.ts` in place (`npm run experiments -- sync --remote`, a
 * no-op with the Lambda@Edge viewer). After the deploy, never before: functions with the new configuration
 * and an older store fall back to what they bake (docs/deploy.md, "The store and your live changes").
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../edge-functions/config/load';

const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

const STEPS: readonly (readonly [string, readonly string[]])[] = [
  [bin('tsx'), [path.join(ROOT, 'edge-functions', 'build', 'index.ts')]],
  [bin('cdk'), ['deploy', '--all', ...process.argv.slice(2)]],
  [bin('tsx'), [path.join(ROOT, 'experiments', 'cli.ts'), 'sync', '--remote']],
];

for (const [command, args] of STEPS) {
  const done = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (done.status !== 0) {
    process.exitCode = done.status ?? 1;
    break;
  }
}
