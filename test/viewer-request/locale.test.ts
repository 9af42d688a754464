import {
  chooseLocale,
  MAX_ACCEPT_LANGUAGE,
  negotiateLocale,
  parseAcceptLanguage,
} from '../../edge-functions/viewer-request/locale';

const SUPPORTED = ['en', 'ja'];

describe('negotiateLocale', () => {
  it.each([
    ['ja-JP,ja;q=0.9,en-US;q=0.8,en;q=0.7', 'ja'],
    ['en-GB,en;q=0.9', 'en'],
    ['fr-FR,fr;q=0.9', undefined],
    ['fr, ja;q=0.5', 'ja'],
    ['en;q=0.5, ja;q=0.8', 'ja'],
    ['en, ja', 'en'],
    ['ja, en', 'ja'],
    ['ja;q=0, *', 'en'],
    ['en;q=0, *;q=0.5', 'ja'],
    ['en;q=0, ja;q=0, *', undefined],
    ['*', 'en'],
    ['ja;q=0', undefined],
    ['JA-jp', 'ja'],
    ['ja_JP', 'ja'],
    ['ja;q=.5, en;q=.4', 'ja'],
    ['en;q=.4, ja ; Q = 0.5', 'ja'],
    ['ja;foo=bar;q=0.9, en;q=0.8', 'ja'],
    ['ja;q=2, en', 'en'],
    ['ja;q=-1, en', 'en'],
    ['ja-Jpan-JP;q=0.9, en;q=0.1', 'ja'],
    ['', undefined],
    [';;;', undefined],
    [',,,', undefined],
    ['toString', undefined],
    ['__proto__, ja', 'ja'],
    [`${'x'.repeat(4096)}, ja`, undefined],
    [`${'zz, '.repeat(40)}ja`, undefined],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLocale(header, SUPPORTED)).toBe(expected);
  });

  it('falls back through script and region subtags (RFC 4647 §3.4 lookup)', () => {
    expect(negotiateLocale('zh-Hant-TW', ['zh-hant', 'en'])).toBe('zh-hant');
    expect(negotiateLocale('zh-Hant-TW', ['zh', 'en'])).toBe('zh');
    expect(negotiateLocale('pt-BR', ['pt-br', 'pt'])).toBe('pt-br');
    expect(negotiateLocale('pt', ['pt-br'])).toBeUndefined();
  });

  it('keeps header order for equal weights, whatever the configuration order', () => {
    expect(negotiateLocale('ja, en', ['en', 'ja'])).toBe('ja');
    expect(negotiateLocale('en, ja', ['ja', 'en'])).toBe('en');
  });

  it('uses configuration order for `*`', () => {
    expect(negotiateLocale('*', ['ja', 'en'])).toBe('ja');
  });
});

describe('parseAcceptLanguage', () => {
  it('sorts by q, stable in header order, and cuts hostile lengths', () => {
    expect(parseAcceptLanguage('a;q=0.5, b, c;q=0.5, d').map((r) => r.tag)).toEqual(['b', 'd', 'a', 'c']);
    const huge = `${'en,'.repeat(MAX_ACCEPT_LANGUAGE)}`;
    expect(parseAcceptLanguage(huge).length).toBeLessThanOrEqual(32);
  });
});

describe('chooseLocale', () => {
  it.each([
    [
      { pathLocale: 'ja', cookieLocale: 'en', acceptLanguage: 'en' },
      { locale: 'ja', source: 'path' },
    ],
    [
      { cookieLocale: 'ja', acceptLanguage: 'en' },
      { locale: 'ja', source: 'cookie' },
    ],
    [
      { cookieLocale: 'xx', acceptLanguage: 'ja' },
      { locale: 'ja', source: 'header' },
    ],
    [
      { cookieLocale: '', acceptLanguage: 'ja' },
      { locale: 'ja', source: 'header' },
    ],
    [
      { cookieLocale: 'JA', acceptLanguage: 'fr' },
      { locale: 'en', source: 'default' },
    ],
    [{ acceptLanguage: 'fr' }, { locale: 'en', source: 'default' }],
    [{}, { locale: 'en', source: 'default' }],
  ])('%j → %j', (input, expected) => {
    expect(chooseLocale(input, SUPPORTED, 'en')).toEqual(expected);
  });
});
