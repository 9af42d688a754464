/**
 * A simulated experiment through the local CloudFront: 1,000 browser-like visitors (Sec-Fetch-Mode, consent,
 * a cookie jar) land on the three-locales fixture's three-variant page; each converts on each goal with a
 * known per-variant probability; some fire a beacon twice, some send beacons without cookies, some never
 * consent. The function logs the local CloudFront kept are read by `npm run report`'s code and served at
 * `/__cloudfront/experiments`: counts must equal what the visitors did, and every statistic must equal
 * SciPy's for those counts (test/report/scipy-reference.py, `simulation` section) to 1e-9 relative.
 *
 * Reproducible: visitors run one after another, the simulation draws from a seeded PRNG, and the bundle's
 * CSPRNG (`crypto.randomBytes`, which the local CloudFront's in-process bundle calls) is seeded for the run,
 * so the variant each visitor gets — and so every count — is the same on every run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { seeded } from '../../bench/trace';
import { startServer, type LocalCloudFront } from '../../emulator';
import { reportFromLogs } from '../../report';
import { reportConfigOf } from '../../report/cli';
import type { Report } from '../../report/types';
import { fixture, serverOptions } from '../support/fixtures';
import { expectRelClose } from '../report/close';
import { SIMULATION } from './simulation-reference';

// The module object itself (not an import namespace), which is what the bundle's `require('node:crypto')` gets.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import crypto = require('node:crypto');

const three = fixture('three-locales');
const e = three.config.experiments.list.find((x) => x.id === 'pricing-layout')!;
const goals = three.config.experiments.goals.map((g) => g.id);
const consent = `${three.config.experiments.consentCookieName}=1`;
const page = `/${three.config.locales.default}${e.paths[0]}`;
/**
 * Sized for what the comparison with SciPy needs, not for discovery: every arm past the report's gates
 * (≥ 100 visitors, ≥ 25 conversions: ~237 and ≥ 33 expected per variant arm), two true lifts whose expected
 * z-scores (2.5 and 3.0: power 0.70 and 0.85 at α = 0.05) put their p-values in the range Holm's adjustment
 * changes, and two null arms beside them. Each visitor costs a few HTTP requests, so size is test time.
 */
const VISITORS = 1_000;
/** Conversion probability per variant and goal: the simulation's truth. */
const P: Record<string, Record<string, number>> = {
  control: { signup: 0.16, newsletter: 0.14 },
  table: { signup: 0.24, newsletter: 0.14 },
  cards: { signup: 0.16, newsletter: 0.235 },
};

/** `crypto.randomBytes` from a seeded PRNG, for the synchronous calls; callbacks keep the real one. */
function seedCsseeded(seed: number): jest.SpyInstance {
  const next = seeded(seed);
  const real = crypto.randomBytes;
  return jest.spyOn(crypto, 'randomBytes').mockImplementation(((size: number, cb?: unknown) => {
    if (cb !== undefined) return (real as (...a: unknown[]) => unknown)(size, cb);
    return Buffer.from(Array.from({ length: size }, () => Math.floor(next() * 256)));
  }) as typeof crypto.randomBytes);
}

type Counts = Record<string, { enrolled: number; conversions: Record<string, number> }>;
const pairs = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

async function simulate(url: string, random: () => number): Promise<Counts> {
  const truth: Counts = Object.fromEntries(
    e.variants.map((v) => [
      v.name,
      { enrolled: 0, conversions: Object.fromEntries(goals.map((g) => [g, 0])) },
    ]),
  );
  for (let i = 0; i < VISITORS; i++) {
    const consented = random() >= 0.05;
    const jar = consented ? [consent] : [];
    // A browser's landing: a new visitor is redirected once, to the same page, with its proof of enrollment.
    let landing = await fetch(`${url}${page}`, {
      headers: { 'sec-fetch-mode': 'navigate', cookie: jar.join('; ') },
      redirect: 'manual',
    });
    await landing.arrayBuffer();
    jar.push(...pairs(landing));
    if (landing.status === 302) {
      landing = await fetch(`${url}${landing.headers.get('location')}`, {
        headers: { 'sec-fetch-mode': 'navigate', cookie: jar.join('; ') },
        redirect: 'manual',
      });
      await landing.arrayBuffer();
    }
    if (landing.status !== 200) throw new Error(`visitor ${i}: landing answered ${landing.status}`);
    const variant = jar.find((c) => c.startsWith(`${e.cookieName}=`))?.split(/[=.]/)[1];
    if (consented !== (variant !== undefined))
      throw new Error(`visitor ${i}: consent ${consented}, cookie ${variant}`);
    if (variant !== undefined) truth[variant]!.enrolled++;
    // A client whose beacons carry no cookies (blocked for that request) converts but cannot be attributed.
    const cookieless = random() < 0.1;
    for (const goal of goals) {
      if (random() >= (P[variant ?? e.control]![goal] ?? 0)) continue;
      const times = random() < 0.25 ? 2 : 1;
      for (let k = 0; k < times; k++) {
        const b = await fetch(`${url}/__edge/goal/${goal}`, {
          method: 'POST',
          headers: cookieless ? {} : { cookie: jar.join('; ') },
        });
        await b.arrayBuffer();
        if (b.status !== 204) throw new Error(`visitor ${i}: beacon answered ${b.status}`);
        if (!cookieless) jar.push(...pairs(b)); // the dedupe cookie: a second beacon is not counted
      }
      if (!cookieless && variant !== undefined) truth[variant]!.conversions[goal]!++;
    }
  }
  return truth;
}

describe('an experiment simulated through the local CloudFront', () => {
  const logDir = mkdtempSync(path.join(tmpdir(), 'cf-logs-'));
  let server: LocalCloudFront;
  let truth: Counts;
  let report: Report;
  beforeAll(async () => {
    const spy = seedCsseeded(20261125);
    server = await startServer({ ...serverOptions('three-locales'), port: 0, log: false, logDir });
    try {
      truth = await simulate(server.url, seeded(11));
    } finally {
      spy.mockRestore();
    }
    report = await reportFromLogs(logDir, reportConfigOf(three.config));
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    rmSync(logDir, { recursive: true, force: true });
  });
  const result = () => report.experiments.find((x) => x.id === e.id)!;
  const row = (name: string) => result().variants.find((v) => v.name === name)!;

  it('reports exactly the enrollments and conversions the visitors made', () => {
    const reported = Object.fromEntries(
      e.variants.map((v) => [
        v.name,
        {
          enrolled: row(v.name).enrolled,
          conversions: Object.fromEntries(goals.map((g) => [g, row(v.name).goals[g]!.conversions])),
        },
      ]),
    );
    expect(reported).toEqual(truth);
    expect(report.skippedLines).toBe(0);
  });

  it('ran on the counts SciPy was given (otherwise regenerate test/emulator/simulation-reference.ts)', () => {
    expect(truth).toEqual(SIMULATION.counts);
  });

  it("matches SciPy's sample-ratio check, intervals, uplifts and p-values to 1e-9 relative", () => {
    expectRelClose(result().srm.pValue, SIMULATION.srmPValue);
    expect(result().srm.mismatch).toBe(false);
    for (const [name, byGoal] of Object.entries(SIMULATION.goals)) {
      for (const [goal, ref] of Object.entries(byGoal)) {
        const got = row(name).goals[goal]!;
        expectRelClose(got.rate, ref.rate);
        got.ci.forEach((x, i) => expectRelClose(x, ref.ci[i]!));
        if (!('abs' in ref)) {
          expect(got.uplift).toBeUndefined();
          continue;
        }
        expectRelClose(got.uplift!.abs, ref.abs);
        got.uplift!.absCi!.forEach((x, i) => expectRelClose(x, ref.absCi[i]!));
        expectRelClose(got.uplift!.rel, ref.rel);
        got.uplift!.relCi!.forEach((x, i) => expectRelClose(x, ref.relCi[i]!));
        expectRelClose(got.pValue, ref.pValue);
        expectRelClose(got.adjustedPValue, ref.adjustedPValue);
      }
    }
  });

  it('serves the same report at /__cloudfront/experiments', async () => {
    const html = await (await fetch(`${server.url}/__cloudfront/experiments`)).text();
    expect(html).toContain(e.id);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|style=/);
    const n = (x: number) => x.toLocaleString('en-US');
    for (const v of e.variants)
      for (const g of goals) {
        const cells = [v.name, v.weight, n(row(v.name).enrolled), n(row(v.name).goals[g]!.conversions)];
        expect(html).toContain(`<td>${cells.join('</td><td>')}</td>`);
      }
  });
});
