/**
 * By hand, not in `npm run bench` (it writes a 200 MB file): the local CloudFront's peak memory while it serves
 * one large object to several viewers at once, through the bundles in dist/ (`npm run build` first).
 *
 *   npx tsx bench/large-object.ts [--mb=200] [--concurrent=8] [--rounds=1]
 *
 * The server runs in a child process so its RSS is its own: the root `edge.config.ts` with a temporary site
 * folder holding `assets/large.bin` (`/assets/*` is a neutral path by default). Each round sends `concurrent`
 * simultaneous GETs, reads every body to the end and checks its length; then the child reports its peak
 * RSS (`process.resourceUsage().maxRSS`), its RSS now, and the cache's bytes.
 */
import { fork } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../edge-functions/config/load';
import { startServer } from '../emulator';

const arg = (name: string, fallback: number): number =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const MB = 1024 * 1024;
const mb = (bytes: number): string => `${Math.round(bytes / MB)} MB`;

interface Stats {
  readonly port?: number;
  readonly peakRss: number;
  readonly rss: number;
  readonly cacheBytes: number;
}

/** The child: the local CloudFront on `siteDir`, answering `stats` over IPC. */
async function serve(siteDir: string): Promise<void> {
  const { config } = loadConfig();
  const server = await startServer({ port: 0, log: false, config, siteDir });
  const stats = (): Stats => ({
    peakRss: process.resourceUsage().maxRSS * 1024,
    rss: process.memoryUsage().rss,
    cacheBytes: server.cache.bytes,
  });
  process.on('message', () => process.send?.(stats()));
  process.send?.({ ...stats(), port: server.port });
}

function writeLarge(file: string, bytes: number): void {
  const chunk = Buffer.alloc(MB);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) & 0xff;
  const fd = openSync(file, 'w');
  for (let n = 0; n < bytes; n += chunk.length) writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - n));
  closeSync(fd);
}

/** One GET read to the end: the status and how many body bytes arrived. */
function get(port: number, urlPath: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function run(): Promise<void> {
  const size = arg('mb', 200) * MB;
  const concurrent = arg('concurrent', 8);
  const rounds = arg('rounds', 1);
  const dir = mkdtempSync(path.join(tmpdir(), 'large-object-'));
  mkdirSync(path.join(dir, 'assets'));
  writeLarge(path.join(dir, 'assets', 'large.bin'), size);
  const child = fork(__filename, ['--serve', dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = () => new Promise<Stats>((resolve) => child.once('message', (m) => resolve(m as Stats)));
  try {
    const idle = await ask();
    console.log(`${mb(size)} object, ${concurrent} concurrent GETs × ${rounds} round(s)`);
    console.log(`idle: RSS ${mb(idle.rss)}, peak ${mb(idle.peakRss)}`);
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      const all = await Promise.all(
        Array.from({ length: concurrent }, () => get(idle.port!, '/assets/large.bin')),
      );
      const ok = all.filter((x) => x.status === 200 && x.bytes === size).length;
      const reply = ask();
      child.send('stats');
      const s = await reply;
      console.log(
        `round ${r + 1}: ${ok}/${concurrent} complete in ${Math.round(performance.now() - t)} ms; RSS ${mb(s.rss)}, peak ${mb(s.peakRss)}, cache ${mb(s.cacheBytes)}`,
      );
    }
  } finally {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

const serving = process.argv.indexOf('--serve');
(serving > 0 ? serve(process.argv[serving + 1]!) : run()).catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
