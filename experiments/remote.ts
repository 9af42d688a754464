/**
 * The deployed KeyValueStore, through its data-plane API: DescribeKeyValueStore for the version (ETag),
 * GetKey per key, and one UpdateKeys with `IfMatch`, so a change lands whole or not at all.
 * https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_kvs_UpdateKeys.html
 * The API is signed with SigV4A (its endpoint is global); the SDK finds the signer once
 * `@aws-sdk/signature-v4a` is loaded.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/kvs-with-functions-edit.html
 */
import '@aws-sdk/signature-v4a';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudFrontKeyValueStoreClient,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import {
  BASELINE_KEY_PREFIX,
  EXPERIMENT_KEY_PREFIX,
  KVS_ARN_OUTPUT,
  KVS_MAX_KEYS_PER_UPDATE,
  PHASE_HISTORY_KEY_PREFIX,
} from '../edge-functions/cloudfront-functions/contract';
import type { KvsEntry } from '../edge-functions/build/kvs-seed';
import { CommandError } from './plan';
import { StoreConflict, type Store, type StoreRead } from './store';

/** The site stack's Region (`infra/app.ts`). */
export const STACK_REGION = 'us-east-1';

/** `arn:aws:cloudfront::<account>:key-value-store/<id>`. */
const KVS_ARN = /^arn:aws[a-z-]*:cloudfront::\d{12}:key-value-store\/[A-Za-z0-9-]+$/;

export function checkKvsArn(arn: string): string {
  if (!KVS_ARN.test(arn))
    throw new CommandError(
      `--kvs must be a KeyValueStore ARN like arn:aws:cloudfront::123456789012:key-value-store/<id>, got: '${arn}'; the stack's ${KVS_ARN_OUTPUT} output has it`,
    );
  return arn;
}

const nameOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';

export class RemoteStore implements Store {
  constructor(
    readonly arn: string,
    private readonly client = new CloudFrontKeyValueStoreClient({ region: STACK_REGION }),
  ) {}

  get name(): string {
    return this.arn;
  }

  async read(keys: readonly string[]): Promise<StoreRead> {
    const version = await this.etag();
    const entries = new Map<string, string>();
    // In sequence: a handful of keys, and no burst against the API's rate limit.
    for (const key of keys) {
      try {
        const got = await this.client.send(new GetKeyCommand({ KvsARN: this.arn, Key: key }));
        if (got.Value !== undefined) entries.set(key, got.Value);
      } catch (err) {
        if (nameOf(err) !== 'ResourceNotFoundException') throw err;
      }
    }
    return { entries, version };
  }

  /** Every key, page by page (ListKeys), and the version DescribeKeyValueStore gave before the first page. */
  async list(): Promise<StoreRead> {
    const version = await this.etag();
    const entries = new Map<string, string>();
    let NextToken: string | undefined;
    do {
      const page = await this.client.send(new ListKeysCommand({ KvsARN: this.arn, NextToken }));
      for (const item of page.Items ?? [])
        if (item.Key !== undefined) entries.set(item.Key, item.Value ?? '');
      NextToken = page.NextToken;
    } while (NextToken);
    return { entries, version };
  }

  /**
   * UpdateKeys calls of at most 50 changes, each conditional on the version the previous one returned: a
   * writer coming between two calls stops the rest with `StoreConflict`, and `sync` plans again from what is
   * there. An experiment's keys (`xp:`, `xb:`, `xh:` of one id) always share a call, so a stop between calls
   * never leaves a new phase without its baseline (which a re-run would count as a second change).
   */
  async write(puts: readonly KvsEntry[], version: string, deletes: readonly string[] = []): Promise<void> {
    const changes: Change[] = [
      ...deletes.map((key) => ({ key, value: undefined })),
      ...puts.map((p) => ({ key: p.key, value: p.value })),
    ];
    let ifMatch = version;
    for (const batch of batches(changes)) ifMatch = await this.update(ifMatch, batch);
  }

  private async update(ifMatch: string, batch: readonly Change[]): Promise<string> {
    try {
      const done = await this.client.send(
        new UpdateKeysCommand({
          KvsARN: this.arn,
          IfMatch: ifMatch,
          Puts: batch.flatMap((c) => (c.value === undefined ? [] : [{ Key: c.key, Value: c.value }])),
          Deletes: batch.flatMap((c) => (c.value === undefined ? [{ Key: c.key }] : [])),
        }),
      );
      return done.ETag ?? ifMatch;
    } catch (err) {
      // IfMatch no longer the store's ETag: someone wrote meanwhile.
      if (nameOf(err) === 'ConflictException') throw new StoreConflict(`${this.arn} changed meanwhile`);
      throw err;
    }
  }

  private async etag(): Promise<string> {
    const described = await this.client.send(new DescribeKeyValueStoreCommand({ KvsARN: this.arn }));
    if (!described.ETag) throw new Error(`${this.arn}: DescribeKeyValueStore returned no ETag`);
    return described.ETag;
  }

  destroy(): void {
    this.client.destroy();
  }
}

interface Change {
  readonly key: string;
  /** undefined: delete the key. */
  readonly value: string | undefined;
}

/** `xp:<id>`, `xb:<id>`, `xh:<id>` → `<id>`: the keys one experiment's change writes together. */
function groupOf(key: string): string {
  const prefixes = [EXPERIMENT_KEY_PREFIX, BASELINE_KEY_PREFIX, PHASE_HISTORY_KEY_PREFIX];
  const prefix = prefixes.find((p) => key.startsWith(p));
  return prefix === undefined ? key : `experiment ${key.slice(prefix.length)}`;
}

/** The changes in calls of at most KVS_MAX_KEYS_PER_UPDATE, never splitting an experiment's keys. */
function batches(changes: readonly Change[]): Change[][] {
  const groups = new Map<string, Change[]>();
  for (const c of changes) groups.set(groupOf(c.key), [...(groups.get(groupOf(c.key)) ?? []), c]);
  const out: Change[][] = [];
  for (const group of groups.values()) {
    const last = out.at(-1);
    if (last && last.length + group.length <= KVS_MAX_KEYS_PER_UPDATE) last.push(...group);
    else out.push([...group]);
  }
  return out;
}

/** The ARN from the deployed site stack's `KVS_ARN_OUTPUT` output. */
export async function stackKvsArn(stackName: string, given?: CloudFormationClient): Promise<string> {
  const client = given ?? new CloudFormationClient({ region: STACK_REGION });
  let outputs;
  try {
    const found = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    outputs = found.Stacks?.[0]?.Outputs ?? [];
  } catch (err) {
    if (nameOf(err) === 'ValidationError')
      throw new CommandError(
        `no stack '${stackName}' in ${STACK_REGION}, got: '${stackName}' (stackName in edge.config.ts); deploy it first (npm run deploy), or pass --kvs <arn>`,
      );
    throw err;
  } finally {
    if (!given) client.destroy();
  }
  const arn = outputs.find((o) => o.OutputKey === KVS_ARN_OUTPUT)?.OutputValue;
  if (!arn)
    throw new CommandError(
      `stack '${stackName}' has no ${KVS_ARN_OUTPUT} output: it was deployed with viewer.runtime 'lambda-edge', which reads no KeyValueStore; deploy with 'cloudfront-functions', or pass --kvs <arn>`,
    );
  return checkKvsArn(arn);
}
