/** The Set-Cookie rules of the cache, as tables with hostile rows. */
import {
  noCacheSetCookie,
  storedHeaders,
  unkeyedSetCookies,
  viewerSetCookies,
} from '../../../emulator/cache/set-cookie';
import { headers } from '../../support/events';

describe('noCacheSetCookie', () => {
  it.each<[string | string[], boolean]>([
    ['no-cache="Set-Cookie"', true],
    ['NO-CACHE="set-cookie"', true],
    ['public, no-cache = "Set-Cookie2, Set-Cookie", max-age=60', true],
    [['public', 'no-cache="Set-Cookie"'], true],
    ['no-cache', false],
    ['no-cache="Set-Cookie2"', false],
    ['private="Set-Cookie"', false],
    ['x-no-cache="Set-Cookie"', false],
    ['no-cache="', false],
    ['', false],
  ])('reads Cache-Control %p → %p', (cc, expected) => {
    expect(noCacheSetCookie(headers({ 'Cache-Control': cc }))).toBe(expected);
  });
});

describe('storedHeaders and viewerSetCookies', () => {
  const h = headers({
    'Set-Cookie': ['a=1', 'b=2'],
    'Cache-Control': 'no-cache="Set-Cookie", max-age=60',
    ETag: '"x"',
  });

  it('stores the object without Set-Cookie when no-cache names it, and leaves the response alone', () => {
    const stored = storedHeaders(h);
    expect(stored['set-cookie']).toBeUndefined();
    expect(stored.etag).toEqual(h.etag);
    expect(h['set-cookie']).toHaveLength(2);
  });

  it('stores every Set-Cookie line otherwise', () => {
    const plain = headers({ 'Set-Cookie': ['a=1', 'b=2'], 'Cache-Control': 'max-age=60' });
    expect(storedHeaders(plain)).toBe(plain);
  });

  it('removes every Set-Cookie where the behaviour forwards no cookie, and keeps them where it does', () => {
    expect(viewerSetCookies(h, false)['set-cookie']).toBeUndefined();
    expect(viewerSetCookies(h, true)).toBe(h);
  });
});

describe('unkeyedSetCookies', () => {
  const KEY: [string, string][] = [['xp-a', 'bold']];
  it.each<[string[], string[]]>([
    [['xp-a=bold; Path=/'], []],
    [['xp-a=bold'], []],
    [[' xp-a = bold ; Max-Age=60'], []],
    [['xp-a=control; Path=/'], ['xp-a']],
    [['tracking=1; Path=/'], ['tracking']],
    [['xp-a=bold', 'session=x'], ['session']],
    [['novalue'], ['novalue']],
    [['=x'], ['']],
    [[''], ['']],
  ])('finds %j unkeyed: %j', (lines, expected) => {
    expect(unkeyedSetCookies(headers({ 'Set-Cookie': lines }), KEY)).toEqual(expected);
  });

  it('finds nothing without Set-Cookie', () => {
    expect(unkeyedSetCookies(headers({}), KEY)).toEqual([]);
  });
});
