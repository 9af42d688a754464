/**
 * Live control from the KeyValueStore (`shared/live.ts`): a valid `xp:<id>` entry is used, anything else
 * falls back to the baked experiment with a reason. The same hostile rows then run under Debian's `njs`
 * (the CloudFront Functions runtime's closest local relative) through the esbuild recipe the runtime's
 * bundles use, and must give the very same states.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import type { ExperimentConfig } from '../../edge-functions/config/schema';
import { KVS_MAX_VALUE_BYTES, MAX_LIVE_WEIGHT } from '../../edge-functions/cloudfront-functions/contract';
import { liveEntryOf, liveState, type LiveState } from '../../edge-functions/shared/live';

const experiment = (enabled: boolean, weights: number[]): ExperimentConfig => ({
  id: 'hero',
  enabled,
  paths: ['/'],
  variants: weights.map((weight, i) => ({ name: i === 0 ? 'control' : `v${i}`, weight })),
  control: 'control',
  cookieName: 'xp-hero',
  cookieMaxAgeSeconds: 86400,
  overrideParam: 'xp-hero',
});

const ON = experiment(true, [50, 50]);
const OFF = experiment(false, [50, 50]);
const THREE = experiment(true, [1, 2, 3]);

/** A value of exactly `length` characters that is otherwise a valid entry. */
const padded = (length: number): string => {
  const head = '{"on":true,"w":[1,1],"p":4,"x":"';
  return `${head}${'a'.repeat(length - head.length - 2)}"}`;
};

const bakedOn = (fallback: LiveState['fallback']): LiveState => ({
  enabled: true,
  weights: [50, 50],
  phase: 0,
  fallback,
});

type Row = [name: string, e: ExperimentConfig, raw: string | undefined, unreadable: boolean, want: LiveState];

const ROWS: Row[] = [
  [
    'a valid entry',
    ON,
    '{"on":true,"w":[70,30],"p":3}',
    false,
    { enabled: true, weights: [70, 30], phase: 3 },
  ],
  ['a stop', ON, '{"on":false,"w":[70,30],"p":4}', false, { enabled: false, weights: [70, 30], phase: 4 }],
  ['one arm at 0', ON, '{"on":true,"w":[0,5],"p":1}', false, { enabled: true, weights: [0, 5], phase: 1 }],
  [
    'three variants',
    THREE,
    '{"on":true,"w":[3,2,1],"p":2}',
    false,
    { enabled: true, weights: [3, 2, 1], phase: 2 },
  ],
  [
    'extra keys and whitespace',
    ON,
    ' {"p":2,"w":[1,2],"on":true,"v":9} ',
    false,
    { enabled: true, weights: [1, 2], phase: 2 },
  ],
  [
    'a duplicate key (the last wins)',
    ON,
    '{"on":true,"on":false,"w":[1,1],"p":1}',
    false,
    { enabled: false, weights: [1, 1], phase: 1 },
  ],
  [
    'on for a baked-disabled experiment',
    OFF,
    '{"on":true,"w":[1,1],"p":1}',
    false,
    { enabled: false, weights: [1, 1], phase: 1 },
  ],
  [
    'the largest weight',
    ON,
    `{"on":true,"w":[${MAX_LIVE_WEIGHT},0],"p":0}`,
    false,
    { enabled: true, weights: [MAX_LIVE_WEIGHT, 0], phase: 0 },
  ],
  [
    'the largest phase',
    ON,
    `{"on":true,"w":[1,1],"p":${Number.MAX_SAFE_INTEGER}}`,
    false,
    { enabled: true, weights: [1, 1], phase: Number.MAX_SAFE_INTEGER },
  ],
  [
    'exactly the byte limit',
    ON,
    padded(KVS_MAX_VALUE_BYTES),
    false,
    { enabled: true, weights: [1, 1], phase: 4 },
  ],
  ['a missing key', ON, undefined, false, bakedOn('missing')],
  [
    'a missing key, baked disabled',
    OFF,
    undefined,
    false,
    { enabled: false, weights: [50, 50], phase: 0, fallback: 'missing' },
  ],
  ['a read error', ON, '{"on":false,"w":[1,1],"p":9}', true, bakedOn('unreadable')],
  ['an empty value', ON, '', false, bakedOn('malformed')],
  ['not JSON', ON, 'on=true', false, bakedOn('malformed')],
  ['cut JSON', ON, '{"on":true,"w":[1,', false, bakedOn('malformed')],
  ['JSON null', ON, 'null', false, bakedOn('malformed')],
  ['a JSON array', ON, '[true,[1,1],1]', false, bakedOn('malformed')],
  ['a JSON string', ON, '"{\\"on\\":true}"', false, bakedOn('malformed')],
  ['a JSON number', ON, '1', false, bakedOn('malformed')],
  ['on as a string', ON, '{"on":"true","w":[1,1],"p":1}', false, bakedOn('malformed')],
  ['on as a number', ON, '{"on":1,"w":[1,1],"p":1}', false, bakedOn('malformed')],
  ['no on', ON, '{"w":[1,1],"p":1}', false, bakedOn('malformed')],
  ['too few weights', ON, '{"on":true,"w":[100],"p":1}', false, bakedOn('malformed')],
  ['too many weights', ON, '{"on":true,"w":[1,1,1],"p":1}', false, bakedOn('malformed')],
  ['weights as an object', ON, '{"on":true,"w":{"0":1,"1":1,"length":2},"p":1}', false, bakedOn('malformed')],
  ['weights as text', ON, '{"on":true,"w":"70,30","p":1}', false, bakedOn('malformed')],
  ['a weight as text', ON, '{"on":true,"w":["70",30],"p":1}', false, bakedOn('malformed')],
  ['a negative weight', ON, '{"on":true,"w":[-1,2],"p":1}', false, bakedOn('malformed')],
  ['a fractional weight', ON, '{"on":true,"w":[0.5,0.5],"p":1}', false, bakedOn('malformed')],
  [
    'a weight over the limit',
    ON,
    `{"on":true,"w":[${MAX_LIVE_WEIGHT + 1},1],"p":1}`,
    false,
    bakedOn('malformed'),
  ],
  ['an infinite weight', ON, '{"on":true,"w":[1e999,1],"p":1}', false, bakedOn('malformed')],
  ['a null weight', ON, '{"on":true,"w":[null,1],"p":1}', false, bakedOn('malformed')],
  ['all weights 0', ON, '{"on":true,"w":[0,0],"p":1}', false, bakedOn('malformed')],
  ['no phase', ON, '{"on":true,"w":[1,1]}', false, bakedOn('malformed')],
  ['a negative phase', ON, '{"on":true,"w":[1,1],"p":-1}', false, bakedOn('malformed')],
  ['a fractional phase', ON, '{"on":true,"w":[1,1],"p":1.5}', false, bakedOn('malformed')],
  ['a phase as text', ON, '{"on":true,"w":[1,1],"p":"2"}', false, bakedOn('malformed')],
  ['an unsafe phase', ON, '{"on":true,"w":[1,1],"p":9007199254740992}', false, bakedOn('malformed')],
  ['a __proto__ key', ON, '{"__proto__":{"on":true,"w":[1,1],"p":1}}', false, bakedOn('malformed')],
  ['one byte over the limit', ON, padded(KVS_MAX_VALUE_BYTES + 1), false, bakedOn('malformed')],
  [
    'a huge value',
    ON,
    `{"on":true,"w":[1,1],"p":1,"x":"${'a'.repeat(100_000)}"}`,
    false,
    bakedOn('malformed'),
  ],
];

describe('liveState', () => {
  it.each(ROWS)('%s', (_, e, raw, unreadable, want) => {
    expect(liveState(e, raw, unreadable)).toEqual(want);
  });

  it('never hands out the configuration itself: changing the result changes no baked weight', () => {
    const state = liveState(ON, undefined);
    (state.weights as number[])[0] = 99;
    expect(ON.variants[0]!.weight).toBe(50);
  });
});

describe('liveEntryOf (what the experiments command validates before writing)', () => {
  it('accepts what liveState uses and nothing else', () => {
    expect(liveEntryOf(ON, { on: true, w: [1, 0], p: 0 })).toEqual({ on: true, w: [1, 0], p: 0 });
    expect(liveEntryOf(ON, { on: true, w: [1, 0], p: 0, t: 5 })).toEqual({ on: true, w: [1, 0], p: 0 });
    expect(liveEntryOf(ON, { on: true, w: [NaN, 1], p: 0 })).toBeUndefined();
    expect(liveEntryOf(ON, undefined)).toBeUndefined();
  });
});

const njs = ['/usr/bin/njs', '/usr/local/bin/njs'].find((p) => existsSync(p));
if (!njs)
  console.warn('njs is not installed (apt-get install -y njs): the njs half of live.test.ts is SKIPPED');

(njs ? describe : describe.skip)('liveState under njs, bundled as for CloudFront Functions', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'live-njs-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives every row the same state as under Node', () => {
    const entry = path.join(dir, 'entry.ts');
    const live = path.resolve(__dirname, '../../edge-functions/shared/live');
    const rows = ROWS.map(([name, e, raw, unreadable]) => ({ name, e, raw, unreadable }));
    writeFileSync(
      entry,
      `import { liveState } from ${JSON.stringify(live)};
const rows = ${JSON.stringify(rows)};
for (var i = 0; i < rows.length; i++)
  console.log(JSON.stringify(liveState(rows[i].e, rows[i].raw, rows[i].unreadable)));\n`,
    );
    // The runtime's build recipe (../shared/reference/cloudfront-functions.md §4).
    const built = buildSync({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: 'esm',
      target: 'es5',
      platform: 'neutral',
      supported: {
        'const-and-let': true,
        arrow: true,
        'template-literal': true,
        'rest-argument': true,
        'exponent-operator': true,
        'regexp-named-capture-groups': true,
        'async-await': true,
      },
      logLevel: 'silent',
    });
    const script = path.join(dir, 'run.js');
    writeFileSync(script, built.outputFiles[0]!.text);
    // One line per row: njs 0.7.9 cuts a console.log line at 2,048 bytes.
    const printed = execFileSync(njs!, [script], { encoding: 'utf8' }).trim().split('\n');
    expect(printed.map((line) => JSON.parse(line))).toEqual(
      ROWS.map(([, e, raw, unreadable]) => liveState(e, raw, unreadable)),
    );
  });
});
