/**
 * Numbers an outsider cannot move, through the local CloudFront on the three-locales fixture: 200 honest
 * browsers enroll (following the issuing redirect) and some convert, some twice; then more than 500
 * beacons that must count nothing — bare and forged cookies, tampered proofs, cross-site and prefetched
 * beacons, GET and HEAD, proofs replayed for goals already counted — and 50 visits through a QA link that
 * convert. The report's enrollments and conversions per arm equal the honest ones exactly; a real proof
 * replayed for a goal its visitor never reached adds that one conversion, once however often it is sent.
 * Each kind of attack is sent at least 50 times: whether one counts is decided by the request alone, so
 * more of the same would prove nothing more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { seeded } from '../../bench/trace';
import { startServer, type LocalCloudFront } from '../../emulator';
import { qaCookieName } from '../../edge-functions/shared/experiments';
import { reportFromLogs } from '../../report';
import { reportConfigOf } from '../../report/cli';
import { fixture, serverOptions } from '../support/fixtures';

const three = fixture('three-locales');
const e = three.config.experiments.list.find((x) => x.id === 'pricing-layout')!;
const goals = three.config.experiments.goals.map((g) => g.id);
const consent = `${three.config.experiments.consentCookieName}=1`;
const page = `/${three.config.locales.default}${e.paths[0]}`;
const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'no-cors' };
const pairs = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!);

interface Visitor {
  readonly proof: string;
  readonly variant: string;
  readonly converted: Set<string>;
}

let url = '';
async function get(p: string, cookie: string, extra: Record<string, string> = {}) {
  const r = await fetch(`${url}${p}`, {
    headers: { 'sec-fetch-mode': 'navigate', cookie, ...extra },
    redirect: 'manual',
  });
  await r.arrayBuffer();
  return r;
}
async function beacon(
  goal: string,
  cookie: string,
  headers: Record<string, string> = SAME_ORIGIN,
  method = 'POST',
) {
  const r = await fetch(`${url}/__edge/goal/${goal}`, { method, headers: { ...headers, cookie } });
  await r.arrayBuffer();
  if (r.status !== 204) throw new Error(`beacon answered ${r.status}`);
}

/** An honest visitor: lands, follows the issuing redirect, converts on each goal by chance, some twice. */
async function honest(random: () => number): Promise<Visitor> {
  const first = await get(page, consent);
  const proof = pairs(first).find((p) => p.startsWith(`${e.cookieName}=`))!;
  const landed = await get(first.headers.get('location')!, `${consent}; ${proof}`);
  if (first.status !== 302 || landed.status !== 200) throw new Error('honest landing failed');
  const visitor = { proof, variant: proof.split(/[=.]/)[1]!, converted: new Set<string>() };
  const jar = [consent, proof];
  for (const goal of goals) {
    if (random() >= 0.3) continue;
    for (let k = random() < 0.3 ? 2 : 1; k > 0; k--) {
      const r = await fetch(`${url}/__edge/goal/${goal}`, {
        method: 'POST',
        headers: { ...SAME_ORIGIN, cookie: jar.join('; ') },
      });
      await r.arrayBuffer();
      jar.push(...pairs(r));
    }
    visitor.converted.add(goal);
  }
  return visitor;
}

const forgedSig = (random: () => number) =>
  Array.from({ length: 22 }, () => 'ABCDEFGHabcdefgh0123456789-_'[Math.floor(random() * 28)]).join('');

/** More than 500 beacons that must count nothing, and the replays that may add one each. */
async function attack(visitors: readonly Visitor[], random: () => number): Promise<number> {
  let sent = 0;
  const pick = () => visitors[Math.floor(random() * visitors.length)]!;
  const goal = () => goals[Math.floor(random() * goals.length)]!;
  const send = async (g: string, cookie: string, headers?: Record<string, string>, method?: string) => {
    await beacon(g, `${consent}; ${cookie}`, headers, method);
    sent++;
  };
  for (let i = 0; i < 126; i++) await send(goal(), `${e.cookieName}=${e.variants[i % 3]!.name}`);
  for (let i = 0; i < 100; i++)
    await send(goal(), `${e.cookieName}=cards.eForgedForgedForg${i % 10}.${forgedSig(random)}`);
  for (let i = 0; i < 50; i++) {
    const v = pick();
    const other = e.variants.find((x) => x.name !== v.variant)!.name;
    await send(goal(), v.proof.replace(`=${v.variant}.`, `=${other}.`));
  }
  for (let i = 0; i < 76; i++) {
    const v = pick();
    await send(goal(), v.proof, { ...SAME_ORIGIN, 'sec-fetch-site': i % 2 ? 'cross-site' : 'same-site' });
  }
  for (let i = 0; i < 50; i++)
    await send(goal(), pick().proof, { ...SAME_ORIGIN, 'sec-purpose': 'prefetch' });
  for (let i = 0; i < 50; i++) await send(goal(), pick().proof, SAME_ORIGIN, i % 2 ? 'GET' : 'HEAD');
  // Replays of honest conversions: the goal cookie is gone, the proof is real, the report counts it once.
  const converters = visitors.filter((v) => v.converted.size > 0);
  for (let i = 0; i < 100; i++) {
    const v = converters[i % converters.length]!;
    await send([...v.converted][0]!, v.proof);
  }
  return sent;
}

/** A QA link: the override becomes a session cookie; the page and every beacon under it count nothing. */
async function qaVisit(i: number, visitors: readonly Visitor[]): Promise<void> {
  const variant = e.variants[i % 3]!.name;
  const enrolled = i % 2 === 0 ? `; ${visitors[i]!.proof}` : '';
  const link = await get(`${page}?${e.overrideParam}=${variant}`, `${consent}${enrolled}`);
  const qa = pairs(link).find((p) => p.startsWith(`${qaCookieName(e)}=`));
  if (link.status !== 302 || qa !== `${qaCookieName(e)}=${variant}`) throw new Error('no QA redirect');
  const served = await get(link.headers.get('location')!, `${consent}${enrolled}; ${qa}`);
  if (served.status !== 200 || pairs(served).length > 0) throw new Error('QA page set a cookie');
  for (const goal of goals) await beacon(goal, `${consent}${enrolled}; ${qa}`);
}

describe('forged, replayed, cross-site and QA traffic through the local CloudFront', () => {
  const logDir = mkdtempSync(path.join(tmpdir(), 'cf-forgery-'));
  let server: LocalCloudFront;
  const visitors: Visitor[] = [];
  let attacks = 0;
  beforeAll(async () => {
    server = await startServer({ ...serverOptions('three-locales'), port: 0, log: false, logDir });
    url = server.url;
    const random = seeded(16);
    for (let i = 0; i < 200; i++) visitors.push(await honest(random));
    attacks = await attack(visitors, random);
    for (let i = 0; i < 50; i++) await qaVisit(i, visitors);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('counts exactly the honest enrollments and conversions', async () => {
    expect(attacks).toBeGreaterThan(500);
    const truth = Object.fromEntries(
      e.variants.map((v) => {
        const arm = visitors.filter((x) => x.variant === v.name);
        const conversions = Object.fromEntries(
          goals.map((g) => [g, arm.filter((x) => x.converted.has(g)).length]),
        );
        return [v.name, { enrolled: arm.length, conversions }];
      }),
    );
    const report = await reportFromLogs(logDir, reportConfigOf(three.config));
    const got = report.experiments.find((x) => x.id === e.id)!;
    const reported = Object.fromEntries(
      got.variants.map((v) => [
        v.name,
        {
          enrolled: v.enrolled,
          conversions: Object.fromEntries(goals.map((g) => [g, v.goals[g]!.conversions])),
        },
      ]),
    );
    expect(reported).toEqual(truth);
    // The run converted in every arm, so equality is not the trivial all-zero one (an arm of 25% with a 30%
    // chance of signing up misses among 200 visitors with probability 0.925^200 < 2e-7).
    for (const v of e.variants) expect(truth[v.name]!.conversions.signup).toBeGreaterThan(0);
  });
});
