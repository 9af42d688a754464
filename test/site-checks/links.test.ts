/**
 * No false alarms on links: a plain-file page's variant canonicalises to its page, links are compared as
 * URLs (percent-encoded and IRI forms are one URL), a suggested link is never a raw space, a difference in
 * Unicode normalisation is named as such, and one wrong link in a layout is one line, not one per page.
 */
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { fixture } from '../support/fixtures';
import { broken, type SiteCopy } from '../support/sites';

const SITE = 'https://www.example.de';
const LOCALES = fixture('four-locales').config.locales.supported;

/** A page of the four-locales fixture's shape at `urlPath` (as written in its links), in `de` only. */
function dePage(canonical: string, body = ''): string {
  return `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>x</title>
<link rel="canonical" href="${canonical}">
<link rel="alternate" hreflang="de" href="${canonical}">
<link rel="alternate" hreflang="x-default" href="${SITE}/">
</head><body><main>${body}</main></body></html>`;
}

describe('variants of plain-file pages', () => {
  /** An experiment over `/pricing.html` with a variant file `pricing.annual.html` in every locale. */
  const withAnnualPricing = (site: SiteCopy, c: any, canonicalOf = (l: string) => `${l}/pricing.html`) => {
    c.experiments.list.push({
      ...c.experiments.list[0],
      id: 'pricing-plan',
      cookieName: 'xp-pricing-plan',
      overrideParam: 'xp-pricing-plan',
      paths: ['/pricing.html'],
      variants: [
        { name: 'control', weight: 1 },
        { name: 'annual', weight: 1 },
      ],
    });
    for (const l of LOCALES)
      site.edit(`${l}/pricing.html`, (t) => {
        site.write(`${l}/pricing.annual.html`, t.replace(`/${l}/pricing.html"`, `/${canonicalOf(l)}"`));
        return t;
      });
  };

  it("accepts a variant whose canonical is its page's URL, as for directory pages", () => {
    expect(broken('four-locales', (site, c) => withAnnualPricing(site, c))).toEqual([]);
  });

  it("asks a variant with a self-canonical for its page's URL", () => {
    const problems = broken('four-locales', (site, c) =>
      withAnnualPricing(site, c, (l) => `${l}/pricing.annual.html`),
    );
    expect(problems).toContain(
      `<site>/de/pricing.annual.html needs one <link rel="canonical" href="${SITE}/de/pricing.html">, got: ["${SITE}/de/pricing.annual.html"] (absolute, on siteUrl)`,
    );
  });
});

describe('links compared as URLs', () => {
  it('accepts percent-encoded and IRI forms of one URL, in canonical, hreflang and href', () => {
    const problems = broken('four-locales', ({ write, edit }) => {
      write(
        'de/über-uns/index.html',
        dePage(`${SITE}/de/%C3%BCber-uns/`, '<a href="/de/%c3%bcber-uns/">x</a>'),
      );
      write('de/presse kit.html', dePage(`${SITE}/de/presse%20kit.html`));
      edit('de/index.html', (t) =>
        t.replace('</main>', '<a href="/de/über-uns/">u</a><a href="/de/presse%20kit.html">p</a></main>'),
      );
      // The IRI form in the canonical of a copy: one URL with the encoded form.
      write('de/über-uns/team/index.html', dePage(`${SITE}/de/über-uns/team/`));
    });
    expect(problems).toEqual([]);
  });

  it('suggests the encoded form of a URL, never one with a raw space', () => {
    const problems = broken('four-locales', ({ write }) =>
      write(
        'de/presse kit.html',
        dePage(`${SITE}/de/presse kit.html`).replace(/<link rel="canonical"[^>]*>/, ''),
      ),
    );
    expect(problems).toEqual([
      `<site>/de/presse kit.html needs one <link rel="canonical" href="${SITE}/de/presse%20kit.html">, got: [] (absolute, on siteUrl)`,
    ]);
  });

  it('names a link that differs from the file name only in Unicode normalisation', () => {
    const nfd = 'u\u0308ber-uns';
    const problems = broken('four-locales', ({ write, edit }) => {
      write(`de/${nfd}/index.html`, dePage(`${SITE}/de/über-uns/`));
      edit('de/index.html', (t) => t.replace('</main>', '<a href="/de/über-uns/">u</a></main>'));
    });
    const twin = `(the link differs only in Unicode normalisation (NFC vs NFD) from <site>/de/${nfd}/index.html: write it as the file is named, or rename the file)`;
    expect(problems).toEqual([
      `<site>/de/index.html references '/de/über-uns/' (<a href>), which no file in <site> answers ${twin}; fix the link or add the file`,
      // The canonical and the alternate are links too: the URL they name answers nothing.
      `<site>/de/${nfd}/index.html references '${SITE}/de/über-uns/' (<link href>), which no file in <site> answers ${twin}; fix the link or add the file`,
      `<site>/de/${nfd}/index.html needs one <link rel="canonical" href="${SITE}/de/u%CC%88ber-uns/">, got: ["${SITE}/de/über-uns/"] (absolute, on siteUrl); '${SITE}/de/über-uns/' differs only in Unicode normalisation (NFC vs NFD): write it as the file is named, or rename the file`,
      `<site>/de/${nfd}/index.html needs <link rel="alternate" hreflang="de" href="${SITE}/de/u%CC%88ber-uns/">, got: '${SITE}/de/über-uns/'; '${SITE}/de/über-uns/' differs only in Unicode normalisation (NFC vs NFD): write it as the file is named, or rename the file`,
    ]);
  });
});

describe('repeated problems', () => {
  it('reports a wrong link in every page of a locale once, with a count and the first files, most-referenced first', () => {
    const f = fixture('three-locales');
    const pages = readdirSync(path.join(f.siteDir, 'en'), { recursive: true, encoding: 'utf8' })
      .filter((p) => p.endsWith('.html'))
      .map((p) => `en/${p}`)
      .sort();
    const problems = broken('three-locales', ({ edit }) => {
      edit('en/blog/index.html', (t) => t.replace('</main>', '<a href="/en/about/">a</a></main>'));
      for (const p of pages) edit(p, (t) => t.replace('</body>', '<a href="/en/contact/">c</a></body>'));
    });
    expect(problems).toEqual([
      `'/en/contact/' (<a href>) is referenced by ${pages.length} pages, which no file in <site> answers: <site>/${pages[0]}, <site>/${pages[1]}, <site>/${pages[2]}, … (+${pages.length - 3}); fix the link or add the file`,
      "<site>/en/blog/index.html references '/en/about/' (<a href>), which no file in <site> answers; fix the link or add the file",
    ]);
  });
});
