/**
 * The CloudFront Functions adapter's passes (`cloudfront-functions/run.ts`): a decision names the store keys it
 * lacks, the handler reads them, the next pass decides with them; an experiment whose live entry is missing
 * or malformed falls back to its baked values with one warning line per request, however often it is read.
 */
import { decide, start, withLive, type Run } from '../../edge-functions/cloudfront-functions/run';
import type { ViewerConfig } from '../../edge-functions/config/resolve';
import type { ExperimentConfig } from '../../edge-functions/config/schema';
import type { Decision, ViewerRequestDeps } from '../../edge-functions/viewer-request/decide';

const experiment = {
  id: 'hero',
  enabled: true,
  variants: [
    { name: 'control', weight: 1 },
    { name: 'bold', weight: 3 },
  ],
} as unknown as ExperimentConfig;
const config = { securityHeaderList: [], experimentCookieNames: [] } as unknown as ViewerConfig;
const event = { request: { method: 'GET', uri: '/en/', querystring: {}, headers: {}, cookies: {} } };

/** A decision that reads the experiment's live state twice and forwards. */
const seen: unknown[] = [];
const twice = (_r: unknown, deps: ViewerRequestDeps): Decision => {
  seen.push(deps.live!(experiment), deps.live!(experiment));
  return { kind: 'forward', uri: '/en/index.html' };
};
const pass = (run: Run) => decide(config, run, twice, [withLive]);

beforeEach(() => void seen.splice(0));

describe('the CloudFront Functions adapter', () => {
  it('asks for the live entry first, then decides with it once read', () => {
    const run = start(event as never);
    expect(pass(run)).toEqual(['xp:hero']);
    run.values['xp:hero'] = '{"on":true,"w":[0,1],"p":3}';
    expect(pass(run)).toEqual([]);
    expect(seen.at(-1)).toEqual({ enabled: true, weights: [0, 1], phase: 3 });
    expect(run.lines).toEqual([]);
  });

  it.each([
    ['missing', null],
    ['unreadable', false],
    ['malformed', '{"on":"yes"}'],
  ] as const)('falls back to the baked values with one warning line when the entry is %s', (why, value) => {
    const run = start(event as never);
    pass(run);
    run.values['xp:hero'] = value;
    expect(pass(run)).toEqual([]);
    expect(seen.at(-1)).toEqual({ enabled: true, weights: [1, 3], phase: 0, fallback: why });
    expect(run.lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({ level: 'warn', code: 'W_KVS', message: `xp:hero ${why}` }),
    ]);
  });
});
