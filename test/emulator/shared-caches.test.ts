/**
 * Through the local CloudFront with the shipped bundles: an answer that depends on `Accept-Language`, the
 * locale cookie or an experiment cookie at a URL that does not name the locale or variant carries `Vary` with
 * those inputs, so a cache after CloudFront keys on them; CloudFront itself still caches it by its own key
 * (one entry per localized object and variant, shared with the URL that names it). A page only its own URL
 * reaches (redirect mode, no experiment) keeps its headers as they were.
 */
import { enrollThrough, fetchPath, rawRequest } from './http';
import { startServer, type LocalCloudFront } from '../../emulator';
import { fixture, serverOptions, type FixtureName } from '../support/fixtures';

const LOCALE = 'Accept-Language, Cookie';
const EXPERIMENT = 'Cookie, Sec-Fetch-Mode, Sec-Purpose, Purpose';
const BROWSER = { 'Sec-Fetch-Mode': 'navigate' };

const servers: LocalCloudFront[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
async function serve(name: FixtureName): Promise<LocalCloudFront> {
  const s = await startServer({ ...serverOptions(name), port: 0, log: false });
  servers.push(s);
  return s;
}
const htmlCacheControl = (name: FixtureName) => fixture(name).config.cache.htmlCacheControl;

describe('rewrite mode (plain-files-rewrite): a negotiated page at a locale-less URL', () => {
  it('varies on Accept-Language and Cookie, and CloudFront shares its entry with the locale-named URL', async () => {
    const s = await serve('plain-files-rewrite');
    const de = await fetchPath(s.url, '/pricing.html', { ...BROWSER, 'Accept-Language': 'de-DE,de;q=0.9' });
    expect(de.status).toBe(200);
    expect(de.body).toContain('de/pricing.html');
    expect(de.headers.get('x-cache')).toBe('Miss from cloudfront');
    expect(de.headers.get('vary')).toBe(LOCALE);
    expect(de.headers.get('cache-control')).toBe(htmlCacheControl('plain-files-rewrite'));
    expect(de.headers.get('content-language')).toBe('de');

    const named = await fetchPath(s.url, '/de/pricing.html', BROWSER);
    expect(named.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(named.headers.get('vary')).toBe(LOCALE);

    const en = await fetchPath(s.url, '/pricing.html', { ...BROWSER, 'Accept-Language': 'en' });
    expect(en.body).toContain('en/pricing.html');
    expect(en.headers.get('vary')).toBe(LOCALE);
    const cookie = await fetchPath(s.url, '/pricing.html', { ...BROWSER, Cookie: 'locale=de' });
    expect(cookie.body).toContain('de/pricing.html');
    expect(cookie.headers.get('x-cache')).toBe('Hit from cloudfront');
  });

  it('varies the localized not-found page served at a locale-less URL', async () => {
    const s = await serve('plain-files-rewrite');
    const r = await fetchPath(s.url, '/nope/', { 'Accept-Language': 'de' });
    expect(r.status).toBe(404);
    expect(r.headers.get('content-language')).toBe('de');
    expect(r.headers.get('vary')).toBe(LOCALE);
  });
});

describe.each<[FixtureName, string]>([
  ['plain-files', EXPERIMENT],
  ['plain-files-rewrite', `Accept-Language, ${EXPERIMENT}`],
])('an experiment page served at its own URL (%s)', (name, vary) => {
  it('varies on what picks the variant, for enrolled browsers and crawlers alike, and is still cached', async () => {
    const s = await serve(name);
    const proof = await enrollThrough(s.url, '/en/', 'xp-home', 'bold', { 'Accept-Language': 'en' });
    const bold = await fetchPath(s.url, '/en/', { ...BROWSER, Cookie: proof });
    expect(bold.body).toContain('data-variant="bold"');
    expect(bold.headers.get('vary')).toBe(vary);
    expect(bold.headers.get('cache-control')).toBe(htmlCacheControl(name));
    const again = await fetchPath(s.url, '/en/', { ...BROWSER, Cookie: proof });
    expect(again.headers.get('x-cache')).toBe('Hit from cloudfront');

    const crawler = await rawRequest(s.port, '/en/');
    expect(crawler.status).toBe(200);
    expect(crawler.headers.vary).toBe(vary);
  });
});

describe('redirect mode (plain-files): a page only its own URL reaches', () => {
  it.each(['/de/pricing.html', '/en/docs/'])(
    'keeps %s as it was: no Vary, the HTML default',
    async (path) => {
      const s = await serve('plain-files');
      for (const expected of ['Miss from cloudfront', 'Hit from cloudfront']) {
        const r = await fetchPath(s.url, path, { ...BROWSER, 'Accept-Language': 'en' });
        expect(r.status).toBe(200);
        expect(r.headers.get('x-cache')).toBe(expected);
        expect(r.headers.get('vary')).toBeNull();
        expect(r.headers.get('cache-control')).toBe(htmlCacheControl('plain-files'));
      }
    },
  );

  it('keeps the locale redirect of a neutral URL as it was', async () => {
    const s = await serve('plain-files');
    const r = await fetchPath(s.url, '/docs/', { 'Accept-Language': 'de' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe('/de/docs/');
    expect(r.headers.get('cache-control')).toBe('private, no-store');
    expect(r.headers.get('vary')).toBe(LOCALE);
  });
});
