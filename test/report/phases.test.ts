/**
 * The report and phases: one phase analysed at a time (the latest with enrollments by default, `--phase` to
 * pick), each checked against the weights it ran with, a conversion counted in its enrollment's phase,
 * other phases named with their totals. Every line is written by `metricLine` (shared/log.ts), as the
 * edge writes them; CloudWatch's sums come from a stubbed SDK.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  ListMetricsCommand,
  type GetMetricDataCommandInput,
  type Metric,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudFrontKeyValueStoreClient,
  DescribeKeyValueStoreCommand,
  GetKeyCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import { mockClient } from 'aws-sdk-client-mock';
import { storeText } from '../../edge-functions/build/kvs-seed';
import { metricLine } from '../../edge-functions/shared/log';
import { analyse } from '../../report/analyse';
import { main } from '../../report/cli';
import { readCloudWatch } from '../../report/input/cloudwatch';
import { Ingest } from '../../report/input/ingest';
import { renderReportPage } from '../../report/page';
import { renderTable } from '../../report/format/table';
import { configurationWeights, storeWeights } from '../../report/phases';
import type { ExperimentResult } from '../../report/types';
import { HERO } from './fixtures';

let minted = 0;
const newId = (): string => `p${String(++minted).padStart(15, '0')}`;

/** `n` enrollments in one arm and phase, then `c` conversions of the first of them; their lines. */
function arm(variant: string, phase: number, n: number, c = 0, convertedIn = phase): string[] {
  const ids = Array.from({ length: n }, newId);
  return [
    ...ids.map((id) => metricLine('Enrollments', ['hero', variant], 1, id, phase)),
    ...ids.slice(0, c).map((id) => metricLine('Conversions', ['hero', variant, 'cta'], 2, id, convertedIn)),
  ];
}

/** Phase 0 at 50/50 (edge.config.ts); phase 2 at 80/20 after a re-weight. */
const LINES = [
  ...arm('control', 0, 500, 40),
  ...arm('bold', 0, 500, 60),
  // Enrolled in phase 0, converted after the re-weight: the beacon's line says phase 2.
  ...arm('bold', 0, 20, 20, 2),
  ...arm('control', 2, 800, 40),
  ...arm('bold', 2, 200, 30),
];

/** The store's phase history of `hero`, as `npm run experiments` writes it. */
const HISTORY = new Map([
  [
    'xh:hero',
    JSON.stringify([
      { on: true, w: [1, 1], p: 0 },
      { on: true, w: [80, 20], p: 2, t: 5 },
    ]),
  ],
]);

function ingest(lines: readonly string[]): Ingest {
  const i = new Ingest(HERO);
  lines.forEach((l) => i.line(l));
  i.finish();
  return i;
}

const only = (r: { experiments: readonly ExperimentResult[] }): ExperimentResult => r.experiments[0]!;

describe('the report, one phase at a time', () => {
  it('analyses the latest phase with enrollments against its own weights, and names the others', () => {
    const e = only(analyse(ingest(LINES).counts, HERO, { phaseWeights: storeWeights(HISTORY) }));
    expect(e).toMatchObject({ phase: 2, weightsFrom: 'store', srm: { mismatch: false } });
    expect(e.srm.pValue).toBe(1);
    expect(e.variants.map((v) => [v.name, v.weight, v.enrolled, v.goals.cta!.conversions])).toEqual([
      ['control', 80, 800, 40],
      ['bold', 20, 200, 30],
    ]);
    expect(e.phases).toEqual([
      { phase: 0, enrolled: 1020, conversions: 120, srm: expect.objectContaining({ mismatch: false }) },
      { phase: 2, enrolled: 1000, conversions: 70, srm: expect.objectContaining({ pValue: 1 }) },
    ]);
  });

  it("counts a conversion in its enrollment's phase, whatever phase its own line says", () => {
    const e = only(analyse(ingest(LINES).counts, HERO, { phase: () => 0 }));
    expect(e.phase).toBe(0);
    expect(e.weightsFrom).toBe('configuration');
    expect(e.variants[1]).toMatchObject({ weight: 1, enrolled: 520, goals: { cta: { conversions: 80 } } });
    // Read in the other order (the conversion before its enrollment): the same counts.
    const reversed = only(analyse(ingest([...LINES].reverse()).counts, HERO, { phase: () => 0 }));
    expect(reversed.variants).toEqual(e.variants);
  });

  it('reads lines without a phase, from before phases, as phase 0', () => {
    const old = [...arm('control', 0, 30), ...arm('bold', 0, 30)];
    expect(old.some((l) => l.includes('Phase'))).toBe(false);
    const e = only(analyse(ingest(old).counts, HERO));
    expect(e).toMatchObject({ phase: 0, phases: [{ phase: 0, enrolled: 60 }] });
  });

  it('gives no verdict for a phase whose weights are unknown, rather than check it against the wrong ones', () => {
    const e = only(analyse(ingest(LINES).counts, HERO, { phaseWeights: configurationWeights }));
    expect(e).toMatchObject({ phase: 2, weightsFrom: null, srm: { pValue: null, mismatch: false } });
    expect(e.variants.map((v) => v.weight)).toEqual([null, null]);
    expect(e.variants[1]!.goals.cta!.verdict).toMatch(/^no verdict: the weights of phase 2 are unknown/);
    // Against edge.config.ts's 50/50, an honest 80/20 phase would look broken.
    const wrong = only(
      analyse(ingest(LINES).counts, HERO, { phaseWeights: (x) => configurationWeights(x, 0) }),
    );
    expect(wrong.srm.mismatch).toBe(true);
  });

  it('checks each phase for itself: a broken phase is flagged while the shown one is fine', () => {
    const lines = [...LINES, ...arm('control', 1, 300), ...arm('bold', 1, 100)];
    const history = new Map([
      [
        'xh:hero',
        JSON.stringify([
          { on: true, w: [1, 1], p: 1 },
          { on: true, w: [80, 20], p: 2 },
        ]),
      ],
    ]);
    const e = only(analyse(ingest(lines).counts, HERO, { phaseWeights: storeWeights(history) }));
    expect(e.phase).toBe(2);
    expect(e.phases.find((p) => p.phase === 1)!.srm!.mismatch).toBe(true);
    expect(e.srm.mismatch).toBe(false);
  });

  it('leaves an arm of weight 0 out of the check and the comparison, unless it has visitors', () => {
    const history = new Map([['xh:hero', JSON.stringify([{ on: true, w: [1, 0], p: 3 }])]]);
    const phase3 = arm('control', 3, 400, 30);
    const e = only(analyse(ingest(phase3).counts, HERO, { phaseWeights: storeWeights(history) }));
    expect(e.srm).toEqual({ pValue: null, chiSquare: null, mismatch: false });
    expect(e.variants[1]!.goals.cta!.verdict).toBe('no comparison: bold has weight 0 in phase 3');
    const leaked = only(
      analyse(ingest([...phase3, ...arm('bold', 3, 1)]).counts, HERO, {
        phaseWeights: storeWeights(history),
      }),
    );
    expect(leaked.srm).toMatchObject({ pValue: 0, mismatch: true });
  });

  it('says in the table and on the page which phase is shown and what the others hold', () => {
    const report = analyse(ingest(LINES).counts, HERO, { phaseWeights: storeWeights(HISTORY) });
    const expected =
      "Phase 2 (weights from the store's phase history). Other phases, not included: 0 (1,020 enrolled, 120 conversions, sample ratio OK). Pick one with --phase hero=<n>.";
    expect(renderTable(report)).toContain(`\n  ${expected}\n`);
    expect(renderReportPage(report)).toContain(
      '<p class="phase">Phase 2 (weights from the store&#39;s phase history). Other phases, not included: 0 (1,020 enrolled',
    );
  });
});

describe('npm run report -- --phase', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function run(argv: string[], lines = LINES, extra = {}) {
    const dir = mkdtempSync(path.join(tmpdir(), 'report-phases-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'viewer-request.log'), `${lines.join('\n')}\n`);
    const store = path.join(dir, 'kvs.json');
    writeFileSync(store, storeText([...HISTORY].map(([key, value]) => ({ key, value }))));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      cwd: dir,
      config: HERO,
      localStoreFile: store,
      ...extra,
    });
    return { code, stdout: out.join(''), stderr: err.join(''), dir };
  }

  it('reads the local store beside the default logs for the weights, and shows the latest phase', async () => {
    // The default source is .cloudfront/logs under the working folder.
    const dir = mkdtempSync(path.join(tmpdir(), 'report-phases-'));
    dirs.push(dir);
    const logs = path.join(dir, '.cloudfront', 'logs');
    mkdirSync(logs, { recursive: true });
    writeFileSync(path.join(logs, 'viewer-request.log'), `${LINES.join('\n')}\n`);
    const store = path.join(dir, 'kvs.json');
    writeFileSync(store, storeText([...HISTORY].map(([key, value]) => ({ key, value }))));
    const out: string[] = [];
    const code = await main(['--json'], {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: () => 0 },
      cwd: dir,
      config: HERO,
      localStoreFile: store,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ experiments: [{ phase: 2, weightsFrom: 'store' }] });
  });

  it.each([
    [['--phase', '0'], 0],
    [['--phase', 'hero=0'], 0],
    [['--phase', '0', '--phase', 'hero=2'], 2],
  ])('%j shows phase %i', async (flags, phase) => {
    const { code, stdout } = await run(['--logs', 'viewer-request.log', '--json', ...flags]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).experiments[0].phase).toBe(phase);
  });

  it('shows a phase without data as such', async () => {
    const { stdout } = await run(['--logs', 'viewer-request.log', '--phase', '7']);
    expect(stdout).toContain('Phase 7 (weights unknown, no data). Other phases, not included: 0 (');
  });

  it.each([
    [['--phase', 'two'], 2, "--phase takes <n> or <experiment id>=<n> with n a whole number, got: 'two'"],
    [['--phase=-1'], 2, "got: '-1'"],
    [
      ['--phase', 'nope=1'],
      1,
      "--phase: no experiment 'nope' in the configuration, got: 'nope'; use one of: hero",
    ],
    [['--kvs', 'x', '--remote'], 2, 'use either --kvs <arn> or --remote'],
  ])('refuses %j', async (argv, code, message) => {
    const r = await run(['--logs', 'viewer-request.log', ...argv]);
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(message);
  });

  it('reads the weights from the deployed store with --kvs, for exported logs', async () => {
    const kvs = mockClient(CloudFrontKeyValueStoreClient);
    kvs.on(DescribeKeyValueStoreCommand).resolves({ ETag: 'E1' });
    kvs.on(GetKeyCommand).callsFake(async ({ Key }) => ({ Key, Value: HISTORY.get(Key!) }));
    const arn = 'arn:aws:cloudfront::123456789012:key-value-store/abc';
    const { code, stdout } = await run(['--logs', 'viewer-request.log', '--json', '--kvs', arn]);
    kvs.restore();
    expect(code).toBe(0);
    expect(JSON.parse(stdout).experiments[0]).toMatchObject({ phase: 2, weightsFrom: 'store' });
    // Without it, exported logs never borrow the local store's history: phase 2's weights are unknown.
    const { stdout: without } = await run(['--logs', 'viewer-request.log', '--json']);
    expect(JSON.parse(without).experiments[0]).toMatchObject({ phase: 2, weightsFrom: null });
  });
});

describe('--cloudwatch and phases', () => {
  const cw = mockClient(CloudWatchClient);
  afterAll(() => cw.restore());

  const metric = (name: string, dims: Record<string, string>): Metric => ({
    Namespace: 'EdgePersonalisation',
    MetricName: name,
    Dimensions: Object.entries(dims).map(([Name, Value]) => ({ Name, Value })),
  });
  /** The all-phases series hold every line; each later phase's series its own (log-schema.ts). */
  const SUMS: [Metric, number][] = [
    [metric('Enrollments', { Experiment: 'hero', Variant: 'control' }), 1300],
    [metric('Enrollments', { Experiment: 'hero', Variant: 'bold' }), 720],
    [metric('Enrollments', { Experiment: 'hero', Variant: 'control', Phase: '2' }), 800],
    [metric('Enrollments', { Experiment: 'hero', Variant: 'bold', Phase: '2' }), 200],
    [metric('Conversions', { Experiment: 'hero', Variant: 'bold', Goal: 'cta' }), 110],
    [metric('Conversions', { Experiment: 'hero', Variant: 'bold', Goal: 'cta', Phase: '2' }), 50],
  ];

  it('takes each later phase from its own series and phase 0 as what they leave of the all-phases sum', async () => {
    cw.on(ListMetricsCommand).callsFake(async ({ MetricName }) => ({
      Metrics: SUMS.map(([m]) => m).filter((m) => m.MetricName === MetricName),
    }));
    cw.on(GetMetricDataCommand).callsFake(async ({ MetricDataQueries }: GetMetricDataCommandInput) => ({
      MetricDataResults: MetricDataQueries!.map((q) => ({
        Id: q.Id,
        Values: [SUMS.find(([m]) => JSON.stringify(m) === JSON.stringify(q.MetricStat!.Metric))![1]],
      })),
    }));
    const { counts } = await readCloudWatch({ sinceMs: 86400_000, regions: ['us-east-1'] });
    expect(counts.phases('hero')).toEqual([
      { phase: 0, enrolled: 1020, conversions: 60 },
      { phase: 2, enrolled: 1000, conversions: 50 },
    ]);
    expect(counts.get('hero', 'bold', 2).enrolled).toBe(200);
    expect(counts.get('hero', 'control', 0).enrolled).toBe(500);
  });
});
