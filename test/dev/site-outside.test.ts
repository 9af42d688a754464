/**
 * `npm start` with `site` pointing outside the configuration's folder (`../generated/site`, as a generator's
 * output often is): every change there rebuilds what the bundles bake — the not-found pages origin-response
 * answers with and the pages viewer-request enrolls on — and a generator that deletes and rewrites the
 * folder, or the folder above it, is followed.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { folderOf } from '../../edge-functions/shared/locales';
import { fetchPath, rawRequest } from '../emulator/http';
import { fixture } from '../support/fixtures';
import { configSource, startLoop, until, type Loop } from './harness';

describe('the dev loop, with the site outside the configuration folder', () => {
  const demo = fixture('demo');
  const { locales } = demo.config;
  const e = demo.config.experiments.list[0]!;
  const variant = e.variants.find((v) => v.name !== e.control)!.name;
  const root = mkdtempSync(path.join(tmpdir(), 'dev-outside-'));
  const generated = path.join(root, 'generated');
  const site = path.join(generated, 'site');
  const outDir = path.join(root, 'dist');
  const folder = folderOf(locales.default, locales.folderCase);
  const notFound = path.join(site, folder, locales.notFoundObject);
  const covered = '/features/';
  let loop: Loop;

  /** The demo's site, with variant files for the covered folder's pages. */
  const writeSite = () => {
    cpSync(demo.siteDir, site, { recursive: true });
    for (const l of locales.supported) {
      const dir = path.join(site, folderOf(l, locales.folderCase), covered);
      cpSync(path.join(dir, 'index.html'), path.join(dir, `index.${variant}.html`));
    }
  };
  const missing = () => fetchPath(loop.server().url, `/${folder}/no-such-page/`);
  const marked = (marker: string) =>
    readFileSync(path.join(demo.siteDir, folder, locales.notFoundObject), 'utf8').replace(
      '<body',
      `<body data-marker="${marker}"`,
    );
  const wait = (check: () => Promise<boolean>, what: string) =>
    until(check, () => `${what}; the loop printed:\n${loop.lines.slice(-5).join('\n')}`);

  beforeAll(async () => {
    writeSite();
    mkdirSync(path.join(root, 'project'));
    const configFile = path.join(root, 'project', 'edge.config.ts');
    writeFileSync(
      configFile,
      configSource({
        site: '../generated/site',
        siteUrl: demo.config.siteUrl,
        locales: { supported: locales.supported, default: locales.default },
        experiments: {
          goals: demo.config.experiments.goals,
          list: [{ ...e, paths: [...e.paths, `${covered}*`] }],
        },
      }),
    );
    loop = await startLoop(configFile, outDir);
  });
  afterAll(async () => {
    await loop?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the site and bakes its not-found page anew when the site changes it', async () => {
    expect((await rawRequest(loop.server().port, `/${folder}/`)).status).toBe(200);
    writeFileSync(notFound, marked('edited'));
    await wait(async () => (await missing()).body.includes('data-marker="edited"'), 'the edited 404 page');
    expect((await missing()).status).toBe(404);
  });

  it('bakes a page added to the site into the pages viewer-request enrolls on', async () => {
    const page = `/${folder}${covered}new/`;
    const browser = { 'Sec-Fetch-Mode': 'navigate' };
    expect((await fetchPath(loop.server().url, page, browser)).status).toBe(404);
    const dir = path.join(site, folder, covered, 'new');
    mkdirSync(dir);
    // The covered folder's page, canonical at its new URL.
    const html = readFileSync(path.join(site, folder, covered, 'index.html'), 'utf8').replaceAll(
      `${demo.config.siteUrl}${page.replace('new/', '')}"`,
      `${demo.config.siteUrl}${page}"`,
    );
    writeFileSync(path.join(dir, `index.${variant}.html`), html);
    writeFileSync(path.join(dir, 'index.html'), html);
    await wait(async () => (await fetchPath(loop.server().url, page, browser)).status === 302, 'enrollment');
    const r = await fetchPath(loop.server().url, page, browser);
    expect(r.setCookies.some((c) => c.startsWith(`${e.cookieName}=`))).toBe(true);
  });

  it('follows a generator that deletes and rewrites the whole site folder', async () => {
    rmSync(site, { recursive: true });
    await wait(async () => (await rawRequest(loop.server().port, `/${folder}/`)).status !== 200, 'gone');
    writeSite();
    writeFileSync(notFound, marked('rewritten'));
    await wait(async () => (await missing()).body.includes('data-marker="rewritten"'), 'the rewritten site');
  });

  it('follows the site when the folder above it is deleted and re-created', async () => {
    rmSync(generated, { recursive: true });
    await wait(async () => (await rawRequest(loop.server().port, `/${folder}/`)).status !== 200, 'gone');
    writeSite();
    writeFileSync(notFound, marked('recreated'));
    await wait(async () => (await missing()).body.includes('data-marker="recreated"'), 'the re-created site');
  });
});
