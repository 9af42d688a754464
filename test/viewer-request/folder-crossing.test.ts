/**
 * Paths that enter or leave the locale folders only once normalised. CloudFront picks a behaviour on the
 * path as the viewer sent it, and with `viewer.runtime: 'cloudfront-functions'` each locale folder is its own
 * behaviour with its own function (`config/cache-policy.ts`): the shipped viewer-request bundle answers such
 * a path with one permanent redirect to its normal form, so every behaviour's function decides only paths
 * of its own. Paths that stay inside (or outside) the folders are decided as before.
 */
import { BROWSER, header, landing, runViewer } from '../support/bundles';
import { fixture, FIXTURES } from '../support/fixtures';

describe.each(FIXTURES)('viewer-request bundle (%s): paths crossing the locale folders', (name) => {
  const locales = fixture(name).config.locales;
  const def = locales.default;
  const other = locales.supported.find((l) => l !== def)!;
  const folder = (tag: string) => (locales.folderCase === 'lower' ? tag.toLowerCase() : tag);

  it.each([
    ['leaves a folder', `/${folder(def)}/../about/`, '/about/'],
    ['enters a folder', `/about/../${folder(def)}/`, `/${folder(def)}/`],
    ['enters one through an encoded slash', `/${folder(def)}%2Fabout/`, `/${folder(def)}/about/`],
    ['enters one through a backslash', `/x\\..\\${folder(other)}\\`, `/${folder(other)}/`],
  ])('redirects a path that %s to its normal form, query kept', async (_what, uri, location) => {
    const { result, violations } = await runViewer(name, {
      uri,
      querystring: 'utm_source=a%20b',
      headers: { ...BROWSER, 'accept-language': other },
    });
    expect(violations).toEqual([]);
    expect(result.status).toBe('301');
    expect(header(result, 'location')).toBe(`${location}?utm_source=a%20b`);
  });

  it('decides a path that stays inside the folders where it lands', async () => {
    const { result, violations } = await runViewer(name, {
      uri: `/${folder(def)}/../${folder(other)}/`,
      headers: { 'accept-language': def },
    });
    expect(violations).toEqual([]);
    expect(result.status).toBeUndefined();
    expect(result.uri).toBe(`/${folder(other)}/index.html`);
  });

  it('still negotiates a path that stays outside them', async () => {
    const { result } = await runViewer(name, {
      uri: '/x/../about/',
      headers: { 'accept-language': other },
    });
    // Redirected (redirect mode) or served (rewrite mode) in the negotiated locale, never via `/about/`.
    expect(landing(result)).toBe(`/${folder(other)}/about/`);
  });
});
