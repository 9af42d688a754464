/**
 * CloudFront Functions under njs with the runtime's restrictions: what a function may and may not use, how
 * a call fails, the `cloudfront` module over a store, and many events over several processes.
 */
import { FUNCTION_MEMORY_LIMIT, type KvsData } from '../../edge-functions/cloudfront-functions/contract';
import { runBatch, runOne, type NjsCallReport } from '../../emulator/njs';
import { describeNjs, fixtureFunction, functionEvent, type FixtureFunction } from './support';

const EMPTY: KvsData = { data: [] };
const one = (name: FixtureFunction, event = functionEvent(), store = EMPTY) =>
  runOne(fixtureFunction(name), event, store);
const resultOf = (r: NjsCallReport) => {
  if (r.outcome.kind !== 'result') throw new Error(`expected a result, got ${JSON.stringify(r.outcome)}`);
  return r.outcome.result as any;
};

describeNjs('a CloudFront Function under njs', () => {
  it('forwards the request it returns, with the URI it rewrote', async () => {
    const r = await one('rewrite', functionEvent({ uri: '/docs/' }));
    expect(resultOf(r)).toMatchObject({ method: 'GET', uri: '/docs/index.html' });
  });

  it('returns a generated response with its numeric status, headers and cookies', async () => {
    const r = await one('redirect', functionEvent({ rawQueryString: 'a=1&b' }));
    expect(resultOf(r)).toEqual({
      statusCode: 302,
      statusDescription: 'Found',
      headers: { location: { value: '/en/?a=1&b' }, 'cache-control': { value: 'no-store' } },
      cookies: { seen: { value: '1', attributes: 'Path=/; Secure' } },
    });
  });

  it('sees what the runtime offers and nothing njs adds: no timers, process, require, print, njs or new Function', async () => {
    const body = JSON.parse(resultOf(await one('probe')).body);
    expect(body.kinds).toEqual({
      setTimeout: 'undefined',
      setImmediate: 'undefined',
      clearTimeout: 'undefined',
      process: 'undefined',
      require: 'undefined',
      print: 'undefined',
      njs: 'undefined',
      Function: 'function',
    });
    expect(body.dynamic).toBe('TypeError');
    expect(body.hash).toBe('2d711642');
  });

  it('freezes Date at the call’s start, per call, and feeds Math.random the chosen draws', async () => {
    const events = [functionEvent({ uri: '/a' }), functionEvent({ uri: '/b' })];
    const reports = await runBatch(fixtureFunction('probe'), events, EMPTY, {
      now: (i) => Date.UTC(2030, 0, 1 + i),
      random: (i) => [0.5, i / 10],
    });
    const bodies = reports.map((r) => JSON.parse(resultOf(r).body));
    expect(bodies.map((b) => b.now)).toEqual([Date.UTC(2030, 0, 1), Date.UTC(2030, 0, 2)]);
    expect(bodies.every((b) => b.stillNow && b.dateString && b.built && b.spin)).toBe(true);
    expect(bodies.map((b) => b.random)).toEqual([
      [0.5, 0, 0.5],
      [0.5, 0.1, 0.5],
    ]);
  });

  it.each<[string, string | undefined]>([
    ['the raw query string', 'b=2&a=%20'],
    ['an empty string for a bare ?', ''],
    ['undefined without ?', undefined],
  ])('gives rawQueryString() %s', async (_n, raw) => {
    const body = JSON.parse(resultOf(await one('probe', functionEvent({ rawQueryString: raw }))).body);
    expect(body.raw).toBe(raw);
  });

  it('keeps what the call logged, one line per console.log', async () => {
    const r = await one('probe', functionEvent({ uri: '/logged' }));
    expect(r.logs).toEqual(['probe /logged']);
  });

  it.each<[FixtureFunction, string, RegExp]>([
    ['throws', 'throw', /^TypeError: cannot read \/$/],
    ['console-two', 'throw', /console\.log\(\) takes exactly one argument, got 2/],
    ['timer', 'throw', /^ReferenceError: "setTimeout" is not defined/],
    ['hang', 'unsettled', /never settled/],
    ['memory', 'memory', new RegExp(`limit is ${FUNCTION_MEMORY_LIMIT}`)],
    ['export', 'load', /^SyntaxError: Illegal export statement in export\.js:2$/],
  ])('fails a call of %s as %s', async (name, reason, message) => {
    const { outcome } = await one(name);
    expect(outcome).toMatchObject({ kind: 'error', reason });
    if (outcome.kind === 'error') expect(outcome.message).toMatch(message);
  });

  it('flags a result CloudFront refuses, with the validator’s violations', async () => {
    const { outcome } = await one('invalid-status');
    expect(outcome).toMatchObject({ kind: 'invalid', violations: [{ code: 'E_STATUS' }] });
  });

  it('reads the KeyValueStore through the cloudfront module: get as JSON, exists, meta', async () => {
    const store = { data: [{ key: 'xp:home-hero', value: '{"on":true,"w":[70,30],"p":1}' }] };
    const r = await one('kvs', functionEvent(), store);
    expect(resultOf(r)).toMatchObject({
      statusCode: 200,
      headers: { 'x-kvs': { value: 'on:70,30;exists=true;keys=1' } },
    });
  });

  it('rejects get() for a missing key, as the real store does', async () => {
    const r = await one('kvs', functionEvent(), { data: [{ key: 'other', value: 'x' }] });
    expect(resultOf(r).headers['x-kvs']).toEqual({ value: 'missing;exists=false;keys=1' });
  });

  it('answers every event of a batch, in order, over several processes', async () => {
    const events = Array.from({ length: 45 }, (_e, i) => functionEvent({ uri: `/p${i}/` }));
    const reports = await runBatch(fixtureFunction('rewrite'), events, EMPTY, {
      batchSize: 10,
      processes: 2,
    });
    expect(reports.map((r) => resultOf(r).uri)).toEqual(events.map((_e, i) => `/p${i}/index.html`));
    expect(reports.every((r) => r.memoryBytes >= 0 && r.memoryBytes < FUNCTION_MEMORY_LIMIT)).toBe(true);
  });

  it('goes on in a new process when a call fills the VM’s heap, losing no event', async () => {
    const events = ['/a', '/b', '/c'].map((uri) => functionEvent({ uri }));
    const reports = await runBatch(fixtureFunction('memory'), events, EMPTY);
    expect(reports.map((r) => r.outcome.kind === 'error' && r.outcome.reason)).toEqual([
      'memory',
      'memory',
      'memory',
    ]);
    expect(reports.every((r) => r.memoryBytes > FUNCTION_MEMORY_LIMIT)).toBe(true);
  });

  it('loses only the call that crashes njs, and only the call that stalls', async () => {
    const uris = ['/a', '/crash', '/b', '/c'];
    const crash = await runBatch(
      fixtureFunction('crash'),
      uris.map((uri) => functionEvent({ uri })),
      EMPTY,
    );
    expect(crash.map((r) => (r.outcome.kind === 'error' ? r.outcome.reason : resultOf(r).uri))).toEqual([
      '/a',
      'crash',
      '/b',
      '/c',
    ]);
    const spin = await runBatch(
      fixtureFunction('spin'),
      ['/a', '/spin', '/b'].map((uri) => functionEvent({ uri })),
      EMPTY,
      { callTimeoutMs: 300 },
    );
    expect(spin.map((r) => (r.outcome.kind === 'error' ? r.outcome.reason : resultOf(r).uri))).toEqual([
      '/a',
      'compute',
      '/b',
    ]);
  });
});
