import { cacheClass, defaultCacheControl } from '../../edge-functions/shared/caching';
import { fixture } from '../support/fixtures';

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
