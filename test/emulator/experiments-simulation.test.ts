/**
 * A simulated run through the local CloudFront: browser-like visitors (Sec-Fetch-Mode, a cookie jar) land on
 * an experiment page, some convert with a known per-variant probability, some fire the beacon twice, some
 * keep no cookies. The function logs the local CloudFront kept, read by `npm run report`'s code and served at
 * `/__cloudfront/experiments`, must count exactly what the simulation did.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startServer, type LocalCloudFront } from '../../emulator';
import { reportFromLogs } from '../../report';
import { reportConfigOf } from '../../report/cli';
import { fixture, serverOptions } from '../support/fixtures';

const demo = fixture('demo');
const e = demo.config.experiments.list[0]!;
const goal = demo.config.experiments.goals[0]!.id;
const page = `/${demo.config.locales.default}${e.paths[0]}`;
/** Conversion probability per variant: the simulation's truth. */
const P: Record<string, number> = Object.fromEntries(e.variants.map((v, i) => [v.name, 0.2 + 0.3 * i]));

/** A seeded PRNG (mulberry32), so the run is the same every time. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('an experiment simulated through the local CloudFront', () => {
  const logDir = mkdtempSync(path.join(tmpdir(), 'cf-logs-'));
  let server: LocalCloudFront;
  beforeAll(async () => {
    server = await startServer({ ...serverOptions('demo'), port: 0, log: false, logDir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('reports exactly the enrollments and conversions the visitors made', async () => {
    const random = prng(20261125);
    const truth = Object.fromEntries(e.variants.map((v) => [v.name, { enrolled: 0, converted: 0 }]));
    const visit = async (cookieless: boolean) => {
      const r = await fetch(`${server.url}${page}`, { headers: { 'sec-fetch-mode': 'navigate' } });
      await r.arrayBuffer();
      const set = r.headers.getSetCookie().map((c) => c.split(';')[0]!);
      const variant = set.find((c) => c.startsWith(`${e.cookieName}=`))?.split('=')[1];
      if (!variant) throw new Error('a new browser got no experiment cookie');
      truth[variant]!.enrolled++;
      if (random() >= P[variant]!) return;
      // A cookieless client (cookies blocked) sends none back: it must not be counted.
      const jar = cookieless ? [] : [...set];
      const times = random() < 0.3 ? 2 : 1;
      for (let i = 0; i < times; i++) {
        const b = await fetch(`${server.url}/__edge/goal/${goal}`, {
          method: 'POST',
          headers: { cookie: jar.join('; ') },
        });
        expect(b.status).toBe(204);
        // The browser keeps the dedupe cookie, so a second beacon is not counted again.
        if (!cookieless) jar.push(...b.headers.getSetCookie().map((c) => c.split(';')[0]!));
      }
      if (!cookieless) truth[variant]!.converted++;
    };
    for (let i = 0; i < 600; i += 20)
      await Promise.all(Array.from({ length: 20 }, () => visit(random() < 0.1)));

    const report = await reportFromLogs(logDir, reportConfigOf(demo.config));
    const result = report.experiments.find((x) => x.id === e.id)!;
    for (const v of e.variants) {
      const row = result.variants.find((x) => x.name === v.name)!;
      expect({ v: v.name, enrolled: row.enrolled, conversions: row.goals[goal]!.conversions }).toEqual({
        v: v.name,
        enrolled: truth[v.name]!.enrolled,
        conversions: truth[v.name]!.converted,
      });
    }

    const html = await (await fetch(`${server.url}/__cloudfront/experiments`)).text();
    expect(html).toContain(e.id);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|style=/);
  }, 120_000);
});
