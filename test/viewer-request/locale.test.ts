import { localeMatch } from '../../edge-functions/build/locale-table';
import {
  chooseLocale,
  MAX_ACCEPT_LANGUAGE,
  negotiateLocale,
  parseAcceptLanguage,
} from '../../edge-functions/viewer-request/locale';

/** A configuration's locales and the table the build bakes for them. */
function offer(supported: string[], fallback = supported[0]!, fallbacks: Record<string, string> = {}) {
  const match = localeMatch({ supported, default: fallback, fallbacks });
  return (header: string) => negotiateLocale(header, supported, fallback, match);
}

describe('negotiateLocale: headers browsers and others send', () => {
  const enJa = offer(['en', 'ja']);
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
    ['ja-JP-u-ca-japanese-x-foo', 'ja'],
    ['', undefined],
    [';;;', undefined],
    [',,,', undefined],
    ['toString', undefined],
    ['constructor, valueOf, hasOwnProperty', undefined],
    ['__proto__, ja', 'ja'],
    [`${'x'.repeat(4096)}, ja`, undefined],
    [`${'zz, '.repeat(40)}ja`, undefined],
    // CLDR demotes each later range: the 11th is never reached (10 × 5 reaches the threshold of 50).
    ['fr, it, es, ru, pl, sv, da, fi, cs, hu, en', undefined],
    ['fr, it, es, ru, pl, sv, da, fi, cs, en', 'en'],
  ])('%j → %s', (header, expected) => {
    expect(enJa(header)).toBe(expected);
  });
});

describe('negotiateLocale: best fit (CLDR language matching)', () => {
  const site = offer(['de', 'en', 'pt-BR', 'zh-Hant'], 'en');
  it.each([
    ['pt-PT', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['pt-AO,en;q=0.5', 'pt-BR'],
    ['de-CH', 'de'],
    ['de-AT,de;q=0.9', 'de'],
    ['gsw', 'de'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-Hant-TW', 'zh-Hant'],
    // Never Simplified readers to Traditional: `zh`, `zh-CN`, `zh-SG` are Hans.
    ['zh-CN', undefined],
    ['zh-SG', undefined],
    ['zh', undefined],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'en'],
    ['en-IN', 'en'],
    // q-values still order the languages.
    ['en,pt;q=0.9', 'en'],
    ['pt,en;q=0.9', 'pt-BR'],
    ['pt;q=0.5,en;q=0.9', 'en'],
    // Chrome in Taiwan.
    ['zh-TW,zh;q=0.9,en-US;q=0.8,en;q=0.7', 'zh-Hant'],
    // Case never matters, and the supported locale comes back as configured.
    ['PT-br', 'pt-BR'],
    ['zh_hant_tw', 'zh-Hant'],
  ])('%j → %s', (header, expected) => {
    expect(site(header)).toBe(expected);
  });

  it('prefers the closer region of the language: en-IN → en-GB when en-US and en-GB are offered', () => {
    const en = offer(['en-US', 'en-GB'], 'en-US');
    expect([en('en-IN'), en('en-AU'), en('en-NZ'), en('en-CA'), en('en'), en('en-PR')]).toEqual([
      'en-GB',
      'en-GB',
      'en-GB',
      'en-US',
      'en-US',
      'en-US',
    ]);
  });

  it('reads the script a region implies: Traditional for TW, HK, MO; Simplified for CN, SG and plain zh', () => {
    const zh = offer(['zh-Hans', 'zh-Hant']);
    expect(['zh-TW', 'zh-HK', 'zh-MO', 'zh-CN', 'zh-SG', 'zh'].map(zh)).toEqual([
      'zh-Hant',
      'zh-Hant',
      'zh-Hant',
      'zh-Hans',
      'zh-Hans',
      'zh-Hans',
    ]);
  });

  it('treats Norwegian Bokmål and Norwegian as one: nb ↔ no', () => {
    expect(offer(['no', 'en'], 'en')('nb-NO,nb;q=0.9')).toBe('no');
    expect(offer(['nb', 'en'], 'en')('no')).toBe('nb');
    expect(offer(['sr-Latn', 'sr-Cyrl'])('sr-ME')).toBe('sr-Latn');
    expect(offer(['sr-Latn', 'sr-Cyrl'])('sr-RS')).toBe('sr-Cyrl');
  });

  it('demotes each later range: a far neighbour loses to a later exact language', () => {
    // Afrikaans is 24 from English; Dutch one range later scores 5.
    expect(offer(['en', 'nl'])('af, nl;q=0.9')).toBe('nl');
    expect(offer(['en', 'nl'])('af')).toBe('en');
  });

  it('falls back to the next best locale when q=0 refuses the best one', () => {
    const en = offer(['en-US', 'en-GB'], 'en-US');
    expect(en('en-GB;q=0, en-IN')).toBe('en-US');
    expect(en('en;q=0, en-IN')).toBeUndefined();
    expect(en('en-GB;q=0, *')).toBe('en-US');
    expect(en('en-US;q=0, *')).toBe('en-GB');
  });

  it('serves locales.fallbacks entries as if the visitor had asked for their locale', () => {
    const site = offer(['en', 'es', 'zh-Hant'], 'en', { ca: 'es', zh: 'zh-Hant', 'de-CH': 'en' });
    expect(site('ca-ES,ca;q=0.9,en;q=0.8')).toBe('es');
    expect(site('ca, en')).toBe('es');
    expect(site('zh-CN')).toBe('zh-Hant');
    expect(site('zh-Hans-SG')).toBe('zh-Hant');
    expect(site('de-CH, es')).toBe('en');
    expect(site('de, es')).toBe('es');
    // A refused target is refused for its fallbacks too: the next best choice for `ca` is none here.
    expect(site('es;q=0, ca')).toBeUndefined();
  });

  it('maps old language codes to the ones CLDR uses now (iw → he, tl → fil, eng → en)', () => {
    expect(offer(['he', 'en'], 'en')('iw-IL')).toBe('he');
    expect(offer(['fil', 'en'], 'en')('tl')).toBe('fil');
    expect(offer(['de', 'en'], 'de')('eng')).toBe('en');
    expect(offer(['sr-Latn', 'sr-Cyrl'])('sh')).toBe('sr-Latn');
  });
});

describe('parseAcceptLanguage', () => {
  it('sorts by q, stable in header order, and cuts hostile lengths', () => {
    expect(parseAcceptLanguage('aa;q=0.5, bb, cc;q=0.5, dd').map((r) => r.tag)).toEqual([
      'bb',
      'dd',
      'aa',
      'cc',
    ]);
    const huge = `${'en,'.repeat(MAX_ACCEPT_LANGUAGE)}`;
    expect(parseAcceptLanguage(huge).length).toBeLessThanOrEqual(32);
  });

  it.each([
    ['ja-JP-x-foo', 'ja-jp'],
    ['zh-Hant-TW-u-nu-hanidec', 'zh-hant-tw'],
    ['de-CH-1901', 'de-ch'],
    ['es-419', 'es-419'],
    ['sr_Latn_RS', 'sr-latn-rs'],
    ['en-Zzzz-ZZ', 'en'],
    ['zh-min-nan', 'zh'],
    ['  EN-us ; q = 0.5 ', 'en-us'],
    ['*', '*'],
    ['i-klingon', undefined],
    ['x-foo', undefined],
    ['abcd', undefined],
    ['en-', undefined],
    ['en--us', undefined],
    ['e', undefined],
    ['12', undefined],
  ])('reads %j as %s (language, script, region: the fields CLDR matching reads)', (item, tag) => {
    expect(parseAcceptLanguage(item)[0]?.tag).toBe(tag);
  });
});

describe('chooseLocale', () => {
  const supported = ['en', 'ja'];
  const match = localeMatch({ supported, default: 'en' });
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
    [{ acceptLanguage: 'ja-JP' }, { locale: 'ja', source: 'header' }],
    [{}, { locale: 'en', source: 'default' }],
  ])('%j → %j', (input, expected) => {
    expect(chooseLocale(input, supported, 'en', match)).toEqual(expected);
  });
});
