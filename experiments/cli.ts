/**
 * `npm run experiments`: stop, start or re-weight an experiment without a build or a deploy, through the
 * KeyValueStore the CloudFront Function reads, or the local CloudFront's store (the default). Runs from the
 * repository, never at the edge; see USAGE in args.ts and docs/experiments.md#live-control.
 */
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudFrontKeyValueStoreClient } from '@aws-sdk/client-cloudfront-keyvaluestore';
import { localStorePath } from '../edge-functions/build/kvs-seed';
import { loadConfig, type LoadedConfig } from '../edge-functions/config/load';
import type { SiteConfig } from '../edge-functions/config/schema';
import { printable, printableJson } from '../report/format/printable';
import { parseExperimentsArgs, USAGE, UsageError, type ExperimentsArgs, type StoreChoice } from './args';
import {
  CommandError,
  describe,
  findExperiment,
  keysOf,
  parseWeights,
  plan,
  readStates,
  type Change,
} from './plan';
import { renderStatus, statusRows } from './status';
import { planSync } from './sync';
import { LocalStore, StoreConflict, type Store } from './store';

export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** The configuration; `loadConfig()` (edge.config.ts or EDGE_CONFIG) when absent. */
  readonly loaded?: LoadedConfig;
  readonly now?: () => number;
  readonly kvsClient?: CloudFrontKeyValueStoreClient;
  readonly cloudFormationClient?: CloudFormationClient;
}

/** Tries of a change when the store moved between its read and its write. */
const ATTEMPTS = 3;

/** `viewer.runtime` (`'lambda-edge'` by default, `config/define.ts`). */
export const viewerRuntime = (config: SiteConfig): string => config.viewer.runtime;
const readsStore = (config: SiteConfig): boolean => viewerRuntime(config) === 'cloudfront-functions';
/** `npm run deploy` syncs after every deploy: with Lambda@Edge there is no store, and nothing to do. */
const NOTHING_TO_SYNC = (runtime: string) =>
  `experiments: nothing to sync: viewer.runtime is '${runtime}', whose viewer reads no KeyValueStore\n`;

/** Runs the command; returns the exit code (0 done or nothing to do, 1 refused or failed, 2 bad usage). */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ExperimentsArgs;
  try {
    args = parseExperimentsArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr.write(`experiments: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) return (io.stdout.write(USAGE), 0);
  let store: (Store & { destroy?(): void }) | undefined;
  try {
    const loaded = io.loaded ?? loadConfig();
    if (args.command.kind === 'sync' && args.store.kind === 'remote' && !readsStore(loaded.config))
      return (io.stdout.write(NOTHING_TO_SYNC(viewerRuntime(loaded.config))), 0);
    store = await openStore(args.store, loaded, io);
    return await run(args, loaded.config, store, io);
  } catch (err) {
    io.stderr.write(`${printable(`experiments: ${messageOf(err)}`)}\n`);
    return 1;
  } finally {
    if (!io.kvsClient) store?.destroy?.();
  }
}

async function openStore(choice: StoreChoice, loaded: LoadedConfig, io: CliIo): Promise<Store> {
  const runtime = viewerRuntime(loaded.config);
  if (choice.kind === 'local') {
    if (runtime !== 'cloudfront-functions')
      io.stderr.write(
        `experiments: note: viewer.runtime is '${runtime}': the local CloudFront reads this store only with 'cloudfront-functions'\n`,
      );
    return new LocalStore(localStorePath(loaded.file), loaded.config);
  }
  if (runtime !== 'cloudfront-functions')
    throw new CommandError(
      `the deployed viewer reads no KeyValueStore: viewer.runtime in edge.config.ts is not 'cloudfront-functions', got: '${runtime}'; set viewer: { runtime: 'cloudfront-functions' } and deploy, or change the experiment in edge.config.ts and deploy`,
    );
  // Loaded on demand: the AWS SDK is needed for the deployed store only.
  const { checkKvsArn, RemoteStore, stackKvsArn } = await import('./remote');
  const arn = choice.arn
    ? checkKvsArn(choice.arn)
    : await stackKvsArn(loaded.config.stackName, io.cloudFormationClient);
  return new RemoteStore(arn, io.kvsClient);
}

async function run(args: ExperimentsArgs, config: SiteConfig, store: Store, io: CliIo): Promise<number> {
  const command = args.command;
  if (command.kind === 'status') {
    const states = readStates(config, (await store.read(keysOf(config))).entries);
    io.stdout.write(
      args.json
        ? printableJson(`${JSON.stringify(statusRows(states), null, 2)}\n`)
        : renderStatus(store.name, states).split('\n').map(printable).join('\n'),
    );
    return 0;
  }
  if (command.kind === 'sync') return sync(config, store, io);
  const e = findExperiment(config, command.id);
  const change: Change =
    command.kind === 'weights' ? { kind: 'weights', weights: parseWeights(e, command.weights) } : command;
  const now = (io.now ?? Date.now)();
  const only = { experiments: { ...config.experiments, list: [e] } };
  const message = await conditionally(async () => {
    const read = await store.read(keysOf(only));
    const outcome = plan(readStates(only, read.entries)[0]!, change, now);
    if (!outcome.written) return { message: `${outcome.message}\n` };
    const report = `npm run report analyses phase ${outcome.entry.p} apart from the earlier ones.`;
    return {
      write: () => store.write(outcome.puts, read.version),
      message: `${e.id}: ${describe(outcome.entry, e)} in ${store.name}\n${AFTER[change.kind]} ${report}\n`,
    };
  });
  return (io.stdout.write(message), 0);
}

/** `sync`: plan against everything the store holds, write it in one conditional change, re-plan on a race. */
async function sync(config: SiteConfig, store: Store, io: CliIo): Promise<number> {
  const now = (io.now ?? Date.now)();
  const message = await conditionally(async () => {
    const read = await store.list();
    const planned = planSync(config, read.entries, now);
    if (planned.puts.length + planned.deletes.length === 0)
      return { message: `${store.name}: in line with edge.config.ts; nothing written\n` };
    return {
      write: () => store.write(planned.puts, read.version, planned.deletes),
      message: `${store.name}: synced with edge.config.ts\n${planned.notes.map((n) => `  ${n}\n`).join('')}`,
    };
  });
  return (io.stdout.write(message), 0);
}

/**
 * Read, plan and write: `step` reads the store and returns what to write (nothing: done) and what to print.
 * A write the store refuses because another writer came first runs the step again, ATTEMPTS times at most.
 */
async function conditionally(
  step: () => Promise<{ readonly write?: () => Promise<void>; readonly message: string }>,
): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const planned = await step();
    try {
      await planned.write?.();
    } catch (err) {
      if (err instanceof StoreConflict && attempt < ATTEMPTS) continue;
      throw err;
    }
    return planned.message;
  }
}

const AFTER: Record<Change['kind'], string> = {
  stop: 'Everyone now sees the control; no one is enrolled or counted.',
  start: 'New visitors are enrolled again; visitors enrolled before keep their variant.',
  weights: 'New visitors are split by the new weights; visitors enrolled before keep their variant.',
};

const messageOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);

if (require.main === module) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => (process.exitCode = code),
  );
}
