import {
  cacheClass,
  defaultCacheControl,
  isLeakingHeader,
  stripLeakingHeaders,
  uriLocale,
} from '../../edge-functions/origin-response/headers';
import { headers } from '../support/events';
import { fixture } from '../support/fixtures';

const config = fixture('demo').resolved;

describe('isLeakingHeader', () => {
  it.each([
    ['server', true],
    ['x-amz-server-side-encryption', true],
    ['x-amz-version-id', true],
    ['x-amz-id-2', true],
    ['x-amz-request-id', true],
    ['x-amz-meta-owner', true],
    ['x-amz-cf-pop', false],
    ['content-type', false],
    ['x-amzn-requestid', false],
  ])('%s → %s', (name, expected) => expect(isLeakingHeader(name)).toBe(expected));
});

describe('stripLeakingHeaders', () => {
  it('removes S3 implementation headers and keeps the rest', () => {
    const h = headers({ Server: 'AmazonS3', 'x-amz-meta-a': '1', ETag: '"x"', 'Set-Cookie': ['a=1', 'b=2'] });
    stripLeakingHeaders(h);
    expect(Object.keys(h).sort()).toEqual(['etag', 'set-cookie']);
    expect(h['set-cookie']).toHaveLength(2);
  });
});

describe('cacheClass / defaultCacheControl', () => {
  it.each([
    ['/assets/site.b0e0483b.css', 'text/css', 'immutable', config.cache.immutableCacheControl],
    ['/assets/favicon.33e665cb.svg', 'image/svg+xml', 'immutable', config.cache.immutableCacheControl],
    ['/en/index.html', 'text/html; charset=utf-8', 'html', config.cache.htmlCacheControl],
    ['/en/page', 'TEXT/HTML', 'html', config.cache.htmlCacheControl],
    ['/robots.txt', 'text/plain', 'other', config.cache.defaultCacheControl],
    ['/assets/site.css', 'text/css', 'other', config.cache.defaultCacheControl],
    ['/assets/site.b0e0483.css', undefined, 'other', config.cache.defaultCacheControl],
  ])('%s (%s) → %s', (uri, type, cls, value) => {
    expect(cacheClass(uri, type)).toBe(cls);
    expect(defaultCacheControl(cacheClass(uri, type), config.cache)).toBe(value);
  });
});

describe('uriLocale', () => {
  it.each([
    ['/ja/index.html', 'ja'],
    ['/en/a/b.html', 'en'],
    ['/ja', 'ja'],
    ['/robots.txt', undefined],
    ['/jap/x', undefined],
    ['/', undefined],
  ])('%s → %s', (uri, locale) => expect(uriLocale(uri, ['en', 'ja'])).toBe(locale));
});
