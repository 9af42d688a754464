/**
 * `/__cloudfront/experiments` over the logs a local CloudFront kept: a reload reads the files again only
 * when one of them changed (counted on the file reader, not timed), and a corrupt file is named on the page
 * while the others are still counted.
 */
import {
  appendFileSync,
  mkdtempSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startServer, type LocalCloudFront } from '../../emulator';
import { fixture, serverOptions } from '../support/fixtures';
import { enrollment, enrollmentId } from '../report/fixtures';

// The module object itself (not an import namespace), which is what the report's reader calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import fs = require('node:fs');

const e = fixture('three-locales').config.experiments.list.find((x) => x.id === 'pricing-layout')!;
const [first, second] = e.variants.map((v) => v.name) as [string, string];
const lines = (variant: string, n: number): string =>
  Array.from({ length: n }, () => `${enrollment(e.id, variant, 1, 1764043200000, enrollmentId())}\n`).join(
    '',
  );

describe('the experiments page of the local CloudFront', () => {
  const logDir = mkdtempSync(path.join(tmpdir(), 'cf-page-'));
  const file = (name: string) => path.join(logDir, name);
  let server: LocalCloudFront;
  let reads: jest.SpyInstance;
  beforeAll(async () => {
    server = await startServer({ ...serverOptions('three-locales'), port: 0, log: false, logDir });
    reads = jest.spyOn(fs, 'createReadStream');
  });
  afterAll(async () => {
    reads.mockRestore();
    await server?.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  /** The page, and how many log files were opened to make it. */
  async function load(): Promise<{ html: string; opened: number }> {
    const before = reads.mock.calls.length;
    const res = await fetch(`${server.url}/__cloudfront/experiments`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const opened = reads.mock.calls.slice(before).filter(([p]) => String(p).startsWith(logDir)).length;
    return { html, opened };
  }
  const enrolled = (html: string, variant: string): number => {
    const cells = new RegExp(`<td>${variant}</td><td>\\d+</td><td>([\\d,]+)</td>`).exec(html);
    return Number(cells![1]!.replace(/,/g, ''));
  };

  it('reads the files once, and again only when one changes, appears or goes', async () => {
    writeFileSync(file('viewer-request.log'), lines(first, 3));
    writeFileSync(file('older.log'), lines(second, 2));
    let page = await load();
    expect(page.opened).toBe(2);
    expect([enrolled(page.html, first), enrolled(page.html, second)]).toEqual([3, 2]);

    expect((await load()).opened).toBe(0);
    expect((await load()).opened).toBe(0);

    appendFileSync(file('viewer-request.log'), lines(first, 1));
    page = await load();
    expect(page.opened).toBe(2);
    expect(enrolled(page.html, first)).toBe(4);
    expect((await load()).opened).toBe(0);

    // Same size, new modification time: read again.
    const { mtime } = statSync(file('older.log'));
    utimesSync(file('older.log'), mtime, new Date(mtime.getTime() + 5000));
    expect((await load()).opened).toBe(2);

    writeFileSync(file('newer.log'), lines(second, 1));
    page = await load();
    expect(page.opened).toBe(3);
    expect(enrolled(page.html, second)).toBe(3);

    unlinkSync(file('older.log'));
    page = await load();
    expect(page.opened).toBe(2);
    expect(enrolled(page.html, second)).toBe(1);
    expect((await load()).opened).toBe(0);
  });

  it('names a corrupt .gz on the page and still counts the other files', async () => {
    writeFileSync(file('viewer-request.log'), lines(first, 4));
    writeFileSync(file('export.gz'), 'garbage, not gzip');
    const page = await load();
    expect(page.html).toContain(
      `<ul class="warnings" role="alert"><li>${file('export.gz')}: skipped, unreadable (incorrect header check)</li></ul>`,
    );
    expect(enrolled(page.html, first)).toBe(4);
    unlinkSync(file('export.gz'));
  });
});
