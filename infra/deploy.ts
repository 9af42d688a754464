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

/** The commands a deploy runs, in order, each only if the one before succeeded. */
export const deploySteps = (cdkOptions: readonly string[]): (readonly [string, readonly string[]])[] => [
  [bin('tsx'), [path.join(ROOT, 'edge-functions', 'build', 'index.ts')]],
  [bin('cdk'), ['deploy', '--all', ...cdkOptions]],
  [bin('tsx'), [path.join(ROOT, 'experiments', 'cli.ts'), 'sync', '--remote']],
];

if (require.main === module) {
  for (const [command, args] of deploySteps(process.argv.slice(2))) {
    const done = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
    if (done.status !== 0) {
      process.exitCode = done.status ?? 1;
      break;
    }
  }
}
