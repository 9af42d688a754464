/**
 * Experiments apply to pages only (HTML documents: a directory index or a `.html` file): images, scripts and
 * other files under a covered prefix are served untouched, with no experiment cookie in the cache key.
 * Driven through each fixture's shipped bundle, on the files of the fixture's own site folder.
 */
import * as path from 'node:path';
import { listFiles } from '../../site-checks/inventory';
import { BROWSER, consentPairs, cookiePairs, enrollAs, runViewer, treatmentOf } from '../support/bundles';
import { fixture, FIXTURES, type FixtureName } from '../support/fixtures';

/** `[uri, experiment]` for every non-HTML file of the site under an experiment's prefix, in every locale. */
function filesUnderPrefixes(name: FixtureName) {
  const { config, siteDir } = fixture(name);
  return config.experiments.list.flatMap((e) =>
    e.paths
      .filter((p) => p.endsWith('*'))
      .flatMap((p) =>
        config.locales.supported.flatMap((locale) => {
          const dir = path.join(siteDir, locale, p.slice(0, -1));
          return listFiles(dir)
            .filter((f) => !f.endsWith('.html'))
            .map((f) => [`/${locale}${p.slice(0, -1)}${f}`, e] as const);
        }),
      ),
  );
}

it('the three-locales fixture has images under a prefix experiment (so the suite below is not empty)', () => {
  expect(filesUnderPrefixes('three-locales').map(([uri]) => uri)).toContain('/en/blog/cover.png');
});

describe.each(FIXTURES.filter((n) => filesUnderPrefixes(n).length > 0))(
  'viewer-request bundle (%s): files under a covered prefix',
  (name) => {
    it.each(filesUnderPrefixes(name))('forwards %s untouched, without experiment cookies', async (uri, e) => {
      const variant = treatmentOf(e);
      const Cookie = [...consentPairs(name), `${e.cookieName}=${variant}`, 'a=1'].join('; ');
      for (const qs of ['', `${e.overrideParam}=${variant}`]) {
        const { result, violations, log } = await runViewer(name, {
          uri,
          querystring: qs,
          headers: { ...BROWSER, Cookie },
        });
        expect(violations).toEqual([]);
        expect(result.uri).toBe(uri);
        expect(cookiePairs(result)).toEqual([...consentPairs(name), 'a=1']);
        expect(log.join('\n')).not.toContain(e.id);
      }
    });

    it('still runs the experiment on the HTML pages beside those files', async () => {
      const [uri, e] = filesUnderPrefixes(name)[0]!;
      const page = uri.slice(0, uri.lastIndexOf('/') + 1);
      const variant = treatmentOf(e);
      const proof = await enrollAs(name, e, variant);
      const { result } = await runViewer(name, {
        uri: page,
        headers: { ...BROWSER, Cookie: [...consentPairs(name), proof.pair].join('; ') },
      });
      expect(result.uri).toBe(`${page}index.${variant}.html`);
      expect(cookiePairs(result)).toContain(`${e.cookieName}=${variant}`);
    });
  },
);
