/**
 * Generated `Accept-Language` headers in the shapes browsers, crawlers and broken clients send: lists with
 * descending q (Chrome steps 0.1, Firefox its own), region and script subtags, `*`, `q=0`, junk items, odd
 * whitespace, case and `_`. Languages are drawn mostly near the locales under test so the matching is
 * exercised, not only the "nothing matches" path.
 */
import fc from 'fast-check';

const LANGUAGES = [
  ...['en', 'de', 'pt', 'zh', 'ja', 'fr', 'es', 'nb', 'no', 'nn', 'da', 'sv', 'sr', 'hr', 'bs', 'it', 'ru'],
  ...['gsw', 'lb', 'rm', 'af', 'ca', 'gl', 'eu', 'yue', 'uk', 'ko', 'ar', 'hi', 'nl', 'pl', 'tr', 'fil'],
  ...['id', 'he', 'iw', 'in', 'tl', 'sh', 'mo', 'eng', 'deu', 'zho', 'und', 'bo', 'ug', 'cy', 'ga', 'mt'],
  ...['cnr', 'hbs', 'uz', 'ms', 'pa', 'az'],
];
const REGIONS = [
  ...['US', 'GB', 'IN', 'AU', 'CA', 'NZ', 'IE', 'ZA', 'PH', 'SG', 'BR', 'PT', 'AO', 'MZ', 'CH', 'AT'],
  ...['DE', 'LI', 'LU', 'TW', 'HK', 'MO', 'CN', 'MY', 'NO', 'DK', 'SE', 'RS', 'ME', 'BA', 'HR', 'ES'],
  ...['MX', 'AR', 'CO', 'FR', 'BE', 'JP', 'KR', 'RU', 'UA', 'IL', 'ID', 'EG', 'SA', 'PK', 'AF', 'UK'],
  ...['419', '001', '150', 'XK', 'ZZ', 'XA', 'DD', '840', 'SU'],
];
const SCRIPTS = ['Latn', 'Hant', 'Hans', 'Cyrl', 'Arab', 'Jpan', 'Zzzz'];
const JUNK = [
  ...['', ' ', ';', ';;', 'x-foo', 'i-klingon', 'en;q=2', 'de;q=-1', 'fr;q=0.5.5', '12', 'e', 'abcd'],
  ...['zh-min-nan', 'en-US-u-ca-gregory', 'de-CH-1901', 'ja-JP-x-private', 'sgn-BE-FR', 'toString'],
  ...['__proto__', 'en-', '-en', 'en--us', 'ca-ES-valencia', 'zh-yue-HK', 'pt_BR', 'q=0.5'],
];

const tag = fc
  .record({
    language: fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...LANGUAGES) },
      fc.stringMatching(/^[a-z]{2,3}$/),
    ),
    script: fc.oneof({ weight: 6, arbitrary: fc.constant('') }, fc.constantFrom(...SCRIPTS)),
    region: fc.oneof(
      { weight: 2, arbitrary: fc.constant('') },
      { weight: 3, arbitrary: fc.constantFrom(...REGIONS) },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Z]{2}$/) },
    ),
  })
  .map(({ language, script, region }) => [language, script, region].filter(Boolean).join('-'));

/** A tag as clients spell it: canonical case mostly, sometimes lower or upper case, `_`, spaces. */
const spelled = fc
  .tuple(tag, fc.constantFrom('as-is', 'as-is', 'as-is', 'lower', 'upper', 'underscore', 'padded'))
  .map(([t, how]) =>
    how === 'lower'
      ? t.toLowerCase()
      : how === 'upper'
        ? t.toUpperCase()
        : how === 'underscore'
          ? t.replace(/-/g, '_')
          : how === 'padded'
            ? `  ${t} `
            : t,
  );

const qvalue = fc.oneof(
  fc.constantFrom('', '', ';q=1', ';q=0', ';q=0.5', ';q=.5', ';Q=0.8', ' ; q = 0.3', ';q=1.000', ';q=0.001'),
  fc.integer({ min: 0, max: 1000 }).map((n) => `;q=${(n / 1000).toString()}`),
);

/** Browser-like: each item a step below the previous one (Chrome 0.1, Firefox about 0.2), the first bare. */
const browserList = fc
  .tuple(fc.array(spelled, { minLength: 1, maxLength: 8 }), fc.constantFrom(0.1, 0.2, 0.05), fc.boolean())
  .map(([tags, step, star]) => {
    const items = tags.map((t, i) => (i === 0 ? t : `${t};q=${Math.max(0.1, 1 - i * step).toFixed(1)}`));
    if (star) items.push('*;q=0.1');
    return items.join(',');
  });

/** Anything goes: items in any order and weight, `*`, `q=0`, junk, odd separators. */
const looseList = fc
  .array(
    fc.oneof(
      { weight: 6, arbitrary: fc.tuple(spelled, qvalue).map(([t, q]) => t + q) },
      { weight: 1, arbitrary: qvalue.map((q) => `*${q}`) },
      { weight: 2, arbitrary: fc.constantFrom(...JUNK) },
    ),
    { minLength: 0, maxLength: 12 },
  )
  .chain((items) => fc.constantFrom(',', ', ', ' ,', ',,').map((sep) => items.join(sep)));

export const acceptLanguage = fc.oneof(
  { weight: 3, arbitrary: browserList },
  { weight: 2, arbitrary: looseList },
);
