/**
 * By hand, not in `npm run bench` (it writes a few hundred MB): the report's time and peak memory on a log
 * of a million lines, each naming an experiment nobody configured, plus one configured line in a hundred.
 *
 *   npx tsx bench/report-load.ts [--lines=1000000]
 *
 * Each measure runs in a fresh process, which reports its own peak RSS (process.resourceUsage().maxRSS):
 * `npm run report -- --logs <file> --json`, and the local CloudFront's experiments page (ReportCache), a
 * first load then reloads with no change.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import type { ExperimentConfig } from '../edge-functions/config/schema';
import { metricLine } from '../edge-functions/shared/log';
import { ReportCache, renderReportPage, type ReportConfig } from '../report';
import { main } from '../report/cli';

const hero: ExperimentConfig = {
  id: 'hero',
  enabled: true,
  paths: ['/'],
  variants: [
    { name: 'control', weight: 1 },
    { name: 'bold', weight: 1 },
  ],
  control: 'control',
  cookieName: 'xp-hero',
  cookieMaxAgeSeconds: 86400,
  overrideParam: 'xp-hero',
};
const CONFIG: ReportConfig = { experiments: [hero], goals: [{ id: 'cta' }] };

const id = (i: number): string => `b${i.toString(36).padStart(15, '0')}`;

async function generate(file: string, lines: number): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < lines; i++) {
    const line =
      i % 100 === 0
        ? metricLine('Enrollments', ['hero', i % 200 === 0 ? 'control' : 'bold'], 1764043200000 + i, id(i))
        : metricLine('Enrollments', [`unknown-experiment-${i}`, 'a'], 1764043200000 + i, id(i));
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

const quiet = { isTTY: false, write: () => true };
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
const since = (t: number): number => Math.round(performance.now() - t);

/** One measure, in this (fresh) process: printed as JSON for the parent. */
async function measure(kind: string, file: string): Promise<void> {
  const t = performance.now();
  const result: Record<string, number> = {};
  if (kind === 'cli') {
    let bytes = 0;
    const stdout = { write: (s: string) => (bytes += s.length) };
    const code = await main(['--logs', file, '--json'], { stdout, stderr: quiet, config: CONFIG });
    Object.assign(result, { ms: since(t), code, outputBytes: bytes });
  } else {
    const cache = new ReportCache();
    const html = renderReportPage(await cache.report(file, CONFIG, { progress: quiet }));
    result.ms = since(t);
    result.pageBytes = html.length;
    const r = performance.now();
    for (let k = 0; k < 10; k++) renderReportPage(await cache.report(file, CONFIG, { progress: quiet }));
    result.reloadMs = (performance.now() - r) / 10;
  }
  result.peakRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(JSON.stringify(result));
}

async function run(): Promise<void> {
  const lines = Number(process.argv.find((a) => a.startsWith('--lines='))?.slice(8) ?? 1_000_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'report-load-'));
  try {
    const file = path.join(dir, 'viewer-request.log');
    await generate(file, lines);
    console.log(`${lines.toLocaleString('en-US')} lines, ${mb(statSync(file).size)}`);
    for (const kind of ['cli', 'page']) {
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, __filename, `--measure=${kind}`, file],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        },
      );
      if (child.status !== 0) throw new Error(child.stderr);
      const r = JSON.parse(child.stdout) as Record<string, number>;
      const reload = r.reloadMs === undefined ? '' : `, reload ${r.reloadMs.toFixed(1)} ms`;
      const size = r.outputBytes ?? r.pageBytes!;
      console.log(
        `${kind.padEnd(5)} ${r.ms} ms${reload}, peak RSS ${mb(r.peakRssBytes!)}, output ${size} bytes`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const measuring = process.argv.find((a) => a.startsWith('--measure='))?.slice(10);
(measuring ? measure(measuring, process.argv.at(-1)!) : run()).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
