import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { listFiles, readLogs } from '../../report/input/read';
import { PLAIN_STEP_BYTES, Progress } from '../../report/input/progress';
import { reportFromLogs } from '../../report';
import { conversion, enrollment, enrollmentId, experiment, lambdaPrefix } from './fixtures';

const sink = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, isTTY, write: (t: string) => out.push(t) };
};

const made: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-logs-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tree(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, 'export', 'stream'), { recursive: true });
  writeFileSync(path.join(dir, 'viewer-request.log'), `${enrollment('x', 'a')}\n${enrollment('x', 'b')}\r\n`);
  writeFileSync(path.join(dir, 'notes.md'), enrollment('x', 'a'));
  writeFileSync(
    path.join(dir, 'export', 'stream', '000000.gz'),
    gzipSync(`2026-11-25T04:00:00.000Z ${lambdaPrefix(conversion('x', 'a', 'g'))}\n`),
  );
  writeFileSync(
    path.join(dir, 'page.json'),
    JSON.stringify({ events: [{ message: enrollment('x', 'a') }] }, null, 4),
  );
  return dir;
}

describe('readLogs', () => {
  it('reads a folder recursively: .log, CRLF, pretty JSON pages and gzipped exports, nothing else', async () => {
    const dir = tree();
    const ingest = await readLogs(dir, { progress: sink(false) });
    expect(ingest.counts.get('x', 'a').enrolled).toBe(2);
    expect(ingest.counts.get('x', 'b').enrolled).toBe(1);
    expect(ingest.counts.get('x', 'a').conversions('g')).toBe(1);
    expect(ingest.summary).toEqual({
      entries: 4,
      records: 4,
      ignored: 0,
      malformed: 0,
      unverified: 0,
      duplicates: 0,
      warnings: [],
    });
  });

  it('closes a JSON document cut at the end of one file before reading the next', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.log'), '{\n    "events": [\n');
    writeFileSync(path.join(dir, 'b.log'), `    ${enrollment('x', 'a')}\n`);
    const ingest = await readLogs(dir, { progress: sink(false) });
    expect(ingest.summary).toEqual({
      entries: 2,
      records: 1,
      ignored: 0,
      malformed: 1,
      unverified: 0,
      duplicates: 0,
      warnings: [],
    });
  });

  it('reads only *.log from the local CloudFront folder', async () => {
    const dir = tree();
    expect((await listFiles(dir, true)).map((f) => path.basename(f.path))).toEqual(['viewer-request.log']);
  });

  it('reads one file', async () => {
    const ingest = await readLogs(path.join(tree(), 'viewer-request.log'), { progress: sink(false) });
    expect(ingest.summary.records).toBe(2);
  });

  it('reads stdin for "-" and counts a line cut short as malformed', async () => {
    const stdin = Readable.from([`${enrollment('x', 'a')}\n${enrollment('x', 'a').slice(0, 40)}`]);
    const ingest = await readLogs('-', { stdin, progress: sink(false) });
    expect(ingest.summary).toEqual({
      entries: 2,
      records: 1,
      ignored: 0,
      malformed: 1,
      unverified: 0,
      duplicates: 0,
      warnings: [],
    });
  });

  it('counts the same lines found in a .log, a filter-log-events .json page and a .gz once', async () => {
    const dir = tempDir();
    const lines = [
      enrollment('x', 'a', 1, 1764043200000, enrollmentId()),
      enrollment('x', 'b', 1, 1764043200000, enrollmentId()),
      conversion('x', 'a', 'g'),
    ].map(lambdaPrefix);
    writeFileSync(path.join(dir, 'export.log'), `${lines.join('\n')}\n`);
    const events = lines.map((message, i) => ({ timestamp: i, message }));
    writeFileSync(path.join(dir, 'export.json'), JSON.stringify({ events }, null, 4));
    writeFileSync(path.join(dir, 'export.gz'), gzipSync(`${lines.join('\n')}\n`));
    const ingest = await readLogs(dir, { progress: sink(false) });
    expect(ingest.counts.get('x', 'a').enrolled).toBe(1);
    expect(ingest.counts.get('x', 'b').enrolled).toBe(1);
    expect(ingest.counts.get('x', 'a').conversions('g')).toBe(1);
    expect(ingest.summary).toMatchObject({ entries: 9, records: 9, duplicates: 6, malformed: 0 });
  });

  it('skips a line over 1 MB, naming its file, and counts the lines around it', async () => {
    const dir = tempDir();
    const huge = `{"Experiment":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    const file = path.join(dir, 'big.log');
    writeFileSync(file, [enrollment('x', 'a'), huge, enrollment('x', 'b')].join('\n'));
    const ingest = await readLogs(dir, { progress: sink(false) });
    expect(ingest.counts.get('x', 'a').enrolled).toBe(1);
    expect(ingest.counts.get('x', 'b').enrolled).toBe(1);
    expect(ingest.summary).toMatchObject({ entries: 3, records: 2, malformed: 1 });
    expect(ingest.summary.warnings).toEqual([`${file}: 1 line longer than 1 MB skipped`]);
  });

  it.each([
    [
      'garbage',
      () => Buffer.from('not gzip at all'),
      0,
      /^.*broken\.gz: skipped, unreadable \(incorrect header check\)$/,
    ],
    [
      'truncated',
      () => {
        const whole = gzipSync(`${[enrollment('x', 'b'), enrollment('x', 'b')].join('\n')}\n`);
        return whole.subarray(0, whole.length - 8); // the CRC and size trailer lost
      },
      2,
      /broken\.gz: unreadable after 2 lines \(unexpected end of file\); the rest of it is skipped$/,
    ],
  ])('names a %s .gz in a warning and still reads the other files', async (_label, bytes, read, warning) => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.log'), `${enrollment('x', 'a')}\n`);
    writeFileSync(path.join(dir, 'broken.gz'), bytes());
    writeFileSync(path.join(dir, 'c.log'), `${enrollment('x', 'a')}\n`);
    const ingest = await readLogs(dir, { progress: sink(false) });
    expect(ingest.counts.get('x', 'a').enrolled).toBe(2);
    expect(ingest.counts.get('x', 'b').enrolled).toBe(read);
    expect(ingest.summary.warnings).toHaveLength(1);
    expect(ingest.summary.warnings[0]).toMatch(warning);
  });

  it('rejects a missing path', async () => {
    await expect(readLogs(path.join(tmpdir(), 'no-such-report-logs'))).rejects.toThrow(/ENOENT/);
  });
});

describe('Progress', () => {
  it('prints a plain line every 64 MB when stderr is not a terminal', () => {
    const s = sink(false);
    const p = new Progress(s, 3 * PLAIN_STEP_BYTES);
    p.advance(PLAIN_STEP_BYTES - 1);
    expect(s.out).toEqual([]);
    p.advance(1);
    p.advance(PLAIN_STEP_BYTES * 1.5);
    p.done();
    expect(s.out).toEqual([
      'reading logs: 64.0 MB of 192.0 MB (33%)\n',
      'reading logs: 160.0 MB of 192.0 MB (83%)\n',
    ]);
  });

  it('redraws one line at most every 250 ms on a terminal and clears it at the end', () => {
    const s = sink(true);
    let now = 1000;
    const p = new Progress(s, null, () => now);
    p.advance(1048576);
    now += 100;
    p.advance(1048576);
    now += 200;
    p.advance(1048576);
    p.done();
    expect(s.out).toEqual(['\rreading logs: 1.0 MB', '\rreading logs: 3.0 MB', '\r\x1b[K']);
  });
});

describe('reportFromLogs', () => {
  it('reads a folder and analyses it, quietly when given a silent progress sink', async () => {
    const dir = tree();
    const config = {
      experiments: [
        experiment(
          'x',
          [
            ['a', 1],
            ['b', 1],
          ],
          'a',
        ),
      ],
      goals: [{ id: 'g' }],
    };
    const quiet = sink(false);
    const report = await reportFromLogs(dir, config, { progress: quiet, sequential: true });
    expect(report.method).toBe('sequential');
    expect(report.experiments[0]!.variants.map((v) => v.enrolled)).toEqual([2, 1]);
    expect(report.experiments[0]!.variants[0]!.goals.g!.conversions).toBe(1);
    expect(quiet.out).toEqual([]);
  });
});
