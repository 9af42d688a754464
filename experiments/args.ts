/** Command line of `npm run experiments`. */
import { parseArgs } from 'node:util';
import { LOCAL_KVS_FILE, KVS_ARN_OUTPUT } from '../edge-functions/cloudfront-functions/contract';

export const USAGE = `Usage: npm run experiments -- <command> [store] [--json]

Live control of the experiments in edge.config.ts through the KeyValueStore the CloudFront Function
reads (viewer.runtime 'cloudfront-functions'): no build, no deploy, the next request sees it. Variants,
paths and cookies stay as edge.config.ts has them. Every change starts a new phase, which enrollment and
conversion lines carry; the report analyses one phase at a time.

Commands:
  status                    each experiment: on or stopped, weights, phase, and what differs from edge.config.ts
  stop <id>                 everyone sees the control; no one is enrolled or counted
  start <id>                enroll new visitors again
  weights <id> <w,w,...>    new weights for new visitors (enrolled ones keep their variant), one whole
                            number per variant in edge.config.ts's order, e.g. weights home-hero 70,30
  sync                      bring the store in line with edge.config.ts, in place (npm run deploy runs it):
                            an experiment configured otherwise since the last sync starts a new phase with
                            the configured values; the others keep their live state; the Accept-Language
                            table is replaced; removed experiments' keys are deleted

Store (default --local):
  --local                   the local CloudFront's store, ${LOCAL_KVS_FILE} beside edge.config.ts
  --remote                  the deployed store, from the site stack's ${KVS_ARN_OUTPUT} output (us-east-1)
  --kvs <arn>               the deployed store with this ARN

  --json                    status as JSON
  -h, --help                this text
`;

export class UsageError extends Error {}

export type StoreChoice = { kind: 'local' } | { kind: 'remote'; arn?: string };

export type Command =
  | { readonly kind: 'status' }
  | { readonly kind: 'sync' }
  | { readonly kind: 'stop' | 'start'; readonly id: string }
  /** `weights` as typed, parsed against the configuration later (`parseWeights`). */
  | { readonly kind: 'weights'; readonly id: string; readonly weights: string };

export interface ExperimentsArgs {
  readonly command: Command;
  readonly store: StoreChoice;
  readonly json: boolean;
  readonly help: boolean;
}

export function parseExperimentsArgs(argv: readonly string[]): ExperimentsArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        local: { type: 'boolean', default: false },
        remote: { type: 'boolean', default: false },
        kvs: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const base = { json: values.json, help: values.help, store: storeOf(values) };
  if (values.help) return { ...base, command: { kind: 'status' } };
  const [name = 'status', id, ...rest] = positionals;
  if (name === 'status' || name === 'sync') {
    if (id !== undefined) throw new UsageError(`${name} takes no argument, got: '${id}'`);
    return { ...base, command: { kind: name } };
  }
  if (name !== 'stop' && name !== 'start' && name !== 'weights')
    throw new UsageError(`unknown command, got: '${name}'; use status, stop, start, weights or sync`);
  if (id === undefined) throw new UsageError(`${name} needs an experiment id, e.g. ${name} home-hero`);
  if (name !== 'weights') {
    if (rest.length > 0) throw new UsageError(`${name} takes one experiment id, got: '${rest.join(' ')}'`);
    return { ...base, command: { kind: name, id } };
  }
  // `70,30` or `70 30`.
  if (rest.length === 0) throw new UsageError(`weights needs the weights, e.g. weights ${id} 50,50`);
  return { ...base, command: { kind: 'weights', id, weights: rest.join(',') } };
}

function storeOf(values: { local: boolean; remote: boolean; kvs?: string }): StoreChoice {
  const chosen = [values.local, values.remote, values.kvs !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('use one of --local, --remote and --kvs <arn>');
  if (values.kvs !== undefined) return { kind: 'remote', arn: values.kvs };
  return values.remote ? { kind: 'remote' } : { kind: 'local' };
}
