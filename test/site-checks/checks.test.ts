/**
 * The site checks on fixture sites: green on every valid fixture, and one hostile row per kind of content
 * mistake, each asserting the message names the file or field and the fix.
 */
import { cpSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { matchesPath } from '../../edge-functions/shared/paths';
import { checkSite } from '../../site-checks';
import { allPages, takeInventory } from '../../site-checks/inventory';
import { fixture, FIXTURES } from '../support/fixtures';
import { broken, type Mutable } from '../support/sites';

const SHARE_FIX =
  'disable one, or narrow its paths so they share no page (docs/your-site.md#one-enabled-experiment-per-page)';
const sharing = (problems: string[]) => problems.filter((p) => p.includes('must share no page'));

/** A copy of the fixture's blog experiment (its variant files exist) as a new one over `paths`. */
const alsoOn = (c: Mutable<SiteConfig>, paths: string[], over: object = {}) =>
  c.experiments.list.push({
    ...c.experiments.list[1],
    id: 'post-video',
    cookieName: 'xp-post-video',
    overrideParam: 'xp-post-video',
    paths,
    ...over,
  });

describe('checkSite', () => {
  it.each(FIXTURES)('finds nothing wrong with the %s fixture', (name) => {
    expect(checkSite(fixture(name).config, fixture(name).siteDir)).toEqual([]);
  });

  it.each<[string, Parameters<typeof broken>[1], string]>([
    [
      'a variant object missing in one locale',
      ({ dir }) => rmSync(path.join(dir, 'ja/pricing/index.cards.html')),
      "<site>/ja/pricing/index.cards.html is missing: experiments.list[0] ('pricing-layout') serves variant 'cards' for /ja/pricing/; create it (start from <site>/ja/pricing/index.html)",
    ],
    [
      'a prefix experiment missing a variant deep under the prefix',
      ({ dir }) => rmSync(path.join(dir, 'fr/blog/second-post/index.sticky.html')),
      "<site>/fr/blog/second-post/index.sticky.html is missing: experiments.list[1] ('blog-cta') serves variant 'sticky' for /fr/blog/second-post/",
    ],
    [
      'an experiment path matching no page',
      (_s, c) => (c.experiments.list[0].paths = ['/prices/']),
      "experiments.list[0].paths[0] matches no page, got: '/prices/'; pages in <site>: '/', '/blog/'",
    ],
    [
      'an experiment path without its trailing slash',
      (_s, c) => (c.experiments.list[0].paths = ['/pricing']),
      "experiments.list[0].paths[0] matches no page, got: '/pricing'; a directory page's path ends in '/': write '/pricing/'",
    ],
    [
      'an experiment path with a locale prefix',
      (_s, c) => (c.experiments.list[0].paths = ['/en/pricing/']),
      "experiments.list[0].paths[0] matches no page, got: '/en/pricing/'; paths are locale-less: write '/pricing/'",
    ],
    [
      'two enabled experiments on one page',
      (_s, c) => alsoOn(c, ['/blog/first-post/']),
      `experiments.list[2] ('post-video') must share no page with experiments.list[1] ('blog-cta') while both are enabled, got: '/blog/first-post/'; ${SHARE_FIX}`,
    ],
    [
      'a supported locale without its folder',
      (_s, c) => (c.locales.supported = [...c.locales.supported, 'de']),
      "<site>/de is missing: locales.supported lists 'de'; add the folder with the locale's pages, or remove 'de' from locales.supported",
    ],
    [
      'a locale without its not-found page',
      ({ dir }) => rmSync(path.join(dir, 'fr/404.html')),
      "<site>/fr/404.html is missing: every locale needs its not-found page (locales.notFoundObject is '404.html'); add it",
    ],
    [
      'a link to a page that does not exist',
      ({ edit }) =>
        edit('en/pricing/index.html', (t) => t.replace('</main>', '<a href="/en/contact/">c</a></main>')),
      "<site>/en/pricing/index.html references '/en/contact/' (<a href>), which no file in <site> answers; fix the link or add the file",
    ],
    [
      'a relative image that does not exist',
      ({ edit }) => edit('ja/blog/index.html', (t) => t.replace('/ja/blog/cover.png', 'covers/missing.png')),
      "<site>/ja/blog/index.html references 'covers/missing.png' (<img src>)",
    ],
    [
      'a stylesheet url() that does not exist',
      ({ dir }) => writeFileSync(path.join(dir, 'assets/extra.css'), 'body{background:url("../img/bg.png")}'),
      "<site>/assets/extra.css references '../img/bg.png' (url() in CSS)",
    ],
    [
      'an inline script',
      ({ edit }) => edit('fr/index.html', (t) => t.replace('</main>', '<script>track()</script></main>')),
      `<site>/fr/index.html has inline <script> the CSP blocks (script-src 'self'); move the code to a script file under the site (CSP allows 'self'), or allow inline scripts with both settings in edge.config.ts: csp: { sources: { 'script-src': ["'unsafe-inline'"] }, allowUnsafe: ["'unsafe-inline'"] }`,
    ],
    [
      'an inline style attribute and an event handler',
      ({ edit }) =>
        edit('en/index.html', (t) => t.replace('<main>', '<main style="color:red" onload="go()">')),
      "<site>/en/index.html has inline <main style> the CSP blocks (style-src 'self'); move the style to a stylesheet under the site",
    ],
    [
      'an event handler attribute',
      ({ edit }) => edit('en/index.html', (t) => t.replace('<main>', '<main onload="go()">')),
      "<site>/en/index.html has inline <main onload> the CSP blocks (script-src 'self'); move the handler to a script file under the site",
    ],
    [
      'a javascript: URL',
      ({ edit }) =>
        edit('en/index.html', (t) => t.replace('</main>', '<a href="javascript:go()">x</a></main>')),
      '<site>/en/index.html has inline <a href="javascript:…"> the CSP blocks',
    ],
    [
      'an image from an origin the CSP does not allow',
      (_s, c) => (c.csp.sources = {}),
      "'https://images.example.net/logo.png' (<img>) is loaded by 3 pages, which the CSP blocks: <site>/en/index.html, <site>/fr/index.html, <site>/ja/index.html; add 'https://images.example.net' to csp.sources['img-src']",
    ],
    [
      'a relative hreflang alternate',
      ({ edit }) =>
        edit('en/blog/index.html', (t) =>
          t.replace('href="https://www.example.org/ja/blog/"', 'href="/ja/blog/"'),
        ),
      `<site>/en/blog/index.html needs <link rel="alternate" hreflang="ja" href="https://www.example.org/ja/blog/">, got: '/ja/blog/'`,
    ],
    [
      'a canonical link on another origin',
      ({ edit }) =>
        edit('fr/pricing/index.table.html', (t) =>
          t.replace('https://www.example.org/fr/pricing/', 'https://old.example.org/fr/pricing/'),
        ),
      '<site>/fr/pricing/index.table.html needs one <link rel="canonical" href="https://www.example.org/fr/pricing/">',
    ],
    [
      'a missing x-default alternate',
      ({ edit }) =>
        edit('ja/index.html', (t) => t.replace(/\s*<link rel="alternate" hreflang="x-default"[^>]*>/, '')),
      '<site>/ja/index.html needs <link rel="alternate" hreflang="x-default" href="https://www.example.org/"> (absolute, on siteUrl), got: \'none\'',
    ],
    [
      'a page whose lang is not its locale',
      ({ edit }) => edit('fr/blog/index.html', (t) => t.replace('<html lang="fr">', '<html lang="en">')),
      '<site>/fr/blog/index.html declares <html lang="en">; set lang="fr" (its locale folder)',
    ],
    [
      'a goal fired by the site that the configuration lacks',
      ({ edit }) =>
        edit('en/pricing/index.html', (t) =>
          t.replace('<main>', '<main><a href="/en/" data-goal="buy">b</a>'),
        ),
      "<site>/en/pricing/index.html fires goal 'buy', which experiments.goals does not list; add { id: 'buy' } to experiments.goals or fix the id",
    ],
    [
      'a beacon link to an unknown goal',
      ({ edit }) =>
        edit('fr/index.html', (t) =>
          t.replace('</main>', '<img src="/__edge/goal/pixel?x=1" alt=""></main>'),
        ),
      "<site>/fr/index.html fires goal 'pixel', which experiments.goals does not list",
    ],
  ])('reports %s, naming the file and the fix', (_name, change, message) => {
    expect(broken('three-locales', change)).toContainEqual(expect.stringContaining(message));
  });

  it('reports every problem at once', () => {
    const problems = broken('three-locales', ({ dir }, c) => {
      rmSync(path.join(dir, 'ja/pricing/index.cards.html'));
      c.experiments.list[1].paths = ['/news/*'];
    });
    expect(problems).toHaveLength(2);
  });

  it('reports a missing or empty site folder once, with the field to set', () => {
    const f = fixture('demo');
    expect(checkSite(f.config, path.join(tmpdir(), 'no-such-site'))).toEqual([
      expect.stringMatching(
        /no-such-site: the site folder is missing or empty; build your site into it or set `site` in edge\.config\.ts$/,
      ),
    ]);
  });

  it('does not count a disabled experiment against missing variants, but still checks its paths', () => {
    const problems = broken('three-locales', ({ dir }, c) => {
      rmSync(path.join(dir, 'ja/pricing/index.cards.html'));
      c.experiments.list[0].enabled = false;
    });
    expect(problems).toEqual([]);
  });

  it.each(FIXTURES)('reports the page a second enabled experiment shares on the %s fixture', (name) => {
    const f = fixture(name);
    const first = f.config.experiments.list[0]!;
    const last = f.config.experiments.list.length;
    const problems = broken(name, (_s, c) =>
      c.experiments.list.push({ ...first, id: 'again', cookieName: 'xp-again', overrideParam: 'xp-again' }),
    );
    // The pages both cover, as the site has them (`/docs/*` over `/docs/` and `/docs/intro/`).
    const shared = allPages(takeInventory(f.config, f.siteDir)).filter((p) => matchesPath(first.paths, p));
    expect(problems).toEqual([
      `experiments.list[${last}] ('again') must share no page with experiments.list[0] ('${first.id}') while both are enabled, got: ${shared.map((p) => `'${p}'`).join(', ')}; ${SHARE_FIX}`,
    ]);
  });

  it('reports each pair of experiments once, whatever the pages and locales, naming a few pages', () => {
    const problems = broken('three-locales', ({ dir }, c) => {
      cpSync(path.join(dir, 'en/blog/first-post'), path.join(dir, 'en/blog/third-post'), { recursive: true });
      alsoOn(c, ['/*']);
    });
    expect(sharing(problems)).toEqual([
      `experiments.list[2] ('post-video') must share no page with experiments.list[0] ('pricing-layout') while both are enabled, got: '/pricing/'; ${SHARE_FIX}`,
      `experiments.list[2] ('post-video') must share no page with experiments.list[1] ('blog-cta') while both are enabled, got: '/blog/', '/blog/first-post/', '/blog/second-post/', … (4 in all); ${SHARE_FIX}`,
    ]);
  });

  it('accepts a disabled experiment on the pages of an enabled one', () => {
    expect(
      broken('three-locales', (_s, c) => alsoOn(c, ['/blog/*', '/pricing/'], { enabled: false })),
    ).toEqual([]);
  });

  it('accepts JSON-LD data blocks, which CSP does not govern', () => {
    const problems = broken('demo', ({ edit }) =>
      edit('en/index.html', (t) =>
        t.replace('</main>', '<script type="application/ld+json">{"@type":"WebSite"}</script></main>'),
      ),
    );
    expect(problems).toEqual([]);
  });
});

describe('locale folders named like BCP 47 tags', () => {
  /** Every file's locale folders and links renamed to lower case (`pt-BR/` → `pt-br/`). */
  const lowerCased = (dir: string, edit: (file: string, f: (t: string) => string) => void) => {
    for (const tag of ['pt-BR', 'zh-Hant'])
      renameSync(path.join(dir, tag), path.join(dir, tag.toLowerCase()));
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' }))
      if (file.endsWith('.html'))
        edit(file, (t) => t.replaceAll('/pt-BR/', '/pt-br/').replaceAll('/zh-Hant/', '/zh-hant/'));
  };

  it('accepts lower-case folders with locales.folderCase: lower (links and hreflang in lower case too)', () => {
    const problems = broken('four-locales', ({ dir, edit }, c) => {
      lowerCased(dir, edit);
      c.locales.folderCase = 'lower';
    });
    expect(problems).toEqual([]);
  });

  it('names a folder in another case once, with both fixes, and nothing that follows from it', () => {
    const problems = broken('four-locales', ({ dir, edit }) => lowerCased(dir, edit));
    expect(problems).toEqual([
      "<site>/pt-br holds locale 'pt-BR', whose folder is 'pt-BR/' (locales.folderCase is 'canonical'): rename the folder to 'pt-BR/', or set locales.folderCase: 'lower' in edge.config.ts",
      "<site>/zh-hant holds locale 'zh-Hant', whose folder is 'zh-Hant/' (locales.folderCase is 'canonical'): rename the folder to 'zh-Hant/', or set locales.folderCase: 'lower' in edge.config.ts",
    ]);
  });

  it('names a folder written with an underscore, with the one fix that works', () => {
    const problems = broken('four-locales', ({ dir }) =>
      renameSync(path.join(dir, 'pt-BR'), path.join(dir, 'pt_BR')),
    );
    expect(problems).toEqual([
      "<site>/pt_BR holds locale 'pt-BR', whose folder is 'pt-BR/' (locales.folderCase is 'canonical'): rename the folder to 'pt-BR/'",
    ]);
  });

  it('accepts lang and hreflang in any case, and asks for the canonical tag', () => {
    const ok = broken('four-locales', ({ edit }) =>
      edit('pt-BR/docs/index.html', (t) =>
        t
          .replace('<html lang="pt-BR">', '<html lang="pt-br">')
          .replace('hreflang="zh-Hant"', 'hreflang="ZH-hant"'),
      ),
    );
    expect(ok).toEqual([]);
    const wrong = broken('four-locales', ({ edit }) =>
      edit('pt-BR/docs/index.html', (t) => t.replace('<html lang="pt-BR">', '<html lang="pt">')),
    );
    expect(wrong).toEqual([
      '<site>/pt-BR/docs/index.html declares <html lang="pt">; set lang="pt-BR" (its locale folder)',
    ]);
  });

  it('resolves a link whose prefix is in another case (it is redirected to the folder)', () => {
    const problems = broken('four-locales', ({ edit }) =>
      edit('de/index.html', (t) => t.replace('href="/de/docs/"', 'href="/PT-br/docs/"')),
    );
    expect(problems).toEqual([]);
  });
});
