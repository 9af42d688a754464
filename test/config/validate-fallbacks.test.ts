import { completeConfig } from '../../edge-functions/config/define';
import { ConfigError, validateConfig } from '../../edge-functions/config/validate';

/** A configuration with these `locales.fallbacks`, supported tags written in any case (completeConfig canonicalises). */
const withFallbacks = (fallbacks: unknown) =>
  completeConfig({
    siteUrl: 'https://www.example.com',
    locales: { supported: ['en', 'es', 'zh-hant'], default: 'en', fallbacks: fallbacks as never },
  });

function problemsOf(fallbacks: unknown): string[] {
  try {
    validateConfig(withFallbacks(fallbacks), 'edge.config.ts');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  return [];
}

describe('locales.fallbacks validation', () => {
  it('accepts requested tags in any case, with script and region, mapped to supported locales', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ ca: 'es', 'zh-Hans': 'zh-hant', 'DE-ch': 'en', 'es-419': 'es' })).toEqual([]);
    // A target in another case names the same supported locale (BCP 47 tags are case-insensitive).
    expect(problemsOf({ ca: 'ES', gl: 'ZH-HANT' })).toEqual([]);
    expect(withFallbacks({ gl: 'ZH-HANT' }).locales.fallbacks).toEqual({ gl: 'zh-Hant' });
  });

  it.each<[string, unknown, string]>([
    [
      'a list',
      ['ca'],
      `locales.fallbacks must be an object like { ca: 'es' } (requested tag → supported locale), got: ["ca"]`,
    ],
    ['null', null, 'locales.fallbacks must be an object'],
    [
      'a target that is not supported',
      { ca: 'fr' },
      `locales.fallbacks['ca'] must be one of locales.supported ["en","es","zh-Hant"], got: 'fr'`,
    ],
    [
      'a target that is no string',
      { ca: 1 },
      `locales.fallbacks['ca'] must be one of locales.supported ["en","es","zh-Hant"], got: 1`,
    ],
    [
      'a malformed requested tag',
      { 'x-klingon': 'en' },
      `locales.fallbacks['x-klingon'] must be keyed by a language tag like 'ca', 'zh-Hans' or 'de-CH' (no variants), got: 'x-klingon'`,
    ],
    ['a requested tag with a variant', { 'ca-ES-valencia': 'es' }, `got: 'ca-ES-valencia'`],
    ['an empty requested tag', { '': 'en' }, `locales.fallbacks[''] must be keyed by a language tag`],
    ['a control character', { 'c\na': 'es' }, `got: 'c\\x0aa'`],
    [
      'a supported locale as key',
      { 'ZH-Hant': 'en' },
      `locales.fallbacks['ZH-Hant'] must not be keyed by a supported locale: it is always served itself, got: 'ZH-Hant'`,
    ],
    [
      'the same tag twice in two cases',
      { ca: 'es', CA: 'en' },
      `locales.fallbacks['CA'] repeats a requested tag (tags are compared case-insensitively), got: 'CA'`,
    ],
  ])('rejects %s, naming the field and the value', (_name, fallbacks, message) => {
    expect(problemsOf(fallbacks).join('\n')).toContain(message);
  });
});
