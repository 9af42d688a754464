/**
 * The shipped viewer-request bundle, built through the build's own plugins from the `best-fit` fixture
 * configuration (and a variant offering `en-US` and `en-GB`), on the rows docs/your-site.md promises:
 * a locale-less page redirects to the locale best-fit matching chooses, named in canonical case.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bundlePath, esbuildOptions } from '../../edge-functions/build';
import { bakePlugins } from '../../edge-functions/build/plugins';
import type { CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import { validateResult } from '../../edge-functions/cloudfront/validator';
import { completeConfig } from '../../edge-functions/config/define';
import { loadConfig } from '../../edge-functions/config/load';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { validateConfig } from '../../edge-functions/config/validate';
import { viewerRequest } from '../support/events';
import { configFileOf, FIXTURES_DIR } from '../support/fixtures';
import { TEST_SIGNING_KEYS } from '../support/keys';

type Handler = (event: unknown) => Promise<CloudFrontResultResponse>;

const out = mkdtempSync(path.join(tmpdir(), 'best-fit-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Build the viewer-request bundle for `config` into `out/<name>` and load it as Lambda@Edge would. */
async function bundleFor(name: string, config: SiteConfig): Promise<Handler> {
  validateConfig(config);
  const file = bundlePath('viewer-request', path.join(out, name));
  await build({
    ...esbuildOptions('viewer-request', file),
    // Any folder will do for the inventory: this configuration has no experiments.
    plugins: bakePlugins('viewer-request', {
      config,
      siteDir: path.join(FIXTURES_DIR, 'demo', 'site'),
      signingKeys: TEST_SIGNING_KEYS,
    }),
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(file) as { handler: Handler }).handler;
}

/** Where the bundle sends a browser asking for `/` with this `Accept-Language`. */
async function redirect(handler: Handler, acceptLanguage: string): Promise<string | undefined> {
  const event = viewerRequest({ uri: '/', headers: { 'Accept-Language': acceptLanguage } });
  const before = structuredClone(event.Records[0]!.cf.request.headers);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const result = await handler(event);
    expect(validateResult({ eventType: 'viewer-request', requestHeaders: before }, result)).toEqual([]);
    expect(result.status).toBe('302');
    return result.headers?.location?.[0]?.value;
  } finally {
    log.mockRestore();
  }
}

describe('dist/viewer-request built from the best-fit fixture', () => {
  const fixture = loadConfig(configFileOf('best-fit')).config;
  let site: Handler;
  let english: Handler;
  beforeAll(async () => {
    site = await bundleFor('best-fit', fixture);
    english = await bundleFor(
      'en-us-gb',
      completeConfig({
        siteUrl: 'https://www.example.net',
        locales: { supported: ['en-US', 'en-GB', 'fr'], default: 'en-US' },
      }),
    );
  });

  it.each([
    ['pt-PT', '/pt-BR/'],
    ['pt', '/pt-BR/'],
    ['de-CH', '/de/'],
    ['zh-TW', '/zh-Hant/'],
    ['zh-HK', '/zh-Hant/'],
    ['zh-MO', '/zh-Hant/'],
    ['zh-CN', '/en/'],
    ['zh', '/en/'],
    ['zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7', '/zh-Hant/'],
    ['en,pt;q=0.9', '/en/'],
    ['pt,en;q=0.9', '/pt-BR/'],
    ['gl-ES,en;q=0.5', '/pt-BR/'],
    ['fr-FR', '/en/'],
  ])('Accept-Language %j → %s', async (header, location) => {
    expect(await redirect(site, header)).toBe(location);
  });

  it('sends a 2 KB junk header to the default locale', async () => {
    expect(await redirect(site, `${'x'.repeat(2000)}, zh-TW`)).toBe('/en/');
  });

  it.each([
    ['en-IN', '/en-GB/'],
    ['en-AU', '/en-GB/'],
    ['en-CA', '/en-US/'],
    ['en', '/en-US/'],
    ['fr-CA,en;q=0.5', '/fr/'],
  ])('with en-US and en-GB offered, Accept-Language %j → %s', async (header, location) => {
    expect(await redirect(english, header)).toBe(location);
  });
});
