/**
 * Plain-file pages as the build sees them: which extensionless stems viewer-request bakes in (per locale,
 * the directory page winning a tie), and links to them resolving the way viewer-request answers them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { bakePlainPages, plainPageLocales } from '../../edge-functions/shared/plain-pages';
import { checkSite } from '../../site-checks';
import { plainPages, takeInventory } from '../../site-checks/inventory';
import { fixture, PLAIN_FIXTURES } from '../support/fixtures';

const f = fixture('plain-files');

describe('plainPages', () => {
  it("maps each stem to the locales that have it, '' for every locale, leaving a directory's name alone", () => {
    // en has guide.html and guide/index.html: /en/guide stays the directory, so no stem.
    // Stems are spelled as viewer-request's canonical path is: each segment percent-encoded.
    expect(plainPages(f.config, takeInventory(f.config, f.siteDir))).toEqual({
      '/%C3%BCber-uns': 'de',
      '/impressum': 'de',
      '/pricing': '',
    });
  });

  it('is what the viewer-request bundle carries, one line per page', () => {
    expect(f.viewer.plainPages).toBe('/%C3%BCber-uns de\n/impressum de\n/pricing');
  });

  it.each<[string, string | undefined]>([
    ['/pricing', ''],
    ['/impressum', 'de'],
    ['/%C3%BCber-uns', 'de'],
    ['/über-uns', undefined],
    ['/pricing.html', undefined],
    ['/', undefined],
    ['/__proto__', undefined],
    ['/constructor', undefined],
  ])('looks %s up in the baked string: %p', (stem, locales) => {
    expect(plainPageLocales(f.viewer.plainPages, stem)).toBe(locales);
  });

  it('round-trips any stems and locale lists, and finds nothing in an empty site', () => {
    const pages = { '/a': '', '/a/b': 'en,fr', '/%20x': 'ja' };
    const baked = bakePlainPages(pages);
    for (const [stem, locales] of Object.entries(pages)) expect(plainPageLocales(baked, stem)).toBe(locales);
    expect(plainPageLocales(bakePlainPages({}), '/a')).toBeUndefined();
  });
});

describe('links to plain-file pages', () => {
  it.each(PLAIN_FIXTURES)('finds nothing wrong with the %s fixture', (name) => {
    expect(checkSite(fixture(name).config, fixture(name).siteDir)).toEqual([]);
  });

  it.each<[string, boolean]>([
    ['/de/pricing', true],
    ['/pricing', true],
    ['/impressum', true],
    ['/de/impressum', true],
    ['/en/impressum', false],
    ['/de/pricing/', false],
    ['/de/nope', false],
  ])('a link to %s resolves: %s', (href, resolves) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'site-'));
    try {
      cpSync(f.siteDir, dir, { recursive: true });
      const file = path.join(dir, 'de', 'pricing.html');
      writeFileSync(file, readFileSync(file, 'utf8').replace('</main>', `<a href="${href}">x</a></main>`));
      const problems = checkSite(f.config, dir).filter((p) => p.includes(`'${href}'`));
      expect(problems).toHaveLength(resolves ? 0 : 1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
