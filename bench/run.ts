/**
 * `npm run bench`: measures the site configured by `edge.config.ts` (or `EDGE_CONFIG`) — the sizes of the
 * bundles in `dist/`, everything else on the same bundles built with a signing key of the run's own
 * (`signing.ts`) — prints each section's tables and every target, and writes bench/results.json.
 *
 *   --only=perEvent,cost   run a subset (a section's dependencies run too; bundles always runs)
 *   --quick                shorter traces and HTTP runs
 *   --skip-load            everything but the 200-connection load run
 */
import { rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIST } from '../edge-functions/build';
import { loadConfig } from '../edge-functions/config/load';
import { bundles } from './sections/bundles';
import { cache } from './sections/cache';
import { cold } from './sections/cold';
import { cost } from './sections/cost';
import { load } from './sections/load';
import { memory } from './sections/memory';
import { perEvent } from './sections/per-event';
import { proof } from './sections/proof';
import { runtimes } from './sections/runtimes';
import type { BenchContext, Section, SectionResult, Table, Target } from './sections/section';
import { throughput } from './sections/throughput';
import { benchSigningKeys, buildBenchBundles } from './signing';
import { benchSite } from './site';

/** Every section, in the order they run and print. */
export const SECTIONS: readonly Section[] = [
  bundles,
  perEvent,
  cold,
  cache,
  throughput,
  load,
  memory,
  cost,
  runtimes,
  proof,
];

/** The sections to run for `--only` (plus what they need, plus bundles), in SECTIONS order. */
export function selectSections(only: readonly string[] | undefined, skip: readonly string[] = []): Section[] {
  const byName = new Map(SECTIONS.map((s) => [s.name, s]));
  const unknown = (only ?? []).filter((n) => !byName.has(n));
  if (unknown.length > 0)
    throw new Error(`unknown section(s) ${unknown.join(', ')}: choose from ${[...byName.keys()].join(', ')}`);
  const chosen = new Set(only ?? SECTIONS.map((s) => s.name).filter((n) => !skip.includes(n)));
  chosen.add(bundles.name);
  for (const name of [...chosen]) for (const dep of byName.get(name)!.needs ?? []) chosen.add(dep);
  return SECTIONS.filter((s) => chosen.has(s.name));
}

const argValue = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

function printTable(t: Table): void {
  console.log(`\n${t.title}`);
  console.table(t.rows);
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown CPU',
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
  };
}

async function main(): Promise<void> {
  const only = argValue('only')?.split(',').filter(Boolean);
  const quick = process.argv.includes('--quick');
  const sections = selectSections(only, process.argv.includes('--skip-load') ? ['load'] : []);
  const loaded = loadConfig();
  const m = machine();
  console.log(`edge personalisation benchmarks — ${new Date().toISOString()}${quick ? ' (quick)' : ''}`);
  console.log(
    `configuration: ${path.relative(process.cwd(), loaded.file)}, site: ${path.relative(process.cwd(), loaded.siteDir)}`,
  );
  console.log(
    `machine: ${m.cpu} ×${m.cores}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}, load ${m.loadAverage.join(' ')}`,
  );
  const results = new Map<string, SectionResult>();
  const keys = benchSigningKeys();
  const outDir = await buildBenchBundles(loaded, keys);
  const ctx: BenchContext = {
    loaded,
    site: benchSite(loaded, keys),
    shippedDir: DIST,
    outDir,
    quick,
    results,
  };
  const targets: Target[] = [];
  try {
    for (const section of sections) {
      const result = await section.run(ctx);
      results.set(section.name, result);
      result.tables.forEach(printTable);
      targets.push(...result.targets);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  printTable({ title: 'Targets', rows: targets.map((t) => ({ ...t, met: t.met ? 'yes' : 'NO' })) });
  if (only) return;
  const file = path.join(__dirname, 'results.json');
  const json = {
    machine: m,
    quick,
    ...Object.fromEntries([...results].map(([k, r]) => [k, r.data])),
    targets,
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log('\nwrote bench/results.json');
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
