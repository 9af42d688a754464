/**
 * The shipped viewer-request bundle of every fixture against URLs that CloudFront accepts but whose
 * canonical form (percent-encoded, localized, `index.html`, variant) does not fit its 8,192-character limit,
 * and against raw non-BMP characters in a redirected query string. Every result goes through the
 * Lambda@Edge validator: a 414 or a redirect under 40 KB, never a 502.
 */
import { GENERATED_RESPONSE_LIMIT } from '../../edge-functions/cloudfront/rules';
import { BROWSER, header, runViewer } from '../support/bundles';
import { fixture, FIXTURES } from '../support/fixtures';

describe.each(FIXTURES)('viewer-request bundle (%s): URL limits', (name) => {
  const def = fixture(name).config.locales.default;

  describe('URLs whose canonical form reaches 8,192 characters', () => {
    it.each([
      ['a directory that gains index.html', `/${def}/${'a'.repeat(8178)}/`],
      ['2,800 colons, re-encoded as %3A', `/${def}/${':'.repeat(2800)}/`],
      ['every sub-delimiter, re-encoded', `/${def}/${':@$&+,;='.repeat(400)}/`],
      ['a raw UTF-8 path (9 characters each once encoded)', `/${'あ'.repeat(4000)}`],
      ['a neutral path that grows when re-encoded', `/assets/${'+'.repeat(3000)}.css`],
    ])('answers a generated 414 with security headers for %s', async (_what, uri) => {
      const { result, violations, log } = await runViewer(name, { uri, headers: { ...BROWSER } });
      expect(violations).toEqual([]);
      expect(result.status).toBe('414');
      expect(header(result, 'strict-transport-security')).toMatch(/max-age=\d+/);
      expect(header(result, 'content-security-policy')).toContain("default-src 'none'");
      expect(header(result, 'cache-control')).toBe('no-store');
      // Generated answers feed no metric: nothing is logged without logs.debug.
      expect(log).toEqual([]);
    });

    it('forwards every length up to the limit and answers 414 past it, never an invalid request', async () => {
      const statuses = new Set<string>();
      for (let n = 8160; n <= 8190; n++) {
        const { result, violations } = await runViewer(name, { uri: `/${def}/${'a'.repeat(n)}/` });
        expect(violations).toEqual([]);
        statuses.add(result.status ?? 'forward');
      }
      expect([...statuses].sort()).toEqual(['414', 'forward']);
    });

    it('counts the query string too', async () => {
      const { result, violations } = await runViewer(name, {
        uri: `/${def}/${'a'.repeat(4000)}/`,
        querystring: `q=${'b'.repeat(4180)}`,
      });
      expect(violations).toEqual([]);
      expect(result.status).toBe('414');
    });

    it('keeps every generated redirect under 40 KB, whatever the raw UTF-8 path', async () => {
      for (const uri of [`/${'あ'.repeat(5000)}`, `/${'é'.repeat(8000)}`, `/${'😀'.repeat(4000)}`]) {
        const { result, violations } = await runViewer(name, { uri, querystring: `q=${'あ'.repeat(100)}` });
        expect(violations).toEqual([]);
        expect(['301', '302', '414']).toContain(result.status);
        const bytes = Object.values(result.headers ?? {})
          .flat()
          .reduce((n, h) => n + Buffer.byteLength(h.value), 0);
        expect(bytes).toBeLessThan(GENERATED_RESPONSE_LIMIT['viewer-request']);
      }
    });
  });

  describe('a raw non-BMP character in the query string of a redirected URL', () => {
    // Redirect mode answers /about with the locale's URL; rewrite mode with the directory's.
    const [status, to] =
      fixture(name).config.locales.mode === 'redirect' ? ['302', `/${def}/about/`] : ['301', '/about/'];
    it.each([
      ['q=😀', 'q=%F0%9F%98%80'],
      ['q=\ud83d', 'q=%EF%BF%BD'],
      ['a=\ude00&b=😀x', 'a=%EF%BF%BD&b=%F0%9F%98%80x'],
    ])('redirects /about?%s with the query percent-encoded, and logs no error', async (qs, encoded) => {
      const { result, violations, log } = await runViewer(name, { uri: '/about', querystring: qs });
      expect(violations).toEqual([]);
      expect(result.status).toBe(status);
      expect(header(result, 'location')).toBe(`${to}?${encoded}`);
      // Nothing claims a redirect (or anything else): no metric, no error.
      expect(log).toEqual([]);
    });
  });
});
