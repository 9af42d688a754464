/** `npm run deploy`'s steps: build, `cdk deploy --all` with the user's options, then the store synced in place. */
import * as path from 'node:path';
import { deploySteps } from '../../infra/deploy';

describe('npm run deploy', () => {
  const steps = deploySteps(['-c', 'logRetentionDays=30', '--require-approval', 'never']);
  const named = steps.map(([command, args]) => [
    path.basename(command),
    ...args.map((a) => path.basename(a)),
  ]);

  it('builds first, so the stack deploys the bundles the tests ran', () => {
    expect(named[0]).toEqual(['tsx', 'index.ts']);
    expect(steps[0]![1][0]).toMatch(/edge-functions[\\/]build[\\/]index\.ts$/);
  });

  it('passes every option given after -- to cdk deploy --all, and to nothing else', () => {
    expect(named[1]).toEqual([
      'cdk',
      'deploy',
      '--all',
      '-c',
      'logRetentionDays=30',
      '--require-approval',
      'never',
    ]);
    expect(steps.filter(([, args]) => args.includes('-c'))).toHaveLength(1);
  });

  it('syncs the deployed KeyValueStore last, after the functions that read it are deployed', () => {
    expect(named.at(-1)).toEqual(['tsx', 'cli.ts', 'sync', '--remote']);
    expect(steps.at(-1)![1][0]).toMatch(/experiments[\\/]cli\.ts$/);
  });
});
