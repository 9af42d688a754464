import { originConfig } from '../../edge-functions/config/resolve';
import { cacheClass, chosenBy, defaultCacheControl, varyHeaders } from '../../edge-functions/shared/caching';
import { fixture, type FixtureName } from '../support/fixtures';

const config = fixture('demo').resolved;

describe('cacheClass / defaultCacheControl', () => {
  it.each([
    ['/assets/site.b0e0483b.css', 'text/css', 'immutable', config.cache.immutableCacheControl],
    ['/assets/favicon.33e665cb.svg', 'image/svg+xml', 'immutable', config.cache.immutableCacheControl],
    ['/en/index.html', 'text/html; charset=utf-8', 'html', config.cache.htmlCacheControl],
    ['/en/page', 'TEXT/HTML', 'html', config.cache.htmlCacheControl],
    ['/robots.txt', 'text/plain', 'other', config.cache.defaultCacheControl],
    ['/assets/site.css', 'text/css', 'other', config.cache.defaultCacheControl],
    ['/assets/site.b0e0483.css', undefined, 'other', config.cache.defaultCacheControl],
    ['/en/blog/POST.HTML', undefined, 'html', config.cache.htmlCacheControl],
    ['/en/blog/cover.png', 'image/png', 'other', config.cache.defaultCacheControl],
  ])('%s (%s) → %s', (uri, type, cls, value) => {
    expect(cacheClass(uri, type)).toBe(cls);
    expect(defaultCacheControl(cacheClass(uri, type), config.cache)).toBe(value);
  });
});

describe('chosenBy: what chose an object that a URL without its locale or variant is answered with', () => {
  const facts = (name: FixtureName) => originConfig(fixture(name).resolved);
  const LOCALE = ['accept-language', 'cookie'];
  const EXPERIMENT = ['cookie', 'sec-fetch-mode', 'sec-purpose', 'purpose'];

  it.each<[FixtureName, string, string[]]>([
    // Redirect mode: only experiment pages and their variants are served at a URL that does not name them.
    ['demo', '/en/index.html', EXPERIMENT],
    ['demo', '/ja/index.bold.html', EXPERIMENT],
    ['demo', '/en/features/index.html', []],
    ['demo', '/en/features/index.bold.html', []],
    ['demo', '/en/404.html', []],
    ['demo', '/assets/site.b0e0483b.css', []],
    ['demo', '/robots.txt', []],
    ['three-locales', '/fr/pricing/index.html', EXPERIMENT],
    ['three-locales', '/fr/pricing/index.table.html', EXPERIMENT],
    ['three-locales', '/fr/pricing/index.sticky.html', []],
    ['three-locales', '/en/blog/first-post/index.sticky.html', EXPERIMENT],
    ['three-locales', '/en/blog/cover.png', []],
    ['three-locales', '/en/index.sticky.html', []],
    ['three-locales', '/en/blog/index.cards.html', EXPERIMENT], // a page under the /blog/* prefix itself
    ['three-locales', '/en/index.html', []],
    // Rewrite mode: every localized object, pages or not; experiment pages add their own inputs.
    ['plain-files-rewrite', '/de/pricing.html', LOCALE],
    ['plain-files-rewrite', '/de/missing/index.html', LOCALE],
    ['plain-files-rewrite', '/en/logo.svg', LOCALE],
    ['plain-files-rewrite', '/en/index.bold.html', ['accept-language', ...EXPERIMENT]],
    ['plain-files-rewrite', '/robots.txt', []],
    ['plain-files-rewrite', '/assets/plain.5e1f0c2a.css', []],
  ])('%s: %s → %p', (name, uri, expected) => {
    expect(chosenBy(uri, facts(name))).toEqual(expected);
  });

  it('names nothing for a disabled experiment: it serves its control to everyone', () => {
    const demo = fixture('demo').resolved;
    const list = demo.experiments.list.map((e) => ({ ...e, enabled: false }));
    const off = originConfig({ ...demo, experiments: { ...demo.experiments, list } });
    expect(chosenBy('/en/index.bold.html', off)).toEqual([]);
    expect(varyHeaders(off)).toEqual([]);
  });

  it.each<[FixtureName, string[]]>([
    ['demo', ['sec-fetch-mode', 'sec-purpose', 'purpose']],
    ['plain-files-rewrite', ['accept-language', 'sec-fetch-mode', 'sec-purpose', 'purpose']],
  ])('varyHeaders(%s): every header it can name but Cookie', (name, expected) => {
    expect(varyHeaders(facts(name))).toEqual(expected);
  });
});
