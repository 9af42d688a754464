import {
  addVary,
  isLeakingHeader,
  stripLeakingHeaders,
  uriLocale,
} from '../../edge-functions/origin-response/headers';
import { headers } from '../support/events';

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

describe('uriLocale', () => {
  it.each([
    ['/ja/index.html', 'ja'],
    ['/en/a/b.html', 'en'],
    ['/ja', 'ja'],
    ['/robots.txt', undefined],
    ['/jap/x', undefined],
    ['/', undefined],
  ])('%s → %s', (uri, locale) =>
    expect(uriLocale(uri, { supported: ['en', 'ja'], folderCase: 'canonical' })).toBe(locale),
  );

  it.each([
    ['/pt-BR/index.html', 'canonical', 'pt-BR'],
    ['/pt-br/index.html', 'lower', 'pt-BR'],
    ['/zh-hant/a.html', 'lower', 'zh-Hant'],
    // Only the folder itself is a locale's: viewer-request redirects every other case before the origin.
    ['/pt-br/index.html', 'canonical', undefined],
    ['/pt-BR/index.html', 'lower', undefined],
  ] as const)('%s with %s folders → %s (the canonical tag)', (uri, folderCase, locale) =>
    expect(uriLocale(uri, { supported: ['de', 'pt-BR', 'zh-Hant'], folderCase })).toBe(locale),
  );
});

describe('addVary', () => {
  it.each<[Record<string, string | string[]>, string[], string]>([
    [{}, ['accept-language', 'cookie'], 'Accept-Language, Cookie'],
    [{ Vary: 'Origin' }, ['cookie', 'sec-fetch-mode'], 'Origin, Cookie, Sec-Fetch-Mode'],
    [{ Vary: 'cookie,  ORIGIN' }, ['cookie'], 'cookie, ORIGIN'],
    [{ Vary: ['Origin', 'Accept-Encoding'] }, ['accept-encoding'], 'Origin, Accept-Encoding'],
    [{ Vary: 'Origin, origin,, ' }, ['purpose'], 'Origin, Purpose'],
    [{ Vary: '*' }, ['cookie'], '*'],
    [{ Vary: 'Origin, *' }, ['cookie'], 'Origin, *'],
  ])('%p + %p → Vary: %s', (input, names, expected) => {
    const h = headers(input);
    addVary(h, names);
    expect(h.vary).toEqual([{ key: 'Vary', value: expected }]);
  });
});
