/**
 * Where the time goes: `npx tsx bench/profile.ts viewer-request|origin-response` builds an unminified copy
 * of the bundle in the OS temp folder, replays 200,000 benchmark events under the V8 profiler and prints the
 * functions with the most self time.
 */
import { build } from 'esbuild';
import * as os from 'node:os';
import * as path from 'node:path';
import { esbuildOptions } from '../edge-functions/build';
import { bakePlugins } from '../edge-functions/build/plugins';
import { loadConfig } from '../edge-functions/config/load';
import { originEvents, viewerEvents } from './events';
import { benchSigningKeys } from './signing';
import { benchSite } from './site';
(async () => {
  const which = process.argv[2] as 'viewer-request' | 'origin-response';
  const loaded = loadConfig();
  const keys = benchSigningKeys();
  await build({
    ...esbuildOptions(which),
    plugins: bakePlugins(which, { ...loaded, signingKeys: keys }),
    minify: false,
    outfile: path.join(os.tmpdir(), 'edge-unminified', which, 'index.js'),
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const h = require(path.join(os.tmpdir(), 'edge-unminified', which, 'index.js')).handler;
  const site = benchSite(loaded, keys);
  console.log = () => undefined;
  const pools = Array.from({ length: 10 }, (_, i) =>
    which === 'viewer-request' ? viewerEvents(site, 20000, i) : originEvents(site, 20000, i),
  );
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  for (const evs of pools) for (const e of evs) await h(e);
  const { profile } = await session.post('Profiler.stop');
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const t: Record<string, number> = {};
  profile.samples!.forEach((s, i) => {
    const n = byId.get(s)!;
    const k = `${n.callFrame.functionName} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
    t[k] = (t[k] ?? 0) + (profile.timeDeltas![i] ?? 0);
  });
  const tot = Object.values(t).reduce((a, b) => a + b, 0);
  process.stdout.write(
    Object.entries(t)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 22)
      .map(([k, v]) => `${((v / tot) * 100).toFixed(1)}% ${k}`)
      .join('\n') + '\n',
  );
})();
