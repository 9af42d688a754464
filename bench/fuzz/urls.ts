/**
 * URLs and query strings for `npm run fuzz`, derived from a configuration's locales, experiment paths,
 * override parameters and neutral paths, plus the shapes whose canonical form outgrows CloudFront's 8,192
 * characters (long paths, sub-delimiters, raw UTF-8) and raw non-BMP characters or lone surrogates in
 * query strings.
 */
import fc from 'fast-check';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { URI_CONTROL } from '../../edge-functions/shared/syntax';

const CONTROLS = new RegExp(URI_CONTROL.source, 'g');
export const noCtl = (s: string): string => s.replace(CONTROLS, '');
/** What CloudFront can deliver as a query string: no controls, spaces or `#`. */
export const queryText = (s: string): string => s.replace(/[\u0000-\u0020\u007f#]/g, '');

export const hostile = fc.oneof(
  fc.string({ maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.constantFrom('', ';;;', '%', '%zz', '%C0%AF', '%00', 'toString=', '__proto__=x', '=', '\u2028'),
  fc.integer({ min: 1, max: 4096 }).map((n) => 'a'.repeat(n)),
);

/** `/blog/*` → `/blog/`; exact paths as they are. */
const base = (pattern: string): string => (pattern.endsWith('*') ? pattern.slice(0, -1) : pattern);

/** Sub-delimiters legal raw in a path (RFC 3986 §3.3) that `encodeURIComponent` turns into `%XX`. */
const SUB_DELIMS = ":@$&+,;=!'()*";

export function uris(config: SiteConfig): fc.Arbitrary<string> {
  const { supported, neutralPaths } = config.locales;
  const locale = fc.oneof(
    { arbitrary: fc.constantFrom(...supported), weight: 4 },
    { arbitrary: fc.constantFrom('xx', supported[0]!.toUpperCase()), weight: 1 },
  );
  const pages = [...new Set(['/', '/about/', ...config.experiments.list.flatMap((e) => e.paths.map(base))])];
  const page = fc.oneof(
    fc.constantFrom(...pages),
    // Under a prefix: sub-pages, files beside the pages, and names that look like variant objects.
    fc
      .tuple(
        fc.constantFrom(...pages),
        fc.constantFrom('post/', 'cover.png', 'app.js', 'index.html', 'x.bold.html'),
      )
      .map(([p, rest]) => p + rest),
  );
  const segment = fc.oneof(
    fc.constantFrom(
      '',
      '.',
      '..',
      '%2e%2e',
      '%2F',
      '%5C',
      '\\',
      ...supported,
      'index.html',
      'a.css',
      '%E3%81%82',
    ),
    fc.constantFrom('evil.com', 'v1.2', '%61ssets'),
    hostile.map((s) => encodeURI(noCtl(s)).slice(0, 40)),
  );
  return fc.oneof(
    { arbitrary: fc.tuple(locale, page).map(([l, p]) => `/${l}${p}`), weight: 4 },
    { arbitrary: page, weight: 2 },
    { arbitrary: fc.array(segment, { maxLength: 7 }).map((p) => `/${p.join('/')}`), weight: 3 },
    { arbitrary: hostile.map((s) => `/${s.replace(/[\u0000-\u0020\u007f]/g, '')}`), weight: 2 },
    {
      arbitrary: fc.constantFrom(...neutralPaths).map((p) => (p.endsWith('*') ? `${base(p)}x.css` : p)),
      weight: 1,
    },
    // `/%61ssets/…`: a neutral prefix spelled with an escape.
    {
      arbitrary: fc
        .constantFrom(...neutralPaths)
        .map((p) => `/%${p.charCodeAt(1).toString(16)}${base(p).slice(2)}${p.endsWith('*') ? 'x.css' : ''}`),
      weight: 1,
    },
    // Near the URL limit once `index.html`, a locale or a variant is added.
    {
      arbitrary: fc
        .tuple(locale, fc.integer({ min: 8100, max: 8190 }), fc.constantFrom('', '/'))
        .map(([l, n, end]) => `/${l}/${'a'.repeat(n - l.length)}${end}`),
      weight: 1,
    },
    // Sub-delimiter heavy: each becomes three characters when re-encoded.
    {
      arbitrary: fc
        .tuple(
          locale,
          fc.constantFrom(...SUB_DELIMS),
          fc.integer({ min: 1, max: 3000 }),
          fc.constantFrom('', '/'),
        )
        .map(([l, c, n, end]) => `/${l}/${c.repeat(n)}${end}`),
      weight: 1,
    },
    // Raw UTF-8, as curl sends it: up to twelve characters each once percent-encoded.
    {
      arbitrary: fc
        .tuple(fc.constantFrom('', ...supported.map((l) => `${l}/`)), fc.constantFrom('é', 'あ', '😀'))
        .chain(([prefix, c]) => fc.integer({ min: 1, max: 5000 }).map((n) => `/${prefix}${c.repeat(n)}`)),
      weight: 1,
    },
  );
}

export function objectUris(config: SiteConfig, any: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const { list } = config.experiments;
  const variants = [...new Set(list.flatMap((e) => e.variants.map((v) => v.name)))];
  const pages = [...new Set(['/', ...list.flatMap((e) => e.paths.map(base))])];
  const page = fc
    .tuple(
      fc.constantFrom(...config.locales.supported),
      fc.constantFrom(...pages),
      fc.constantFrom('', ...variants),
    )
    .map(([l, p, v]) => `/${l}${p}index${v === '' ? '' : `.${v}`}.html`);
  return fc.oneof({ arbitrary: page, weight: 1 }, { arbitrary: any, weight: 1 });
}

/**
 * Made once: a `binary` string arbitrary builds a reverse map of every code point (~0.3 s) the first time it
 * generates, once per instance, and `queries` is called for every fixture and handler.
 */
const binaryQuery = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `q=${queryText(s)}`);

export function queries(config: SiteConfig): fc.Arbitrary<string> {
  const overrides = config.experiments.list.flatMap((e) =>
    [...e.variants.map((v) => v.name), 'nope'].map((v) => `${e.overrideParam}=${v}`),
  );
  return fc.oneof(
    { arbitrary: fc.constant(''), weight: 6 },
    { arbitrary: fc.constantFrom('a=1', ...overrides), weight: 2 },
    { arbitrary: fc.string({ maxLength: 60 }).map(queryText), weight: 2 },
    // Raw non-BMP characters and lone surrogates (`encodeURIComponent` throws on those).
    { arbitrary: fc.constantFrom('q=😀', 'q=\ud83d', 'a=\ude00&b=😀', 'q=あ'), weight: 1 },
    { arbitrary: binaryQuery, weight: 1 },
    { arbitrary: fc.integer({ min: 1000, max: 8150 }).map((n) => `q=${'b'.repeat(n)}`), weight: 1 },
  );
}
