import { folderOf, isFolder, splitLocale, supportedTag } from '../../edge-functions/shared/locales';

const canonical = { supported: ['de', 'en', 'pt-BR', 'zh-Hant'], folderCase: 'canonical' as const };

describe('splitLocale', () => {
  it.each([
    ['/en/about/', { locale: 'en', prefix: 'en', rest: '/about/' }],
    ['/en/', { locale: 'en', prefix: 'en', rest: '/' }],
    ['/en', { locale: 'en', prefix: 'en', rest: '' }],
    ['/pt-BR/docs/', { locale: 'pt-BR', prefix: 'pt-BR', rest: '/docs/' }],
    ['/pt-br/docs/', { locale: 'pt-BR', prefix: 'pt-br', rest: '/docs/' }],
    ['/PT-BR', { locale: 'pt-BR', prefix: 'PT-BR', rest: '' }],
    ['/ZH-HANT/x.html', { locale: 'zh-Hant', prefix: 'ZH-HANT', rest: '/x.html' }],
    ['/EN/', { locale: 'en', prefix: 'EN', rest: '/' }],
    // Not a locale's folder in any case: neutral paths.
    ['/pt_BR/docs/', { rest: '/pt_BR/docs/' }],
    ['/pt/', { rest: '/pt/' }],
    ['/eng/', { rest: '/eng/' }],
    ['/about/', { rest: '/about/' }],
    ['/', { rest: '/' }],
    ['', { rest: '' }],
  ])('%s', (path, expected) => expect(splitLocale(path, canonical)).toEqual(expected));
});

describe('isFolder', () => {
  it.each([
    ['/pt-BR/x', 'canonical', true],
    ['/pt-br/x', 'canonical', false],
    ['/pt-br/x', 'lower', true],
    ['/pt-BR/x', 'lower', false],
    ['/en/x', 'lower', true],
    ['/x/', 'lower', false],
  ] as const)('%s with %s folders: %s', (path, folderCase, expected) =>
    expect(isFolder(splitLocale(path, { ...canonical, folderCase }), folderCase)).toBe(expected),
  );
});

describe('supportedTag', () => {
  it.each([
    ['pt-BR', 'pt-BR'],
    ['pt-br', 'pt-BR'],
    ['PT_br', 'pt-BR'],
    ['zh-hant', 'zh-Hant'],
    ['DE', 'de'],
    ['pt', undefined],
    ['pt-PT', undefined],
    ['', undefined],
    ['x'.repeat(5000), undefined],
  ])('%s → %s', (value, expected) => expect(supportedTag(value, canonical.supported)).toBe(expected));
});

describe('folderOf', () => {
  it('names a folder like the tag, or in lower case', () => {
    expect(folderOf('zh-Hant', 'canonical')).toBe('zh-Hant');
    expect(folderOf('zh-Hant', 'lower')).toBe('zh-hant');
  });
});
