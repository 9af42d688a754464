/**
 * `npm run experiments` against the deployed KeyValueStore, the SDK stubbed (aws-sdk-client-mock): no
 * network, no credentials. The store is a map with an ETag that every write moves, so a write with a stale
 * `IfMatch` fails as the service's does (ConflictException). One test signs a real request, captured before
 * it leaves, to show the SigV4A signer is loaded.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CloudFrontKeyValueStoreClient,
  ConflictException,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
  ListKeysCommand,
  ResourceNotFoundException,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import { mockClient } from 'aws-sdk-client-mock';
import { KVS_ARN_OUTPUT } from '../../edge-functions/cloudfront-functions/contract';
import { loadConfig, type LoadedConfig } from '../../edge-functions/config/load';
import { liveState } from '../../edge-functions/shared/live';
import { seedEntries } from '../../edge-functions/build/kvs-seed';
import { main } from '../../experiments';
import { RemoteStore } from '../../experiments/remote';
import { configFileOf } from '../support/fixtures';

const ARN = 'arn:aws:cloudfront::123456789012:key-value-store/0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const kvs = mockClient(CloudFrontKeyValueStoreClient);
const cfn = mockClient(CloudFormationClient);

const demo = loadConfig(configFileOf('demo'));
/** The demo with the CloudFront Functions viewer (the field another change adds to the schema). */
const CFF: LoadedConfig = {
  ...demo,
  config: { ...demo.config, viewer: { runtime: 'cloudfront-functions' } } as LoadedConfig['config'],
};
const HERO = demo.config.experiments.list[0]!;

/** The deployed store: its keys and its version; `interfere` writes once between a read and a write. */
let store: Map<string, string>;
let etag: number;
let interfere: number;

beforeEach(() => {
  store = new Map();
  etag = 1;
  interfere = 0;
  kvs.reset();
  cfn.reset();
  kvs.on(DescribeKeyValueStoreCommand).callsFake(async () => ({ ETag: `E${etag}`, KvsARN: ARN }));
  kvs.on(GetKeyCommand).callsFake(async ({ Key }) => {
    if (!store.has(Key!)) throw new ResourceNotFoundException({ message: 'Key not found', $metadata: {} });
    return { Key, Value: store.get(Key!) };
  });
  kvs.on(UpdateKeysCommand).callsFake(async ({ IfMatch, Puts, Deletes }) => {
    if (interfere > 0) {
      interfere--;
      etag++;
    }
    if (IfMatch !== `E${etag}`) throw new ConflictException({ message: 'ETag mismatch', $metadata: {} });
    // The service's limit on one call's changes (KVS_MAX_KEYS_PER_UPDATE).
    if ((Puts ?? []).length + (Deletes ?? []).length > 50)
      throw new Error('UpdateKeys: more than 50 keys in one call');
    for (const d of Deletes ?? []) store.delete(d.Key!);
    for (const p of Puts ?? []) store.set(p.Key!, p.Value!);
    return { ETag: `E${++etag}` };
  });
  // Pages of 7 keys in key order, as ListKeys pages them.
  kvs.on(ListKeysCommand).callsFake(async ({ NextToken }) => {
    const keys = [...store.keys()].sort();
    const from = NextToken ? Number(NextToken) : 0;
    const Items = keys.slice(from, from + 7).map((Key) => ({ Key, Value: store.get(Key) }));
    return { Items, NextToken: from + 7 < keys.length ? String(from + 7) : undefined };
  });
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: demo.config.stackName,
        CreationTime: new Date(),
        StackStatus: 'CREATE_COMPLETE',
        Outputs: [{ OutputKey: KVS_ARN_OUTPUT, OutputValue: ARN }],
      },
    ],
  });
});

async function run(argv: string[], loaded: LoadedConfig = CFF) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    loaded,
    now: () => 1_800_000_000_000,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('npm run experiments on the deployed store', () => {
  it('finds the store from the stack output and writes both keys in one UpdateKeys with the ETag it read', async () => {
    const { code, stdout } = await run(['weights', HERO.id, '70,30', '--remote']);
    expect(code).toBe(0);
    expect(stdout).toContain(`phase 1) in ${ARN}`);
    expect(cfn.commandCalls(DescribeStacksCommand)[0]!.args[0].input).toEqual({
      StackName: demo.config.stackName,
    });
    const updates = kvs.commandCalls(UpdateKeysCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args[0].input).toMatchObject({ KvsARN: ARN, IfMatch: 'E1' });
    expect(updates[0]!.args[0].input.Puts!.map((p) => p.Key)).toEqual([`xp:${HERO.id}`, `xh:${HERO.id}`]);
    expect(liveState(HERO, store.get(`xp:${HERO.id}`))).toEqual({
      enabled: true,
      weights: [70, 30],
      phase: 1,
    });
  });

  it('syncs an empty store to the seed in conditional batches of at most 50 keys, each on the last ETag', async () => {
    const { code, stdout } = await run(['sync', '--remote']);
    expect(code).toBe(0);
    expect(stdout).toContain(`${ARN}: synced with edge.config.ts`);
    expect(new Map([...store].sort())).toEqual(
      new Map(
        seedEntries(CFF.config)
          .map((e): [string, string] => [e.key, e.value])
          .sort(),
      ),
    );
    const calls = kvs.commandCalls(UpdateKeysCommand).map((c) => c.args[0].input);
    expect(calls.length).toBe(Math.ceil(store.size / 50));
    expect(calls.map((c) => c.IfMatch)).toEqual(calls.map((_, i) => `E${i + 1}`));
    // Again: a store in line with the configuration is read, page by page, and left alone.
    kvs.resetHistory();
    expect((await run(['sync', '--remote'])).stdout).toContain('nothing written');
    expect(kvs.commandCalls(ListKeysCommand).length).toBe(Math.ceil(store.size / 7));
    expect(kvs.commandCalls(UpdateKeysCommand)).toHaveLength(0);
  });

  it('never splits one experiment’s keys across two calls: a stop between them would count a change twice', async () => {
    const many = (weight: number): LoadedConfig => ({
      ...CFF,
      config: {
        ...CFF.config,
        experiments: {
          ...CFF.config.experiments,
          list: Array.from({ length: 20 }, (_, i) => ({
            ...HERO,
            id: `e${i}`,
            cookieName: `xp-e${i}`,
            variants: HERO.variants.map((v) => ({ ...v, weight })),
          })),
        },
      },
    });
    expect((await run(['sync', '--remote'], many(50))).code).toBe(0);
    kvs.resetHistory();
    // Every experiment re-weighted in edge.config.ts: 20 × (xp, xb, xh) = 60 keys, over one call's 50.
    expect((await run(['sync', '--remote'], many(10))).code).toBe(0);
    const calls = kvs.commandCalls(UpdateKeysCommand).map((c) => c.args[0].input.Puts!.map((p) => p.Key!));
    expect(calls.length).toBeGreaterThan(1);
    const ids = (keys: string[], prefix: string) =>
      keys
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(prefix.length))
        .sort();
    for (const keys of calls) {
      expect(keys.length).toBeLessThanOrEqual(50);
      expect(ids(keys, 'xb:')).toEqual(ids(keys, 'xp:'));
      expect(ids(keys, 'xh:')).toEqual(ids(keys, 'xp:'));
    }
    expect(calls.flat()).toHaveLength(60);
  });

  it('deletes what the configuration no longer has, in the same conditional change', async () => {
    for (const e of seedEntries(CFF.config)) store.set(e.key, e.value);
    store.set('xp:gone', '{"on":true,"w":[1],"p":0}');
    store.set('lt:xx', '[0,0]');
    expect((await run(['sync', '--remote'])).code).toBe(0);
    expect(store.has('xp:gone')).toBe(false);
    expect(store.has('lt:xx')).toBe(false);
    expect(
      kvs
        .commandCalls(UpdateKeysCommand)[0]!
        .args[0].input.Deletes!.map((d) => d.Key)
        .sort(),
    ).toEqual(['lt:xx', 'xp:gone']);
  });

  it('has nothing to sync while the viewer runs on Lambda@Edge (npm run deploy runs it every time)', async () => {
    const { code, stdout } = await run(['sync', '--remote'], demo);
    expect(code).toBe(0);
    expect(stdout).toMatch(/nothing to sync: viewer.runtime is 'lambda-edge'/);
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });

  it('reads again and re-plans when someone wrote between its read and its write', async () => {
    store.set(`xp:${HERO.id}`, '{"on":true,"w":[50,50],"p":4}');
    interfere = 1;
    expect((await run(['stop', HERO.id, '--kvs', ARN])).code).toBe(0);
    expect(kvs.commandCalls(UpdateKeysCommand)).toHaveLength(2);
    expect(liveState(HERO, store.get(`xp:${HERO.id}`))).toMatchObject({ enabled: false, phase: 5 });
  });

  it('gives up after three conflicts, saying so', async () => {
    interfere = 3;
    const { code, stderr } = await run(['stop', HERO.id, '--kvs', ARN]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${ARN} changed meanwhile`);
    expect(store.size).toBe(0);
  });

  it('shows the status of a store with one key missing and one malformed', async () => {
    const two = {
      ...CFF,
      config: {
        ...CFF.config,
        experiments: {
          ...CFF.config.experiments,
          list: [HERO, { ...HERO, id: 'other', cookieName: 'xp-o' }],
        },
      },
    };
    store.set(`xp:${HERO.id}`, '{"on":true,"w":[50]');
    const { code, stdout } = await run(['status', '--kvs', ARN], two);
    expect(code).toBe(0);
    expect(stdout).toMatch(/home-hero .*the entry is malformed/);
    expect(stdout).toMatch(/other .*no entry in the store/);
    expect(kvs.commandCalls(UpdateKeysCommand)).toHaveLength(0);
  });

  it.each([
    [
      'no such stack',
      () => cfn.on(DescribeStacksCommand).rejects({ name: 'ValidationError', message: 'does not exist' }),
      "no stack 'DemoFixture' in us-east-1",
    ],
    [
      'a stack without the output',
      () =>
        cfn.on(DescribeStacksCommand).resolves({
          Stacks: [{ StackName: 'x', CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE', Outputs: [] }],
        }),
      `has no ${KVS_ARN_OUTPUT} output`,
    ],
  ])('refuses %s, with what to do', async (_, arrange, message) => {
    arrange();
    const { code, stderr } = await run(['status', '--remote']);
    expect(code).toBe(1);
    expect(stderr).toContain(message);
    expect(stderr).toContain('--kvs <arn>');
  });

  it('refuses an ARN that is not a KeyValueStore ARN before any call', async () => {
    const { code, stderr } = await run(['status', '--kvs', 'arn:aws:s3:::bucket']);
    expect(code).toBe(1);
    expect(stderr).toContain("got: 'arn:aws:s3:::bucket'");
    expect(kvs.calls()).toHaveLength(0);
  });
});

describe('RemoteStore signing', () => {
  it('signs the KeyValueStore API with SigV4A (ECDSA P-256, every Region), not SigV4', async () => {
    kvs.restore();
    let headers: Record<string, string> = {};
    const client = new CloudFrontKeyValueStoreClient({
      region: 'us-east-1',
      credentials: {
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      },
      requestHandler: {
        handle: async (request: { headers: Record<string, string> }) => {
          headers = request.headers;
          throw new Error('captured, never sent');
        },
      },
    });
    await expect(new RemoteStore(ARN, client).read([])).rejects.toThrow('captured, never sent');
    expect(headers.authorization).toMatch(
      /^AWS4-ECDSA-P256-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/cloudfront-keyvaluestore\/aws4_request/,
    );
    expect(headers['x-amz-region-set']).toBe('*');
    client.destroy();
  });
});
