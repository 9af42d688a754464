import { headers } from '../support/events';
import {
  cookieHeader,
  MAX_COOKIE_HEADER,
  readCookies,
  rewriteCookieHeader,
} from '../../edge-functions/shared/cookies';

describe('cookieHeader', () => {
  it('joins several cookie lines with "; "', () => {
    expect(cookieHeader(headers({ Cookie: ['a=1', 'b=2'] }))).toBe('a=1; b=2');
  });
  it('is empty without a cookie header', () => {
    expect(cookieHeader(headers({}))).toBe('');
  });
});

describe('readCookies', () => {
  it.each([
    ['', []],
    [';;;', []],
    ['a=1; a=2', [['a', '1']]],
    ['novalue; b=2', [['b', '2']]],
    [
      'toString=x; __proto__=y',
      [
        ['toString', 'x'],
        ['__proto__', 'y'],
      ],
    ],
    ['bad=%E0%A4%A', [['bad', '%E0%A4%A']]],
    ['q="quoted"', [['q', '"quoted"']]], // cookie 1.x keeps DQUOTEs: a quoted variant is re-bucketed
    ['enc=%E3%81%82', [['enc', 'あ']]],
  ])('%j', (header, expected) => {
    const parsed = readCookies(header);
    expect(Object.entries(parsed)).toEqual(expected);
    expect(Object.getPrototypeOf(parsed)).toBeNull();
  });

  it('reads at most MAX_COOKIE_HEADER characters of a hostile header', () => {
    const big = `${'x'.repeat(MAX_COOKIE_HEADER)}; late=1`;
    expect(readCookies(big).late).toBeUndefined();
    expect(readCookies(`a=${'v'.repeat(4096)}`).a).toHaveLength(4096);
  });
});

describe('rewriteCookieHeader', () => {
  const names = ['xp-home-hero', 'xp-other'];
  it.each([
    ['', [], ''],
    ['', [['xp-home-hero', 'bold']], 'xp-home-hero=bold'],
    ['locale=ja; xp-home-hero=evil', [['xp-home-hero', 'control']], 'locale=ja; xp-home-hero=control'],
    ['xp-other=b; session=abc', [], 'session=abc'],
    [' a=1 ;; b ;xp-home-hero=x; c=%zz ', [], 'a=1; b; c=%zz'],
    ['xp-home-hero=a; xp-home-hero=b', [['xp-home-hero', 'bold']], 'xp-home-hero=bold'],
  ] as const)('%j + %j → %j', (header, add, expected) => {
    expect(rewriteCookieHeader(header, names, add)).toBe(expected);
  });
});

describe('readCookies agrees with the cookie package', () => {
  it('parses any header the way cookie 1.x parseCookie does', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const fc = require('fast-check') as typeof import('fast-check');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parseCookie } = require('cookie') as typeof import('cookie');
    const piece = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom(';', '=', ' ', '%', '%E3%81%82', '%zz', '"', 'a=1', 'xp-home-hero=bold', '__proto__=1'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const header = parts.join('');
        expect(Object.entries(readCookies(header))).toEqual(Object.entries(parseCookie(header)));
      }),
      { numRuns: 3000 },
    );
  });
});
