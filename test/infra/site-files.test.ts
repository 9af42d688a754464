import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { uploadGroups } from '../../infra/site-files';
import { listFiles } from '../../site-checks/inventory';
import { fixture } from '../support/fixtures';

const siteConfig = fixture('demo').config;

function site(files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'site-'));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), 'x');
  }
  return dir;
}

describe('uploadGroups', () => {
  it('groups files by content type and cache class', () => {
    const dir = site([
      'en/index.html',
      'ja/index.html',
      'assets/site.0123abcd.css',
      'assets/plain.css',
      'robots.txt',
    ]);
    const groups = uploadGroups(dir, siteConfig);
    expect(groups.map((g) => [g.id, g.contentType, g.cacheControl, g.files])).toEqual([
      ['Css', 'text/css; charset=utf-8', siteConfig.cache.defaultCacheControl, ['assets/plain.css']],
      [
        'CssImmutable',
        'text/css; charset=utf-8',
        siteConfig.cache.immutableCacheControl,
        ['assets/site.0123abcd.css'],
      ],
      [
        'Html',
        'text/html; charset=utf-8',
        siteConfig.cache.htmlCacheControl,
        ['en/index.html', 'ja/index.html'],
      ],
      ['Txt', 'text/plain; charset=utf-8', siteConfig.cache.defaultCacheControl, ['robots.txt']],
    ]);
  });

  it('throws if a file has an extension missing from contentTypes', () => {
    const dir = site(['en/index.html', 'notes.weird']);
    expect(() => uploadGroups(dir, siteConfig)).toThrow(
      "site file has an extension missing from contentTypes, got: 'notes.weird'",
    );
  });

  it('lists the real site with every page in both locales', () => {
    const files = listFiles(path.join(__dirname, '..', '..', 'site'));
    for (const locale of ['en', 'ja'])
      for (const page of [
        'index.html',
        'index.bold.html',
        'features/index.html',
        'architecture/index.html',
        '404.html',
      ])
        expect(files).toContain(`${locale}/${page}`);
  });
});
