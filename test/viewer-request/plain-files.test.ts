/**
 * Plain-file pages (`pricing.html`): an extensionless URL whose page is `name.html` is redirected to that
 * page, its canonical URL, in one hop, never 301'd to a `/name/` that is a 404. A name that is a directory
 * page too stays the directory; a file only some locales have is followed per locale. The module with the
 * fixture's baked facts and the shipped bundles, in both locale modes, every result validated.
 */
import { createHmac } from 'node:crypto';
import type { CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import { createHandler } from '../../edge-functions/viewer-request/handler';
import { runViewer } from '../support/bundles';
import { viewerRequest, type HeaderInput } from '../support/events';
import { fixture, type FixtureName } from '../support/fixtures';

const DE = { 'Accept-Language': 'de-DE,de;q=0.9' };
const EN = { 'Accept-Language': 'en-US,en;q=0.9' };
const PERMANENT = ['301', 'public, max-age=3600', undefined] as const;
const PER_VISITOR = ['302', 'private, no-store', 'Accept-Language, Cookie'] as const;

type Answer = { status?: string; headers?: CloudFrontResultResponse['headers'] };
type Run = (uri: string, headers: HeaderInput, querystring: string) => Promise<Answer>;

const moduleOf =
  (name: FixtureName): Run =>
  async (uri, headers, querystring) =>
    (await createHandler({
      config: fixture(name).viewer,
      random: () => 0.5,
      now: () => 1_700_000_000_000,
      log: () => undefined,
      newId: () => 'id00000000000000',
      hmac: (key, data) => createHmac('sha256', key).update(data).digest('base64url'),
    })(viewerRequest({ uri, headers, querystring }))) as Answer;

const bundleOf =
  (name: FixtureName): Run =>
  async (uri, headers, querystring) => {
    const { result, violations } = await runViewer(name, { uri, headers, querystring });
    expect(violations).toEqual([]);
    return result;
  };

type Row = [string, HeaderInput, string, readonly [string, string, string | undefined]];

const REDIRECT_MODE: Row[] = [
  ['/de/pricing', {}, '/de/pricing.html', PERMANENT],
  ['/en/pricing', DE, '/en/pricing.html', PERMANENT],
  ['/de/impressum', {}, '/de/impressum.html', PERMANENT],
  ['/en/impressum', {}, '/en/impressum/', PERMANENT], // English has no such page: unchanged
  ['/de/%C3%BCber-uns', {}, '/de/%C3%BCber-uns.html', PERMANENT], // de/über-uns.html
  ['/de/über-uns', {}, '/de/%C3%BCber-uns.html', PERMANENT],
  ['/en/guide', {}, '/en/guide/', PERMANENT], // guide.html and guide/index.html: the directory, as before
  ['/en/docs', {}, '/en/docs/', PERMANENT],
  // A neutral URL: one hop to the visitor's localized page, never via /de/pricing or /de/pricing/.
  ['/pricing', DE, '/de/pricing.html', PER_VISITOR],
  ['/pricing', EN, '/en/pricing.html', PER_VISITOR],
  ['/impressum', DE, '/de/impressum.html', PER_VISITOR],
  ['/guide', EN, '/en/guide/', PER_VISITOR],
];

const REWRITE_MODE: Row[] = [
  ['/de/pricing', {}, '/de/pricing.html', PERMANENT],
  ['/en/impressum', {}, '/en/impressum/', PERMANENT],
  // Every locale has pricing.html: the same answer for everyone, served at /pricing.html in theirs.
  ['/pricing', DE, '/pricing.html', PERMANENT],
  ['/pricing', EN, '/pricing.html', PERMANENT],
  // Only German has impressum.html: where /impressum goes depends on the visitor.
  ['/impressum', DE, '/impressum.html', PER_VISITOR],
  ['/impressum', EN, '/impressum/', PER_VISITOR],
  ['/docs', DE, '/docs/', PERMANENT],
];

describe.each([
  ['module', moduleOf],
  ['dist bundle', bundleOf],
] as const)('plain-file pages (%s)', (_kind, runOf) => {
  describe.each<[FixtureName, Row[]]>([
    ['plain-files', REDIRECT_MODE],
    ['plain-files-rewrite', REWRITE_MODE],
  ])('%s', (name, rows) => {
    const run = runOf(name);

    it.each(rows)('%s %j → %s', async (uri, headers, location, [status, cacheControl, vary]) => {
      const r = await run(uri, headers, '');
      const h = (n: string) => r.headers?.[n]?.[0]?.value;
      expect([r.status, h('location'), h('cache-control'), h('vary')]).toEqual([
        status,
        location,
        cacheControl,
        vary,
      ]);
    });

    it('keeps the query string', async () => {
      const r = await run('/de/pricing', {}, 'utm_source=x&a=%20');
      expect(r.headers?.location?.[0]?.value).toBe('/de/pricing.html?utm_source=x&a=%20');
    });

    it('serves the page itself at its .html URL', async () => {
      const r = await run('/de/pricing.html', {}, '');
      expect(r.status).toBeUndefined();
      expect((r as { uri?: string }).uri).toBe('/de/pricing.html');
    });
  });
});
