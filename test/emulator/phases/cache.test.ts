/** The cache phase alone, with a counting fetch in place of origin + origin-response. */
import { gunzipSync } from 'node:zlib';
import type { BehaviorFacts } from '../../../edge-functions/config/cache-policy';
import { ResponseCache } from '../../../emulator/cache/store';
import { cachePhase, type Fetch } from '../../../emulator/phases/cache';
import { failure, type EdgeResponse } from '../../../emulator/types';
import { viewerRequest as viewerEvent, type RequestInput } from '../../support/events';
import { behaviorOf, bytesOf, edgeResponse, recordingLogger } from './support';

const PAGE = '<p>page</p>'.repeat(200);

function setup(
  behavior: BehaviorFacts,
  respond: () => EdgeResponse | ReturnType<typeof failure>,
  delayMs = 0,
) {
  const { logger, lines } = recordingLogger();
  let clock = 1_000_000;
  const step = { behavior, cache: new ResponseCache(1 << 20), inflight: new Map(), logger, now: () => clock };
  const counter = { calls: 0 };
  const fetch: Fetch = async () => {
    counter.calls++;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    return respond();
  };
  const request = (input: RequestInput = {}) =>
    cachePhase(step, viewerEvent({ uri: '/en/index.html', ...input }).Records[0]!.cf.request, fetch);
  return { request, counter, lines, step, tick: (ms: number) => (clock += ms) };
}
const html = (h = {}) =>
  edgeResponse(200, { 'Content-Type': 'text/html', 'Cache-Control': 'max-age=60', ...h }, PAGE);

describe('cachePhase', () => {
  it('misses, stores, then hits with the age of the entry', async () => {
    const { request, counter, tick } = setup(behaviorOf('*'), () => html());
    expect(await request()).toMatchObject({ kind: 'miss' });
    tick(5_500);
    expect(await request()).toMatchObject({ kind: 'hit', ageSeconds: 5 });
    expect(counter.calls).toBe(1);
  });

  it('fetches again once the TTL has passed', async () => {
    const { request, counter, tick } = setup(behaviorOf('*'), () => html());
    await request();
    tick(60_000);
    expect(await request()).toMatchObject({ kind: 'miss' });
    expect(counter.calls).toBe(2);
  });

  it.each(['POST', 'OPTIONS'])('never stores a %s, even where the behaviour caches', async (method) => {
    const { request, counter, step } = setup(behaviorOf('*'), () => html());
    await request({ method });
    await request({ method });
    expect(counter.calls).toBe(2);
    expect(step.cache.size).toBe(0);
  });

  it('stores nothing on a behaviour with caching disabled', async () => {
    const { request, counter, step } = setup(behaviorOf('/__edge/*'), () => html());
    await request({ uri: '/__edge/x' });
    await request({ uri: '/__edge/x' });
    expect(counter.calls).toBe(2);
    expect(step.cache.size).toBe(0);
  });

  it('hands an error outcome on without storing it', async () => {
    const { request, step } = setup(behaviorOf('*'), () => failure('E_LAMBDA_THROW', 'boom'));
    expect(await request()).toMatchObject({ kind: 'error', code: 'E_LAMBDA_THROW' });
    expect(step.cache.size).toBe(0);
  });

  it('stores and serves the compressed body under the gzip key, apart from identity', async () => {
    const { request, counter } = setup(behaviorOf('*'), () => html());
    const packed = await request({ headers: { 'Accept-Encoding': 'gzip' } });
    const hit = await request({ headers: { 'Accept-Encoding': 'gzip, deflate' } });
    const identity = await request();
    expect(packed.kind).toBe('miss');
    expect(hit.kind).toBe('hit');
    if (hit.kind !== 'hit' || identity.kind !== 'miss') throw new Error('unexpected outcome');
    expect(gunzipSync(bytesOf(hit.response.body)).toString()).toBe(PAGE);
    expect(identity.response.body.toString()).toBe(PAGE);
    expect(counter.calls).toBe(2);
  });

  it('collapses simultaneous misses where no cookie is forwarded', async () => {
    const { request, counter } = setup(behaviorOf('/assets/*'), () => html(), 30);
    const all = await Promise.all([1, 2, 3].map(() => request({ uri: '/assets/a.css' })));
    expect(all.map((o) => o.kind)).toEqual(['miss', 'hit', 'hit']);
    expect(counter.calls).toBe(1);
  });

  it('does not collapse where cookies are forwarded', async () => {
    const { request, counter } = setup(behaviorOf('*'), () => html(), 30);
    const all = await Promise.all([1, 2, 3].map(() => request()));
    expect(all.map((o) => o.kind)).toEqual(['miss', 'miss', 'miss']);
    expect(counter.calls).toBe(3);
  });

  it('stores without Set-Cookie under no-cache="Set-Cookie", and warns for an unkeyed stored cookie', async () => {
    const quiet = setup(behaviorOf('*'), () =>
      html({ 'Set-Cookie': 'a=1', 'Cache-Control': 'max-age=60, no-cache="Set-Cookie"' }),
    );
    expect(await quiet.request()).toMatchObject({
      kind: 'miss',
      response: { headers: { 'set-cookie': [{ value: 'a=1' }] } },
    });
    const hit = await quiet.request();
    expect(hit.kind).toBe('hit');
    expect(hit.kind === 'hit' ? hit.response.headers['set-cookie'] : 'not a hit').toBeUndefined();
    expect(quiet.lines).toEqual([]);
    const loud = setup(behaviorOf('*'), () => html({ 'Set-Cookie': 'a=1' }));
    await loud.request();
    expect(loud.lines).toEqual([
      expect.stringMatching(/^warning: E_SET_COOKIE_NOT_KEYED: .*'a' on \/en\/index\.html$/),
    ]);
  });
});
