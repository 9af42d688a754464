/**
 * By hand, not in `npm run bench`: how long the site checks' scanners take on a 240 KB input of hostile
 * shapes (an unclosed `url(` repeated, runs of `/*`, unclosed quotes, long whitespace), the shapes a
 * backtracking regex turns quadratic or worse. Each shape runs in a fresh process with a time cap, so a
 * runaway scan is reported as `> cap` instead of hanging the run.
 *
 *   npx tsx bench/site-scan.ts [--kb=240] [--cap-seconds=30]
 */
import { spawnSync } from 'node:child_process';
import { cssUrls } from '../site-checks/css';
import { readHtml } from '../site-checks/html';
import { scriptGoals } from '../site-checks/scripts';

const arg = (name: string, fallback: number): number =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);

/** `unit` repeated to `bytes` (a prefix of the last copy when it does not divide). */
const fill = (unit: string, bytes: number): string =>
  unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

type Scan = (text: string) => unknown;
const SHAPES: Readonly<Record<string, readonly [scan: Scan, make: (bytes: number) => string]>> = {
  'css: a real stylesheet': [cssUrls, (n) => fill('a{background:url("/img/a.png")}\n/* c */\n', n)],
  'css: unclosed url( repeated': [cssUrls, (n) => fill('url(', n)],
  'css: unclosed url(" repeated': [cssUrls, (n) => fill('url("', n)],
  'css: url( then whitespace': [cssUrls, (n) => `url(${' '.repeat(n - 4)}`],
  'css: run of unclosed /*': [cssUrls, (n) => fill('/* ', n)],
  "css: unclosed @import ' repeated": [cssUrls, (n) => fill("@import '", n)],
  'css: quotes': [cssUrls, (n) => fill(`"'`, n)],
  'html: unclosed attribute quotes': [readHtml, (n) => fill('<a href="', n)],
  'html: srcset of commas': [readHtml, (n) => `<img srcset="${fill(', ', n)}">`],
  'html: inline script of goal prefixes': [readHtml, (n) => `<script>${fill("'/__edge/goal/", n)}</script>`],
  'js: goal prefixes, unclosed': [scriptGoals, (n) => fill("sendBeacon('/__edge/goal/", n)],
  'js: goal ids without quotes': [scriptGoals, (n) => fill('/__edge/goal/a', n)],
};

function runShape(name: string, bytes: number): void {
  const [scan, make] = SHAPES[name]!;
  const text = make(bytes);
  const start = process.hrtime.bigint();
  scan(text);
  process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
}

function main(): void {
  const kb = arg('kb', 240);
  const cap = arg('cap-seconds', 30);
  const only = process.argv.find((a) => a.startsWith('--shape='))?.slice(8);
  if (only !== undefined) return runShape(only, kb * 1024);
  const rows = Object.keys(SHAPES).map((shape) => {
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, __filename, `--shape=${shape}`, `--kb=${kb}`],
      {
        timeout: cap * 1000,
        encoding: 'utf8',
      },
    );
    const ms = child.status === 0 ? Number(child.stdout) : undefined;
    return { shape, bytes: kb * 1024, ms: ms === undefined ? `> ${cap * 1000} (stopped)` : ms.toFixed(1) };
  });
  console.table(rows);
}

main();
