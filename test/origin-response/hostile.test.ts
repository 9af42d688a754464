/**
 * The shipped origin-response bundle of every fixture against the adversarial findings of issue 10, alone
 * and fed with what the fixture's viewer-request bundle forwards (the cache policy passes only the
 * experiment cookies). Every result goes through the Lambda@Edge validator.
 */
import {
  BROWSER,
  consentPairs,
  header,
  originRequestOf,
  pageOf,
  runOrigin,
  runViewer,
  treatmentOf,
} from '../support/bundles';
import { fixture, FIXTURES } from '../support/fixtures';

describe.each(FIXTURES)('origin-response bundle (%s) under hostile input', (name) => {
  const { config } = fixture(name);
  const def = config.locales.default;
  const experiments = config.experiments.list;
  const setCookies = (r: { headers?: Record<string, { value: string }[]> }) =>
    (r.headers?.['set-cookie'] ?? []).map((h) => h.value);

  describe('neutral paths', () => {
    const cookie = [
      ...experiments.map((e) => `${e.cookieName}=${treatmentOf(e)}`),
      ...consentPairs(name),
      'a=1',
    ].join('; ');
    const neutral = config.locales.neutralPaths.map((p) => (p.endsWith('*') ? `${p.slice(0, -1)}x.css` : p));

    it.each(neutral)('never writes an experiment Set-Cookie for %s behind viewer-request', async (uri) => {
      const viewer = await runViewer(name, { uri, headers: { ...BROWSER, Cookie: cookie } });
      expect(viewer.violations).toEqual([]);
      const { result, violations } = await runOrigin(name, {
        ...originRequestOf(name, viewer.result),
        responseHeaders: { 'Content-Type': 'text/plain' },
      });
      expect(violations).toEqual([]);
      expect(setCookies(result)).toEqual([]);
    });

    it.each(neutral)(
      'writes no experiment Set-Cookie for %s even when the cookie reaches it',
      async (uri) => {
        const { result, violations } = await runOrigin(name, {
          uri,
          headers: { Cookie: cookie },
          responseHeaders: { 'Content-Type': 'text/plain' },
        });
        expect(violations).toEqual([]);
        expect(setCookies(result)).toEqual([]);
      },
    );
  });

  describe('the experiment cookie after more than 16 KB of other cookies', () => {
    const filler = Array.from({ length: 170 }, (_, i) => `c${i}=${'v'.repeat(100)}`).join('; ');
    // origin-response's answer is cached and replayed: it never sets a cookie, whatever the request holds.
    it.each(experiments.map((e) => [e.id, e] as const))('is never echoed for %s', async (_id, e) => {
      const variant = treatmentOf(e);
      const { result, violations } = await runOrigin(name, {
        uri: `/${def}${pageOf(e)}index.${variant}.html`,
        headers: { Cookie: `${filler}; ${e.cookieName}=${variant}` },
      });
      expect(violations).toEqual([]);
      expect(setCookies(result)).toEqual([]);
    });
  });

  describe('events outside the contract', () => {
    const request = {
      clientIp: '203.0.113.1',
      method: 'GET',
      uri: '/en/index.html',
      querystring: '',
      headers: {},
    };
    const response = { status: '200', statusDescription: 'OK', headers: {} };
    it.each([
      ['no event', undefined],
      ['null', null],
      ['no Records', {}],
      ['empty Records', { Records: [] }],
      ['a record without cf', { Records: [{}] }],
      ['cf without response', { Records: [{ cf: { request } }] }],
      ['cf without request', { Records: [{ cf: { response } }] }],
      ['a response without headers', { Records: [{ cf: { request, response: { status: '200' } } }] }],
      [
        'a request header that is not a list',
        { Records: [{ cf: { request: { ...request, headers: { cookie: 'x=1' } }, response } }] },
      ],
      [
        'a response header that is not a list',
        { Records: [{ cf: { request, response: { ...response, headers: { etag: 'x' } } } }] },
      ],
    ])('answers %s with an uncacheable 502 carrying security headers', async (_what, raw) => {
      const { result, violations } = await runOrigin(name, { raw });
      expect(violations).toEqual([]);
      expect(result.status).toBe('502');
      expect(header(result, 'cache-control')).toBe('no-store');
      expect(header(result, 'strict-transport-security')).toMatch(/max-age/);
    });
  });
});
