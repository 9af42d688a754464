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
import { KVS_ARN_OUTPUT, KVS_MAX_KEYS_PER_UPDATE } from '../edge-functions/cloudfront-functions/contract';
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
   * One UpdateKeys per 50 changes, each conditional on the version the previous one returned: a writer
   * coming between two calls stops the rest with `StoreConflict` (a re-run plans again from what is there).
   */
  async write(puts: readonly KvsEntry[], version: string, deletes: readonly string[] = []): Promise<void> {
    const changes = [
      ...deletes.map((key) => ({ key, value: undefined })),
      ...puts.map((p) => ({ key: p.key, value: p.value as string | undefined })),
    ];
    let ifMatch = version;
    for (let i = 0; i < changes.length; i += KVS_MAX_KEYS_PER_UPDATE) {
      const batch = changes.slice(i, i + KVS_MAX_KEYS_PER_UPDATE);
      ifMatch = await this.update(ifMatch, batch);
    }
  }

  private async update(ifMatch: string, batch: { key: string; value?: string }[]): Promise<string> {
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
