import { parseSetCookie } from 'cookie';
import type { ExperimentConfig } from '../../edge-functions/config';
import { experimentSetCookies } from '../../edge-functions/origin-response/cookies';

const hero: ExperimentConfig = {
  id: 'home-hero',
  enabled: true,
  paths: ['/'],
  variants: [
    { name: 'control', weight: 1 },
    { name: 'bold', weight: 1 },
  ],
  control: 'control',
  cookieName: 'xp-home-hero',
  cookieMaxAgeSeconds: 2592000,
  overrideParam: 'xp-home-hero',
};

describe('experimentSetCookies', () => {
  it('writes Max-Age, Path=/, Secure, HttpOnly, SameSite=Lax and never Expires', () => {
    const [line, ...rest] = experimentSetCookies('xp-home-hero=bold; locale=ja', [hero]);
    expect(rest).toEqual([]);
    expect(line).toBe('xp-home-hero=bold; Max-Age=2592000; Path=/; HttpOnly; Secure; SameSite=Lax');
    expect(parseSetCookie(line!)).toMatchObject({ name: 'xp-home-hero', value: 'bold', maxAge: 2592000 });
    expect(line).not.toMatch(/expires/i);
  });

  it.each([
    [''],
    [';;;'],
    ['locale=ja'],
    ['xp-home-hero=evil'],
    ['xp-home-hero=bold%3B%20Domain%3Devil.com'],
    ['toString=bold'],
    [`xp-home-hero=${'b'.repeat(4096)}`],
  ])('writes nothing for %j', (cookie) => {
    expect(experimentSetCookies(cookie, [hero])).toEqual([]);
  });

  it('writes nothing for a disabled experiment', () => {
    expect(experimentSetCookies('xp-home-hero=bold', [{ ...hero, enabled: false }])).toEqual([]);
  });

  it('writes one line per experiment present', () => {
    const other = { ...hero, id: 'other', cookieName: 'xp-other' };
    expect(experimentSetCookies('xp-other=control; xp-home-hero=bold', [hero, other])).toHaveLength(2);
  });
});
