/**
 * A conversion counts only when the site's own page sends it: a real enrolled Chromium visitor is driven
 * to the goal URL by another site — a link, a GET and a POST form, `location.href`, `window.open`,
 * `navigator.sendBeacon`, a prefetch — and none of it logs a conversion (Fetch Metadata says
 * `cross-site`, and the SameSite=Lax proof is not even sent on cross-site POSTs). Then the same visitor's
 * own same-origin beacon counts exactly once, so the suite can fail. The other site is `localhost`, the
 * local CloudFront `127.0.0.1`: two sites for the browser (https://html.spec.whatwg.org/#sites).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { GOAL_ENDPOINT_PREFIX } from '../../edge-functions/shared/endpoints';
import { startServer, type LocalCloudFront } from '../../emulator';
import { fixture, serverOptions } from '../support/fixtures';
import { browserAvailable, launch, openVisitor } from './browser';

const demo = fixture('demo');
const goal = demo.config.experiments.goals[0]!.id;
const e = demo.config.experiments.list[0]!;
const page = `/${demo.config.locales.default}${e.paths[0]}`;

/** The attacker's pages, each aimed at `goal` (the full URL on the local CloudFront). */
const ATTACKS: Record<string, (goal: string) => string> = {
  link: (g) => `<a id="go" href="${g}">win a prize</a><script>document.getElementById('go').click()</script>`,
  'get form': (g) =>
    `<form id="f" action="${g}"></form><script>document.getElementById('f').submit()</script>`,
  'post form': (g) =>
    `<form id="f" method="post" action="${g}"></form><script>document.getElementById('f').submit()</script>`,
  'location.href': (g) => `<script>location.href = ${JSON.stringify(g)}</script>`,
  'window.open': (g) => `<script>window.open(${JSON.stringify(g)})</script>`,
  sendBeacon: (g) => `<script>navigator.sendBeacon(${JSON.stringify(g)})</script>`,
  prefetch: (g) => `<link rel="prefetch" href="${g}">`,
};

const conversions = (logDir: string): string[] => {
  const file = path.join(logDir, 'viewer-request.log');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').filter((l) => l.includes('"Conversions"'));
};

const suite = browserAvailable() ? describe : describe.skip;

suite('another site cannot convert a real visitor', () => {
  const logDir = mkdtempSync(path.join(tmpdir(), 'cf-cross-site-'));
  let server: LocalCloudFront;
  let attacker: Server;
  let browser: Browser;
  const beacons: string[] = [];

  beforeAll(async () => {
    server = await startServer({
      ...serverOptions('demo'),
      port: 0,
      logDir,
      log: (line) => void (line.includes(GOAL_ENDPOINT_PREFIX) && beacons.push(line)),
    });
    const target = `${server.url}${GOAL_ENDPOINT_PREFIX}${goal}`;
    attacker = createServer((req, res) => {
      const attack = ATTACKS[decodeURIComponent((req.url ?? '/').slice(1))];
      res.writeHead(attack ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(attack ? `<!doctype html><title>elsewhere</title>${attack(target)}` : '');
    });
    await new Promise<void>((resolve) => attacker.listen(0, 'localhost', resolve));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    rmSync(logDir, { recursive: true, force: true });
  });

  it('counts none of the attacks, then the visitor’s own beacon once', async () => {
    const consentCookie = demo.config.experiments.consentCookieName;
    const { context, page: tab } = await openVisitor(browser, {
      locale: 'en',
      url: server.url,
      consentCookie,
    });
    expect((await tab.goto(`${server.url}${page}`, { waitUntil: 'load' }))?.status()).toBe(200);
    const proof = (await context.cookies(server.url)).find((c) => c.name === e.cookieName);
    expect(proof?.value).toMatch(/^[a-z0-9-]+\.e[\w-]{16}\.[\w-]{22}$/);

    const port = (attacker.address() as AddressInfo).port;
    for (const name of Object.keys(ATTACKS)) {
      const before = beacons.length;
      await tab.goto(`http://localhost:${port}/${encodeURIComponent(name)}`, { waitUntil: 'commit' });
      // Wait for the request the attack makes (a prefetch may be dropped by the browser: then none).
      for (let i = 0; i < 40 && beacons.length === before; i++) await tab.waitForTimeout(50);
    }
    expect(beacons.length).toBeGreaterThanOrEqual(Object.keys(ATTACKS).length - 1);
    expect(conversions(logDir)).toEqual([]);

    await tab.goto(`${server.url}${page}`, { waitUntil: 'load' });
    await tab.evaluate((g) => navigator.sendBeacon(g), `${GOAL_ENDPOINT_PREFIX}${goal}`);
    for (let i = 0; i < 40 && conversions(logDir).length === 0; i++) await tab.waitForTimeout(50);
    const counted = conversions(logDir).map((l) => JSON.parse(l.slice(l.indexOf('{'))));
    expect(counted).toEqual([expect.objectContaining({ Experiment: e.id, Goal: goal, Conversions: 1 })]);
    expect(counted[0].Enrollment).toBe(proof!.value.split('.')[1]!.slice(1));
    await context.close();
  });
});
