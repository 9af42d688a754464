import { createHmac } from 'node:crypto';
import type { ExperimentConfig } from '../../edge-functions/config';
import {
  assign,
  deterministicVariant,
  experimentsFor,
  fnv1a,
  pickWeighted,
  qaCookieName,
  type AssignmentFacts,
} from '../../edge-functions/shared/experiments';
import { issueProof, type Signer } from '../../edge-functions/shared/proof';
import { parseQuery } from '../../edge-functions/shared/query';
import { FOREIGN_KEY, TEST_SIGNING_KEYS } from '../support/keys';

const hero: ExperimentConfig = {
  id: 'home-hero',
  enabled: true,
  paths: ['/'],
  variants: [
    { name: 'control', weight: 1 },
    { name: 'bold', weight: 3 },
  ],
  control: 'control',
  cookieName: 'xp-home-hero',
  cookieMaxAgeSeconds: 60,
  overrideParam: 'xp-home-hero',
};

const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64url');
const signer: Signer = { keys: TEST_SIGNING_KEYS, hmac };
const proofOf = (variant: string, kind: 'e' | 'l' = 'e', s = signer) =>
  issueProof(hero, { variant, kind, id: 'AAAAAAAAAAAAAAAA' }, s);

let ids = 0;
const facts = (over: Partial<AssignmentFacts> = {}): AssignmentFacts => ({
  page: '/',
  cookies: {},
  query: parseQuery(''),
  browser: true,
  consent: true,
  issuable: true,
  crawlers: 'hash',
  random: () => 0,
  newId: () => `id${String(++ids).padStart(14, '0')}`,
  signer,
  ...over,
});

describe('pickWeighted', () => {
  it.each([
    [0, 'control'],
    [0.999, 'control'],
    [1, 'bold'],
    [3.999, 'bold'],
    [99, 'bold'],
  ])('point %d → %s', (point, expected) => expect(pickWeighted(hero, point)).toBe(expected));
});

describe('assign', () => {
  it('draws a new weighted assignment (an enrollment) with a proof to issue, and no cookie yet', () => {
    const a = assign(hero, facts({ random: () => 0.2 }));
    expect(a).toMatchObject({ variant: 'control', source: 'new', cookie: undefined });
    expect(a.issue).toMatchObject({ variant: 'control', kind: 'e' });
    expect(a.issue!.id).toHaveLength(16);
    expect(assign(hero, facts({ random: () => 0.25 })).variant).toBe('bold');
    expect(assign(hero, facts({ random: () => 0.9999 })).variant).toBe('bold');
  });

  it('gives every new enrollment its own identifier', () => {
    const seen = new Set(Array.from({ length: 50 }, () => assign(hero, facts()).issue!.id));
    expect(seen.size).toBe(50);
  });

  it.each([[1], [-1], [Number.NaN], [Infinity]])('treats a random source returning %d as 0', (r) => {
    expect(assign(hero, facts({ random: () => r })).variant).toBe('control');
  });

  it('keeps a proof the edge issued (a returning visitor, not a new enrollment)', () => {
    const a = assign(hero, facts({ cookies: { 'xp-home-hero': proofOf('bold') }, random: () => 0 }));
    expect(a).toMatchObject({ variant: 'bold', source: 'cookie', cookie: 'bold', issue: undefined });
  });

  it('keeps a bare pre-proof cookie and re-issues it as a proof that never counts', () => {
    const a = assign(hero, facts({ cookies: { 'xp-home-hero': 'bold' }, random: () => 0 }));
    expect(a).toMatchObject({ variant: 'bold', source: 'legacy', cookie: 'bold' });
    expect(a.issue).toMatchObject({ variant: 'bold', kind: 'l' });
  });

  it.each([
    ['BOLD'],
    ['retired'],
    [''],
    ['bold; x'],
    ['__proto__'],
    ['bold.eAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'],
    ['retired.eAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA'],
  ])('re-buckets the cookie value %j', (v) => {
    const a = assign(hero, facts({ cookies: { 'xp-home-hero': v }, random: () => 0.5 }));
    expect(a).toMatchObject({ variant: 'bold', source: 'new' });
  });

  it('re-buckets a proof signed with another key, or moved to the other variant', () => {
    const foreign = proofOf('bold', 'e', { keys: [FOREIGN_KEY], hmac });
    const moved = proofOf('control').replace(/^control/, 'bold');
    for (const v of [foreign, moved])
      expect(assign(hero, facts({ cookies: { 'xp-home-hero': v }, random: () => 0 }))).toMatchObject({
        variant: 'control',
        source: 'new',
      });
  });

  it('verifies with every configured key, so a rotated-out signer still holds', () => {
    const old = proofOf('bold', 'e', { keys: [FOREIGN_KEY], hmac });
    const rotated = facts({ signer: { keys: [TEST_SIGNING_KEYS[0], FOREIGN_KEY], hmac } });
    expect(assign(hero, { ...rotated, cookies: { 'xp-home-hero': old } }).source).toBe('cookie');
  });

  it('lets a valid override (query or session cookie) win over the proof, without counting or issuing', () => {
    const cookies = { 'xp-home-hero': proofOf('bold') };
    const q = assign(hero, facts({ cookies, query: parseQuery('xp-home-hero=control') }));
    expect(q).toMatchObject({ variant: 'control', source: 'override', cookie: undefined, issue: undefined });
    const c = assign(hero, facts({ cookies: { ...cookies, [qaCookieName(hero)]: 'control' } }));
    expect(c).toMatchObject({ variant: 'control', source: 'override', issue: undefined });
    expect(assign(hero, facts({ cookies: { [qaCookieName(hero)]: 'bold' } })).issue).toBeUndefined();
  });

  it('ignores an invalid override', () => {
    const a = assign(hero, facts({ query: parseQuery('xp-home-hero=nope'), random: () => 0.5 }));
    expect(a.source).toBe('new');
  });

  it('issues nothing when a proof may not be issued now (a prefetch, a refused cookie)', () => {
    const a = assign(hero, facts({ issuable: false }));
    expect(a).toMatchObject({ source: 'deterministic', issue: undefined });
    expect(a.variant).toBe(deterministicVariant(hero, '/'));
    const legacy = assign(hero, facts({ issuable: false, cookies: { 'xp-home-hero': 'bold' } }));
    expect(legacy).toMatchObject({ variant: 'bold', source: 'legacy', issue: undefined });
  });

  it('gives clients without Sec-Fetch-Mode a deterministic, uncounted assignment and no cookie', () => {
    const a = assign(hero, facts({ browser: false, random: () => 0.99 }));
    expect(a).toMatchObject({ source: 'deterministic', cookie: undefined, issue: undefined });
    expect(a.variant).toBe(deterministicVariant(hero, '/'));
    expect(assign(hero, facts({ browser: false, random: () => 0 })).variant).toBe(a.variant);
  });

  it("gives them the control instead with crawlers: 'control', on every page", () => {
    for (let i = 0; i < 50; i++) {
      const a = assign(hero, facts({ browser: false, crawlers: 'control', page: `/p${i}/` }));
      expect(a).toMatchObject({
        variant: 'control',
        source: 'deterministic',
        cookie: undefined,
      });
    }
  });

  it('honours a proof from a client without Sec-Fetch-Mode, whatever the crawler setting', () => {
    for (const crawlers of ['hash', 'control'] as const) {
      const a = assign(
        hero,
        facts({ browser: false, crawlers, cookies: { 'xp-home-hero': proofOf('bold') } }),
      );
      expect(a).toMatchObject({ variant: 'bold', source: 'cookie', cookie: 'bold' });
    }
  });

  it("keeps the per-page hash for browsers without consent, even with crawlers: 'control'", () => {
    const pages = Array.from({ length: 40 }, (_, i) => `/p${i}/`);
    const variants = pages.map(
      (page) => assign(hero, facts({ consent: false, crawlers: 'control', page })).variant,
    );
    expect(variants).toEqual(pages.map((page) => deterministicVariant(hero, page)));
    expect(new Set(variants)).toEqual(new Set(['control', 'bold']));
  });

  it('writes no cookie and ignores the old one when the consent gate is closed', () => {
    const a = assign(hero, facts({ consent: false, cookies: { 'xp-home-hero': proofOf('control') } }));
    expect(a).toMatchObject({ source: 'deterministic', cookie: undefined, issue: undefined });
    const o = assign(hero, facts({ consent: false, query: parseQuery('xp-home-hero=bold') }));
    expect(o).toMatchObject({ variant: 'bold', source: 'override', cookie: undefined });
  });

  it('serves control to everyone when the experiment is disabled', () => {
    const off = { ...hero, enabled: false };
    const a = assign(
      off,
      facts({ cookies: { 'xp-home-hero': proofOf('bold') }, query: parseQuery('xp-home-hero=bold') }),
    );
    expect(a).toMatchObject({ variant: 'control', source: 'disabled', cookie: undefined });
  });

  it('splits a seeded stream of draws close to the weights', () => {
    let seed = 42;
    const lcg = () => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed / 2 ** 32;
    };
    let bold = 0;
    for (let i = 0; i < 20000; i++) if (assign(hero, facts({ random: lcg })).variant === 'bold') bold++;
    expect(bold / 20000).toBeGreaterThan(0.73);
    expect(bold / 20000).toBeLessThan(0.77);
  });
});

describe('deterministicVariant', () => {
  it('spreads pages across variants roughly by weight', () => {
    let bold = 0;
    for (let i = 0; i < 4000; i++) if (deterministicVariant(hero, `/p${i}/`) === 'bold') bold++;
    expect(bold / 4000).toBeGreaterThan(0.7);
    expect(bold / 4000).toBeLessThan(0.8);
  });
});

describe('fnv1a', () => {
  it('matches the published FNV-1a 32-bit vectors', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});

describe('experimentsFor', () => {
  it('selects experiments by neutral page path', () => {
    const other = { ...hero, id: 'pricing', paths: ['/pricing/*'] };
    expect(experimentsFor([hero, other], '/').map((e) => e.id)).toEqual(['home-hero']);
    expect(experimentsFor([hero, other], '/pricing/plans/').map((e) => e.id)).toEqual(['pricing']);
    expect(experimentsFor([hero, other], '/about/')).toEqual([]);
  });
});
