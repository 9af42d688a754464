/**
 * `npm start`'s loop over real HTTP: an `edge.config.ts` edit is served without a restart, an invalid edit
 * keeps the last good build serving, and a generator that deletes and rewrites the site folder is followed
 * instead of crashing the server. Each step polls for what it waits on (`until`: a bound, not a timing
 * assertion), so a quick rebuild is not kept waiting and a slow machine does not fail.
 */
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startLoop, until, type Loop } from './harness';
import { fixture } from '../support/fixtures';
import { rawRequest } from '../emulator/http';

const DEFINE = path.join(__dirname, '..', '..', 'edge-functions', 'config', 'define');

describe('the dev loop', () => {
  const demo = fixture('demo');
  const root = mkdtempSync(path.join(tmpdir(), 'dev-loop-'));
  const configFile = path.join(root, 'edge.config.ts');
  const e = demo.config.experiments.list[0]!;
  const variant = e.variants.find((v) => v.name !== e.control)!.name;
  const writeConfig = (experiment: Record<string, unknown>, locales = demo.config.locales) =>
    writeFileSync(
      configFile,
      `import { defineConfig } from ${JSON.stringify(DEFINE)};\nexport default defineConfig(${JSON.stringify({
        siteUrl: demo.config.siteUrl,
        locales: { supported: locales.supported, default: locales.default },
        experiments: { goals: demo.config.experiments.goals, list: [{ ...e, ...experiment }] },
      })});\n`,
    );
  let loop: Loop | undefined;
  const page = `/${demo.config.locales.default}/`;
  const get = async (p: string) => {
    // A curl-like client (fetch would add Sec-Fetch-Mode): a QA override is shown directly, where a browser
    // would be redirected to a session cookie.
    const r = await rawRequest(loop!.server().port, p);
    return { status: r.status, body: r.body.toString() };
  };
  const variantObject = readFileSync(
    path.join(demo.siteDir, demo.config.locales.default, `index.${variant}.html`),
    'utf8',
  );

  beforeAll(async () => {
    cpSync(demo.siteDir, path.join(root, 'site'), { recursive: true });
    writeConfig({});
    loop = await startLoop(configFile, path.join(root, 'dist'));
  });
  afterAll(async () => {
    await loop?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the first build', async () => {
    expect((await get(`${page}?${e.overrideParam}=${variant}`)).body).toBe(variantObject);
  });

  it('serves an edit of edge.config.ts without a restart', async () => {
    writeConfig({ enabled: false });
    let r = await get(`${page}?${e.overrideParam}=${variant}`);
    await until(
      async () => (r = await get(`${page}?${e.overrideParam}=${variant}`)).body !== variantObject,
      () => `the disabled experiment's override still serves the variant:\n${loop!.lines.join('\n')}`,
    );
    expect(r.status).toBe(200);
  });

  it('prints the errors of an invalid edit and keeps serving the last good build', async () => {
    writeConfig({ enabled: false }, { ...demo.config.locales, default: 'xx' });
    await until(
      () => loop!.lines.join('\n').includes('the last good build keeps serving'),
      () => `no build error printed:\n${loop!.lines.join('\n')}`,
    );
    expect(loop!.lines.join('\n')).toMatch(
      /Invalid configuration in .*edge\.config\.ts:\n {2}- locales\.default must be one of/,
    );
    expect(loop!.lines.join('\n')).toContain('the last good build keeps serving');
    expect((await get(page)).status).toBe(200);
  });

  it('follows a generator that deletes and rewrites the site folder', async () => {
    writeConfig({ enabled: true });
    const site = path.join(root, 'site');
    renameSync(site, path.join(root, 'site-old'));
    await until(
      async () => [403, 404].includes((await get(page)).status),
      () => 'the deleted site is still served',
    );
    cpSync(path.join(root, 'site-old'), site, { recursive: true });
    await until(
      async () => (await get(`${page}?${e.overrideParam}=${variant}`)).body === variantObject,
      () => `the rewritten site is not served:\n${loop!.lines.join('\n')}`,
    );
  });
});
