/**
 * Plain-file pages as the build sees them: which extensionless stems viewer-request bakes in (per locale,
 * the directory page winning a tie), and links to them resolving the way viewer-request answers them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkSite } from '../../site-checks';
import { plainPages, takeInventory } from '../../site-checks/inventory';
import { fixture, PLAIN_FIXTURES } from '../support/fixtures';

const f = fixture('plain-files');

describe('plainPages', () => {
  it("maps each stem to the locales that have it, '' for every locale, leaving a directory's name alone", () => {
    // en has guide.html and guide/index.html: /en/guide stays the directory, so no stem.
    expect(plainPages(f.config, takeInventory(f.config, f.siteDir))).toEqual({
      '/impressum': 'de',
      '/pricing': '',
    });
  });

  it('is what the viewer-request bundle carries', () => {
    expect(f.viewer.plainPages).toEqual({ '/impressum': 'de', '/pricing': '' });
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
