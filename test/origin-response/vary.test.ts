/**
 * What origin-response tells caches after CloudFront: an object a URL without its locale or variant can be
 * answered with lists what chose it in `Vary` (CloudFront replays the one stored answer to every URL mapped
 * to its key); an object only its own URL reaches is left as it was. The module and the shipped bundles of
 * fixtures in both locale modes, each result checked against Lambda@Edge's validation rules.
 */
import type { CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import { validateResult } from '../../edge-functions/cloudfront/validator';
import { originConfig } from '../../edge-functions/config/resolve';
import { createHandler } from '../../edge-functions/origin-response/handler';
import { originResponse, type ResponseInput } from '../support/events';
import { fixture, handlerOf, type FixtureName } from '../support/fixtures';

const LOCALE = 'Accept-Language, Cookie';
const EXPERIMENT = 'Cookie, Sec-Fetch-Mode, Sec-Purpose, Purpose';

type Run = (input: ResponseInput) => Promise<CloudFrontResultResponse>;

const moduleOf =
  (name: FixtureName): Run =>
  async (input) => {
    const config = originConfig(fixture(name).resolved);
    const handler = createHandler({ config, notFoundPages: { en: 'nf', de: 'nf' }, log: () => undefined });
    return (await handler(originResponse(input))) as CloudFrontResultResponse;
  };

const bundleOf =
  (name: FixtureName): Run =>
  async (input) => {
    const event = originResponse(input);
    const { request, response } = event.Records[0]!.cf;
    const before = {
      requestHeaders: structuredClone(request.headers),
      responseHeaders: structuredClone(response.headers),
    };
    const result = (await handlerOf(name, 'origin-response')(event)) as CloudFrontResultResponse;
    expect(validateResult({ eventType: 'origin-response', ...before }, result)).toEqual([]);
    return result;
  };

const header = (r: CloudFrontResultResponse, name: string) => r.headers?.[name]?.map((h) => h.value);

describe.each([
  ['module', moduleOf],
  ['dist bundle', bundleOf],
] as const)('Vary from origin-response (%s)', (_kind, runOf) => {
  describe('rewrite mode (plain-files-rewrite)', () => {
    const run = runOf('plain-files-rewrite');

    it.each<[string, string, string]>([
      ['a page', '/de/pricing.html', LOCALE],
      ['a directory page', '/en/docs/index.html', LOCALE],
      ['a file under a locale', '/de/logo.svg', LOCALE],
      ['an experiment page', '/en/index.html', `${LOCALE}, Sec-Fetch-Mode, Sec-Purpose, Purpose`],
      ['an experiment variant', '/de/index.bold.html', `${LOCALE}, Sec-Fetch-Mode, Sec-Purpose, Purpose`],
    ])('varies %s (%s) on %s, and keeps caching it for CloudFront', async (_what, uri, vary) => {
      const r = await run({ uri });
      expect(header(r, 'vary')).toEqual([vary]);
      expect(header(r, 'cache-control')).toEqual([
        fixture('plain-files-rewrite').config.cache.htmlCacheControl,
      ]);
    });

    it('varies the localized not-found page that replaces S3’s 403', async () => {
      const r = await run({ uri: '/de/nope/index.html', status: '403' });
      expect(r.status).toBe('404');
      expect(header(r, 'vary')).toEqual([LOCALE]);
    });

    it('keeps the origin’s own Vary (S3’s CORS answer) and adds to it', async () => {
      const r = await run({ uri: '/en/pricing.html', responseHeaders: { Vary: 'Origin' } });
      expect(header(r, 'vary')).toEqual([`Origin, ${LOCALE}`]);
    });

    it.each(['/robots.txt', '/assets/plain.5e1f0c2a.css'])(
      'leaves the neutral file %s alone',
      async (uri) => {
        expect(header(await run({ uri }), 'vary')).toBeUndefined();
      },
    );
  });

  describe('redirect mode (plain-files)', () => {
    const run = runOf('plain-files');

    it.each(['/en/index.html', '/de/index.bold.html'])(
      'varies the experiment object %s on what picks a variant',
      async (uri) => {
        expect(header(await run({ uri }), 'vary')).toEqual([EXPERIMENT]);
      },
    );

    it.each(['/de/pricing.html', '/en/docs/index.html', '/en/guide/index.html'])(
      'leaves %s as it was: only its own URL reaches it',
      async (uri) => {
        const r = await run({ uri });
        expect(header(r, 'vary')).toBeUndefined();
        expect(header(r, 'cache-control')).toEqual([fixture('plain-files').config.cache.htmlCacheControl]);
      },
    );
  });
});
