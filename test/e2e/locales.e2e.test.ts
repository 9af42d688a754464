/**
 * Languages as browsers send them, in real Chromium, on the four-locales fixture (`de` default, `en`, `pt-BR`,
 * `zh-Hant` in canonical-case folders, rewrite mode) through the local CloudFront with its shipped bundles:
 * every locale lands, including from Portuguese (Portugal) and Chinese (Taiwan, Hong Kong) browsers; a
 * mis-cased prefix is followed to the folder; the switcher's cookie in any case is honoured.
 */
import type { Browser } from 'playwright-core';
import { startServer, type LocalCloudFront } from '../../emulator';
import { serverOptions } from '../support/fixtures';
import { browserAvailable, launch, openVisitor } from './browser';

const suite = browserAvailable() ? describe : describe.skip;

suite('four locales in a real browser', () => {
  let server: LocalCloudFront;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer({ ...serverOptions('four-locales'), port: 0, log: false });
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.concurrent.each([
    ['de-DE', 'de'],
    ['de-CH', 'de'],
    ['en-US', 'en'],
    ['pt-BR', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['ja-JP', 'de'],
  ])('a browser speaking %s lands on the %s home page, without errors', async (language, locale) => {
    const { context, page, problems } = await openVisitor(browser, { locale: language, url: server.url });
    const response = await page.goto(`${server.url}/`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-language']).toBe(locale);
    expect(await page.locator('html').getAttribute('lang')).toBe(locale);
    // The fixture's pages load a stylesheet and a deferred script and fetch nothing later: every problem
    // they could have is reported by the load event (the root site's suite waits for the network to idle).
    expect(problems).toEqual([]);
    await context.close();
  });

  it('follows a mis-cased prefix to the folder, keeping the rest and the query', async () => {
    const { context, page, problems } = await openVisitor(browser, { locale: 'de-DE', url: server.url });
    const response = await page.goto(`${server.url}/PT-br/pricing.html?ref=x`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/pt-BR/pricing.html?ref=x');
    expect(await page.locator('html').getAttribute('lang')).toBe('pt-BR');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('honours a locale cookie written in lower case over the browser language', async () => {
    const { context, page } = await openVisitor(browser, { locale: 'de-DE', url: server.url });
    await context.addCookies([{ name: 'locale', value: 'zh-hant', url: server.url }]);
    await page.goto(`${server.url}/pricing.html`, { waitUntil: 'load' });
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-Hant');
    await context.close();
  });
});
