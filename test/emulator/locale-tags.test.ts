/**
 * BCP 47 tags through the local CloudFront with the four-locales fixture's shipped bundles (`de`, `en`,
 * `pt-BR`, `zh-Hant` in canonical-case folders, rewrite mode): a prefix in another case answers 301 to the
 * folder, the `locale` cookie is read in any case, and every page says its language in canonical case.
 */
import { startServer, type LocalCloudFront } from '../../emulator';
import { fetchPath } from './http';
import { fixture, serverOptions } from '../support/fixtures';

const name = 'four-locales';
let server: LocalCloudFront;
beforeAll(async () => {
  server = await startServer({ ...serverOptions(name), port: 0, log: false });
});
afterAll(() => server.close());

describe('the four-locales fixture is the shape this suite tests', () => {
  it('has region and script tags in canonical-case folders and a non-English default', () => {
    const { locales } = fixture(name).config;
    expect(locales).toMatchObject({ supported: ['de', 'en', 'pt-BR', 'zh-Hant'], default: 'de' });
    expect(locales.folderCase).toBe('canonical');
  });
});

describe('a locale prefix in another case', () => {
  it.each([
    ['/pt-br/docs/', '/pt-BR/docs/'],
    ['/PT-BR/docs/intro/?utm_source=x&a=%C3%A9', '/pt-BR/docs/intro/?utm_source=x&a=%C3%A9'],
    ['/zh-hant/pricing.html', '/zh-Hant/pricing.html'],
    ['/ZH-HANT/no-such-page/', '/zh-Hant/no-such-page/'],
    ['/EN/', '/en/'],
    ['/pt-br', '/pt-BR/'],
    ['/pt-BR', '/pt-BR/'],
  ])('%s answers 301 to %s, never a page in another language', async (from, to) => {
    const r = await fetchPath(server.url, from, { 'Accept-Language': 'de' });
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe(to);
    expect(r.headers.get('content-language')).toBeNull();
  });

  it('is served once redirected, in its language', async () => {
    const r = await fetchPath(server.url, '/pt-BR/pricing.html', { 'Accept-Language': 'de' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-language')).toBe('pt-BR');
    expect(r.body).toContain('<html lang="pt-BR">');
  });

  it('leaves a path that only looks like a tag alone (`/pt_BR/` is not a locale folder)', async () => {
    const r = await fetchPath(server.url, '/pt_BR/docs/', { 'Accept-Language': 'de' });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-language')).toBe('de');
  });
});

describe('the locale cookie in any case', () => {
  it.each([
    ['pt-BR', 'pt-BR'],
    ['pt-br', 'pt-BR'],
    ['PT_BR', 'pt-BR'],
    ['zh-hant', 'zh-Hant'],
    ['ZH-HANT', 'zh-Hant'],
    ['pt', 'de'], // not a supported tag: Accept-Language decides
  ])('locale=%s serves the %s page at the locale-less URL', async (cookie, locale) => {
    const r = await fetchPath(server.url, '/pricing.html', {
      Cookie: `locale=${cookie}`,
      'Accept-Language': 'de-DE,de;q=0.9',
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-language')).toBe(locale);
    expect(r.body).toContain(`<html lang="${locale}">`);
  });
});

describe('Content-Language in canonical case', () => {
  it.each(['de', 'en', 'pt-BR', 'zh-Hant'])('%s: pages and the not-found page', async (locale) => {
    const page = await fetchPath(server.url, `/${locale}/`);
    expect(page.headers.get('content-language')).toBe(locale);
    const missing = await fetchPath(server.url, `/${locale}/no-such-page/`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-language')).toBe(locale);
    expect(missing.body).toContain(`<html lang="${locale}">`);
  });
});

describe('Accept-Language → locale, best fit (served at the locale-less URL in rewrite mode)', () => {
  it.each([
    ['de-DE,de;q=0.9,en;q=0.8', 'de'],
    ['de-CH', 'de'],
    ['en-US,en;q=0.9', 'en'],
    ['en-IN', 'en'],
    ['pt-BR', 'pt-BR'],
    ['pt-PT,pt;q=0.9', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['zh-TW,zh;q=0.9', 'zh-Hant'],
    ['zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-Hant-TW', 'zh-Hant'],
    // Simplified Chinese is never served Traditional: the next language, or the default.
    ['zh-CN,zh;q=0.9,en;q=0.8', 'en'],
    ['zh-CN', 'de'],
    // q-values still order the languages.
    ['en;q=0.9,pt;q=0.8', 'en'],
    ['pt;q=0.9,en;q=0.8', 'pt-BR'],
    ['ja-JP,ja;q=0.9', 'de'],
    ['', 'de'],
  ])('%j → %s', async (acceptLanguage, locale) => {
    const headers: Record<string, string> =
      acceptLanguage === '' ? {} : { 'Accept-Language': acceptLanguage };
    const r = await fetchPath(server.url, '/pricing.html', headers);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-language')).toBe(locale);
    expect(r.body).toContain(`<html lang="${locale}">`);
  });
});
