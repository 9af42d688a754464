import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { main, reportConfigOf, type CliIo } from '../../report/cli';
import { fixture, FIXTURES } from '../support/fixtures';
import { parseDuration } from '../../report/args';
import { armLines, CONTROLS, CONTROLS_SHOWN, conversion, enrollment, HERO, RAW_CONTROL } from './fixtures';

const LINES = [
  ...armLines('hero', 'control', 2000, { cta: 100 }),
  ...armLines('hero', 'bold', 2000, { cta: 150 }),
  'END RequestId: 1',
  '{"Experiment":"hero"',
];

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(path.join(tmpdir(), 'report-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function run(argv: string[], extra: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { isTTY: false, write: (t: string) => err.push(t) },
    config: HERO,
    ...extra,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('npm run report', () => {
  it('explains how to get logs when .cloudfront/logs/ is absent', async () => {
    const r = await run([], { cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no logs at .cloudfront/logs/');
    expect(r.stderr).toContain('npm start');
    expect(r.stdout).toBe('');
  });

  it('reads .cloudfront/logs/*.log by default and prints the table', async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, '.cloudfront', 'logs'), { recursive: true });
    writeFileSync(path.join(cwd, '.cloudfront', 'logs', 'viewer-request.log'), LINES.join('\n'));
    const r = await run([], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('sample ratio: OK');
    expect(r.stdout).toMatch(/bold +1 +2,000 +150 +7\.50%/);
    expect(r.stdout).toContain('→ bold: beats control: +2.50 pp');
    expect(r.stdout).toContain('1 malformed (skipped)');
  });

  it('prints JSON with --json, from stdin with --logs -', async () => {
    const r = await run(['--logs', '-', '--json'], { stdin: Readable.from([LINES.join('\n')]) });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.skippedLines).toBe(1);
    expect(json.experiments[0].variants[1].goals.cta.conversions).toBe(150);
    expect(json.method).toBe('fixed-horizon');
  });

  it('switches to always-valid inference with --sequential', async () => {
    const file = path.join(tempDir(), 'x.log');
    writeFileSync(file, LINES.join('\n'));
    const fixed = JSON.parse((await run(['--logs', file, '--json'])).stdout);
    const seq = JSON.parse((await run(['--logs', file, '--json', '--sequential'])).stdout);
    expect(seq.method).toBe('sequential');
    const ci = (j: any) => j.experiments[0].variants[1].goals.cta.uplift.absCi;
    expect(ci(seq)[0]).toBeLessThan(ci(fixed)[0]);
  });

  it('sums CloudWatch with --cloudwatch --since through the SDK (stubbed)', async () => {
    const cw = mockClient(CloudWatchClient);
    cw.on(ListMetricsCommand, { MetricName: 'Enrollments' }).resolves({
      Metrics: [
        {
          MetricName: 'Enrollments',
          Dimensions: [
            { Name: 'Experiment', Value: 'hero' },
            { Name: 'Variant', Value: 'bold' },
          ],
        },
      ],
    });
    cw.on(ListMetricsCommand, { MetricName: 'Conversions' }).resolves({ Metrics: [] });
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'm0', Values: [2, 3] }] });
    const r = await run(['--cloudwatch', '--since', '36h', '--json']);
    cw.restore();
    expect(r.code).toBe(0);
    // 13 Regions × 5 visitors each.
    expect(JSON.parse(r.stdout).experiments[0].variants[1].enrolled).toBe(65);
    expect(r.stderr).toContain('13 Regions');
  });

  it.each([
    [['--nope'], /Unknown option '--nope'/],
    [['--logs', 'a', '--cloudwatch'], /either --logs or --cloudwatch/],
    [['--since', '7d'], /--since applies to --cloudwatch/],
    [['--cloudwatch', '--since', 'soon'], /not a duration/],
    [['--cloudwatch', '--since', '0d'], /not a duration/],
    [['--logs'], /argument missing/],
    [['extra'], /positional/],
  ])('rejects %j with usage', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('Usage: npm run report');
  });

  it('prints usage for --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--sequential');
  });

  it('reports the other files and warns on stderr, exit code 0, when a .gz is corrupt', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'viewer-request.log'), LINES.join('\n'));
    writeFileSync(path.join(dir, '000000.gz'), Buffer.from('garbage, not gzip'));
    const table = await run(['--logs', dir]);
    expect(table.code).toBe(0);
    expect(table.stderr).toContain(
      `report: warning: ${path.join(dir, '000000.gz')}: skipped, unreadable (incorrect header check)\n`,
    );
    expect(table.stdout).toMatch(/bold +1 +2,000 +150 +7\.50%/);
    const json = await run(['--logs', dir, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).input.warnings).toEqual([
      `${path.join(dir, '000000.gz')}: skipped, unreadable (incorrect header check)`,
    ]);
  });

  it('prints names and file names from the logs with their control characters escaped', async () => {
    const dir = tempDir();
    const hostile = `${CONTROLS}\u202e`;
    writeFileSync(
      path.join(dir, 'a.log'),
      `${enrollment(hostile, 'v')}\n${conversion('hero', 'bold', hostile)}\n`,
    );
    // A file name can hold any byte but NUL and "/".
    const fileName = `bad${CONTROLS.replace('\0', '')}.gz`;
    writeFileSync(path.join(dir, fileName), 'not gzip');
    const table = await run(['--logs', dir]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`experiment "${CONTROLS_SHOWN}\\u202e"`);
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    expect(table.stderr).toContain(`bad${CONTROLS_SHOWN.replace('\\u0000', '')}.gz`);
    expect(table.stderr).not.toMatch(RAW_CONTROL);
    const json = await run(['--logs', dir, '--json']);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(json.stdout).unconfigured).toEqual([`experiment "${hostile}"`, `goal "${hostile}"`]);
  });

  it('fails with a message, not a stack, on an unreadable path', async () => {
    const r = await run(['--logs', path.join(tempDir(), 'missing.log')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^report: ENOENT/);
  });
});

describe('configuration and durations', () => {
  it.each(FIXTURES)("takes the %s fixture's experiments and goals from its configuration", (name) => {
    const { config } = fixture(name);
    expect(reportConfigOf(config)).toEqual({
      experiments: config.experiments.list,
      goals: config.experiments.goals,
    });
  });

  it.each([
    ['90m', 90 * 60_000],
    ['36h', 36 * 3600_000],
    ['7d', 7 * 86400_000],
    ['2w', 14 * 86400_000],
    ['1.5d', 1.5 * 86400_000],
  ])('parses %p', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '7', 'd', '-1d', '7x', '456d', '1e3d'])('rejects %p', (text) => {
    expect(() => parseDuration(text)).toThrow(/--since/);
  });
});
