/**
 * `npm run test-function` with the CloudFront API stubbed (aws-sdk-client-mock): the probes it builds from
 * each fixture, the calls it makes (DEVELOPMENT only, never a publish), and how it compares what AWS's
 * runtime answers with the local Lambda@Edge bundle. The stubbed "deployed" function answers like the
 * fixture's bundle, in the CloudFront Functions' shape, unless a test makes it differ.
 */
import {
  CloudFrontClient,
  DescribeFunctionCommand,
  PublishFunctionCommand,
  TestFunctionCommand,
  UpdateFunctionCommand,
  type TestFunctionCommandInput,
} from '@aws-sdk/client-cloudfront';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { folderOf } from '../../edge-functions/shared/locales';
import { CLOUDFRONT_FUNCTIONS } from '../../edge-functions/cloudfront-functions/contract';
import { metricLine, metricWords } from '../../edge-functions/shared/log';
import { cloudFrontFunctionNames } from '../../infra/edge-names';
import { lambdaEdgeDecider, main, parseArgs } from '../../infra/test-function/cli';
import { metricsOf } from '../../infra/test-function/decisions';
import { functionEvent, lambdaEvent, probes, type Probe } from '../../infra/test-function/probes';
import { functionCodePath } from '../../infra/viewer-functions';
import { cloudFrontFunctionsTarget } from '../support/cloudfront-functions';
import { FIXTURES, fixture, handlerOf, PLAIN_FIXTURES } from '../support/fixtures';

describe.each([...FIXTURES, ...PLAIN_FIXTURES])('probes (%s)', (name) => {
  const { config } = fixture(name);
  const list = probes(config);

  it('ask questions whose answers never change (no visitor is enrolled)', async () => {
    const local = lambdaEdgeDecider(fixture(name).bundle('viewer-request'));
    for (const p of list) {
      const first = await local(p);
      expect(await local(p)).toEqual(first);
      expect(first.metrics).toEqual([]);
    }
  });

  it('send the beacon to edge-endpoints, locale folders to locale-pages and the rest to viewer-request', () => {
    const folders = config.locales.supported.map((l) => `/${folderOf(l, config.locales.folderCase)}/`);
    for (const p of list)
      expect(p.fn).toBe(
        p.uri.startsWith('/__edge/')
          ? 'edge-endpoints'
          : folders.some((f) => p.uri.startsWith(f))
            ? 'locale-pages'
            : 'viewer-request',
      );
    expect(new Set(list.map((p) => p.fn)).size).toBe(config.experiments.goals.length > 0 ? 3 : 2);
  });

  it('write each event in the CloudFront Functions’ shape: lower-case names, parsed query and cookies', () => {
    for (const p of list) {
      const event = functionEvent(p) as { request: Record<string, Record<string, unknown>> };
      for (const part of ['headers', 'cookies', 'querystring'])
        for (const key of Object.keys(event.request[part]!)) expect(key).toBe(key.toLowerCase());
      expect(Object.keys(event.request.cookies!)).toEqual(Object.keys(p.cookies));
    }
  });
});

/** What a CloudFront Function answering like the Lambda@Edge bundle returns and prints. */
async function deployedAnswer(name: 'demo', p: Probe) {
  const log: string[] = [];
  const spy = jest.spyOn(console, 'log').mockImplementation((l: unknown) => void log.push(String(l)));
  const r = (await handlerOf(name, 'viewer-request')(lambdaEvent(p))) as Record<string, any>;
  spy.mockRestore();
  const values = (pairs: string[][]) => Object.fromEntries(pairs.map(([k, v]) => [k, { value: v }]));
  const cookies = (r.headers?.['set-cookie'] ?? []).map((h: { value: string }) =>
    h.value.split(';')[0]!.split('='),
  );
  const output = r.status
    ? {
        response: {
          statusCode: Number(r.status),
          headers: values(r.headers.location ? [['location', r.headers.location[0].value]] : []),
          cookies: values(cookies),
        },
      }
    : {
        request: {
          uri: r.uri,
          querystring: values(r.querystring ? r.querystring.split('&').map((q: string) => q.split('=')) : []),
          headers: {},
          cookies: values(
            (r.headers.cookie?.[0]?.value ?? '')
              .split('; ')
              .filter(Boolean)
              .map((c: string) => c.split('=')),
          ),
        },
      };
  return {
    FunctionOutput: JSON.stringify(output),
    FunctionExecutionLogs: log,
    ComputeUtilization: '12',
    FunctionErrorMessage: '',
  };
}

describe('npm run test-function', () => {
  const target = cloudFrontFunctionsTarget('demo');
  const names = cloudFrontFunctionNames(target.config.stackName);
  const list = probes(target.config);
  const probeOf = (input: TestFunctionCommandInput) =>
    list.find((p) => JSON.stringify(functionEvent(p)) === new TextDecoder().decode(input.EventObject))!;
  const cf = mockClient(CloudFrontClient);
  const config = {
    Comment: 'c',
    Runtime: 'cloudfront-js-2.0' as const,
    KeyValueStoreAssociations: { Quantity: 1, Items: [{ KeyValueStoreARN: 'arn:kvs' }] },
  };
  const run = (argv: string[] = []) =>
    main(argv, {
      client: new CloudFrontClient({ region: 'us-east-1' }),
      site: target,
      outDir: target.outDir,
    });

  beforeEach(() => {
    cf.reset();
    cf.on(DescribeFunctionCommand).resolves({
      ETag: 'E-DEV',
      FunctionSummary: { Name: 'x', FunctionConfig: config, FunctionMetadata: undefined },
    });
    cf.on(UpdateFunctionCommand).resolves({ ETag: 'E-NEW' });
    cf.on(TestFunctionCommand).callsFake(async (input: TestFunctionCommandInput) => ({
      TestResult: await deployedAnswer('demo', probeOf(input)),
    }));
  });

  it('puts the built code on each DEVELOPMENT stage, tests it there, and never publishes', async () => {
    const { ok, text } = await run();
    expect(ok).toBe(true);
    expect(text).toContain(`${list.length} of ${list.length} probes agree with the local bundle`);
    expect(cf.commandCalls(PublishFunctionCommand)).toHaveLength(0);
    const updates = cf.commandCalls(UpdateFunctionCommand).map((c) => c.args[0].input);
    expect(updates.map((u) => u.Name).sort()).toEqual(Object.values(names).sort());
    for (const u of updates) {
      const fn = CLOUDFRONT_FUNCTIONS.find((f) => names[f] === u.Name)!;
      expect(u).toMatchObject({ IfMatch: 'E-DEV', FunctionConfig: config });
      expect(Buffer.from(u.FunctionCode!).toString()).toBe(
        readFileSync(functionCodePath(fn, target.outDir), 'utf8'),
      );
    }
    for (const c of cf.commandCalls(DescribeFunctionCommand))
      expect(c.args[0].input.Stage).toBe('DEVELOPMENT');
    const tests = cf.commandCalls(TestFunctionCommand).map((c) => c.args[0].input);
    expect(tests).toHaveLength(list.length);
    for (const t of tests)
      expect(t).toMatchObject({ Stage: 'DEVELOPMENT', IfMatch: 'E-NEW', Name: names[probeOf(t).fn] });
  });

  it('tests the DEVELOPMENT stage as deployed with --deployed', async () => {
    expect((await run(['--deployed'])).ok).toBe(true);
    expect(cf.commandCalls(UpdateFunctionCommand)).toHaveLength(0);
    for (const c of cf.commandCalls(TestFunctionCommand)) expect(c.args[0].input.IfMatch).toBe('E-DEV');
  });

  it.each([
    [
      'a different answer',
      {
        FunctionOutput: JSON.stringify({
          response: { statusCode: 302, headers: { location: { value: '/elsewhere/' } }, cookies: {} },
        }),
      },
      /location: .* ≠ "\/elsewhere\/"/,
    ],
    [
      'an exception',
      { FunctionErrorMessage: 'TypeError: x is not a function', FunctionOutput: undefined },
      /the function failed \(a 503 for the visitor\): TypeError/,
    ],
    [
      'a compute utilization at the limit',
      { ComputeUtilization: '71' },
      /compute utilization 71, at or over 71/,
    ],
    ['no compute utilization', { ComputeUtilization: undefined }, /compute utilization missing/],
  ])('fails a probe on %s, naming it', async (_, change, message) => {
    const first = list[0]!;
    cf.on(TestFunctionCommand).callsFake(async (input: TestFunctionCommandInput) => {
      const answer = await deployedAnswer('demo', probeOf(input));
      return { TestResult: probeOf(input) === first ? { ...answer, ...change } : answer };
    });
    const { ok, text } = await run();
    expect(ok).toBe(false);
    expect(text).toMatch(message);
    expect(text).toContain(`✗ viewer-request  ${first.name}`);
    expect(text).toContain(`${list.length - 1} of ${list.length} probes agree`);
  });

  it('refuses a configuration whose viewer runtime is Lambda@Edge, and bad arguments', async () => {
    await expect(main([], { site: fixture('demo'), outDir: target.outDir })).rejects.toThrow(
      "viewer.runtime is 'lambda-edge': test-function tests CloudFront Functions",
    );
    expect(() => parseArgs(['--max-utilization=0'])).toThrow(
      "unknown or bad argument, got: '--max-utilization=0'",
    );
    expect(parseArgs(['--deployed', '--max-utilization=50'])).toEqual({ deployed: true, maxUtilization: 50 });
  });

  it('reads the metrics of both runtimes’ lines alike (EMF and metric words)', () => {
    const id = 'Xk3v9Qm0aB7_cD-e';
    expect(metricsOf([metricLine('Conversions', ['x', 'a', 'g'], 1, id)])).toEqual(
      metricsOf([
        `U7b4hR_RaxMADupvKAvr8_m9gsGXvioUggLV5Oyq-vmAtH8HADpjhw== ${metricWords('Conversions', ['x', 'a', 'g'], id)}`,
      ]),
    );
  });
});
