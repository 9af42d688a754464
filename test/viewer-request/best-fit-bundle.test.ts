/**
 * The shipped viewer-request bundle, built through the build's own plugins from the `best-fit` fixture
 * configuration (and a variant offering `en-us` and `en-gb`), on the rows docs/your-site.md promises:
 * a locale-less page redirects to the locale best-fit matching chooses. Supported tags are lower case here
 * because configuration validation still requires it; the module tests use canonical case.
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
        locales: { supported: ['en-us', 'en-gb', 'fr'], default: 'en-us' },
      }),
    );
  });

  it.each([
    ['pt-PT', '/pt-br/'],
    ['pt', '/pt-br/'],
    ['de-CH', '/de/'],
    ['zh-TW', '/zh-hant/'],
    ['zh-HK', '/zh-hant/'],
    ['zh-MO', '/zh-hant/'],
    ['zh-CN', '/en/'],
    ['zh', '/en/'],
    ['zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7', '/zh-hant/'],
    ['en,pt;q=0.9', '/en/'],
    ['pt,en;q=0.9', '/pt-br/'],
    ['gl-ES,en;q=0.5', '/pt-br/'],
    ['fr-FR', '/en/'],
  ])('Accept-Language %j → %s', async (header, location) => {
    expect(await redirect(site, header)).toBe(location);
  });

  it('sends a 2 KB junk header to the default locale', async () => {
    expect(await redirect(site, `${'x'.repeat(2000)}, zh-TW`)).toBe('/en/');
  });

  it.each([
    ['en-IN', '/en-gb/'],
    ['en-AU', '/en-gb/'],
    ['en-CA', '/en-us/'],
    ['en', '/en-us/'],
    ['fr-CA,en;q=0.5', '/fr/'],
  ])('with en-us and en-gb offered, Accept-Language %j → %s', async (header, location) => {
    expect(await redirect(english, header)).toBe(location);
  });
});
