/**
 * The shipped viewer-request bundle of every fixture against the adversarial findings of issue 10: URLs
 * whose canonical form outgrows CloudFront's URL limit, raw non-BMP characters in a redirected query,
 * experiment cookies on neutral paths, cookies past 16 KB, odd Accept-Language input, the crawler rule and
 * malformed events. Every result goes through the Lambda@Edge validator.
 */
import { GENERATED_RESPONSE_LIMIT } from '../../edge-functions/cloudfront/rules';
import {
  BROWSER,
  consentPairs,
  cookiePairs,
  header,
  otherLocale,
  pageOf,
  runViewer,
  treatmentOf,
} from '../support/bundles';
import { fixture, FIXTURES } from '../support/fixtures';

describe.each(FIXTURES)('viewer-request bundle (%s) under hostile input', (name) => {
  const { config } = fixture(name);
  const def = config.locales.default;
  const experiments = config.experiments.list;

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
      expect(log.map((l) => JSON.parse(l))).toEqual([expect.objectContaining({ status: 414 })]);
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
    it.each([
      ['q=😀', 'q=%F0%9F%98%80'],
      ['q=\ud83d', 'q=%EF%BF%BD'],
      ['a=\ude00&b=😀x', 'a=%EF%BF%BD&b=%F0%9F%98%80x'],
    ])('redirects /about?%s with the query percent-encoded, and logs that redirect', async (qs, encoded) => {
      const { result, violations, log } = await runViewer(name, { uri: '/about', querystring: qs });
      expect(violations).toEqual([]);
      expect(result.status).toBe('302');
      expect(header(result, 'location')).toBe(`/${def}/about/?${encoded}`);
      expect(log).toHaveLength(1);
      expect(JSON.parse(log[0]!)).toMatchObject({ action: 'redirect', status: 302, locale: def });
    });
  });

  describe('experiment cookies on neutral paths', () => {
    const cookie = [
      'a=1',
      ...experiments.map((e) => `${e.cookieName}=${treatmentOf(e)}`),
      ...experiments.map((e) => `${e.cookieName}=junk-${e.id}`),
      ...consentPairs(name),
    ].join('; ');
    const neutral = config.locales.neutralPaths.flatMap((p) =>
      p.endsWith('*')
        ? [`${p.slice(0, -1)}x.css`, `/%${p.charCodeAt(1).toString(16)}${p.slice(2, -1)}x.css`]
        : [p],
    );

    it.each(neutral)('forwards %s without any experiment cookie, other cookies kept', async (uri) => {
      const { result, violations } = await runViewer(name, { uri, headers: { ...BROWSER, Cookie: cookie } });
      expect(violations).toEqual([]);
      expect(result.status).toBeUndefined();
      const names = cookiePairs(result).map((p) => p.slice(0, p.indexOf('=')));
      for (const e of experiments) expect(names).not.toContain(e.cookieName);
      expect(cookiePairs(result)).toEqual(['a=1', ...consentPairs(name)]);
    });
  });

  describe('the experiment cookie after more than 16 KB of other cookies', () => {
    const filler = Array.from({ length: 170 }, (_, i) => `c${i}=${'v'.repeat(100)}`).join('; ');

    it.each(experiments.map((e) => [e.id, e] as const))(
      'keeps the visitor in their %s variant on every request',
      async (_id, e) => {
        expect(filler.length).toBeGreaterThan(16 * 1024);
        const variant = treatmentOf(e);
        const tail = [...consentPairs(name), `${e.cookieName}=${variant}`].join('; ');
        const uri = `/${def}${pageOf(e)}`;
        const expected = `/${def}${pageOf(e)}index.${variant}.html`;
        for (const Cookie of [`${filler}; ${tail}`, [filler, tail]]) {
          for (let i = 0; i < 12; i++) {
            const { result, violations, log } = await runViewer(name, {
              uri,
              headers: { ...BROWSER, Cookie },
            });
            expect(violations).toEqual([]);
            expect(result.uri).toBe(expected);
            expect(cookiePairs(result)).toContain(`${e.cookieName}=${variant}`);
            expect(JSON.parse(log[0]!)).toMatchObject({ assignment: 'cookie' });
          }
        }
      },
    );
  });

  describe('Accept-Language', () => {
    const other = otherLocale(name);
    const unsupported = ['fr', 'de', 'zz'].find((l) => !config.locales.supported.includes(l))!;

    it(`reads a tag of four or more subtags as its own low-priority range (${other}-JP-x-foo;q=0.1)`, async () => {
      for (const al of [
        `${other}-JP-x-foo;q=0.1, ${def};q=0.9`,
        `${other}-Latn-JP-x-foo-bar;q=0.1, ${def};q=0.9`,
        `${other}-JP-u-ca-japanese;q=0.1,${def};q=0.5`,
      ]) {
        const { result } = await runViewer(name, { uri: '/', headers: { 'Accept-Language': al } });
        expect(header(result, 'location')).toBe(`/${def}/`);
      }
      const { result } = await runViewer(name, {
        uri: '/',
        headers: { 'Accept-Language': `${other}-JP-x-foo, ${def};q=0.9` },
      });
      expect(header(result, 'location')).toBe(`/${other}/`);
    });

    it(`reads every Accept-Language line (${unsupported} then ${other} → /${other}/)`, async () => {
      const { result, violations } = await runViewer(name, {
        uri: '/',
        headers: { 'Accept-Language': [unsupported, other] },
      });
      expect(violations).toEqual([]);
      expect(header(result, 'location')).toBe(`/${other}/`);
    });
  });

  describe(`clients without Sec-Fetch-Mode (crawlers: '${config.experiments.crawlers}')`, () => {
    it.each(experiments.map((e) => [e.id, e] as const))(
      'serve %s the same page whatever unrelated cookies they send, with no experiment cookie',
      async (_id, e) => {
        const uri = `/${def}${pageOf(e)}`;
        const seen = new Set<string>();
        for (const extra of [[], ['_ga=GA1.2.3.4'], ['_ga=GA1.2.3.4', '_gid=GA1.2.9'], consentPairs(name)]) {
          for (let i = 0; i < 6; i++) {
            const cookies = [...extra, `_n=${i}`];
            const { result, violations, log } = await runViewer(name, {
              uri,
              headers: { Cookie: cookies.join('; ') },
            });
            expect(violations).toEqual([]);
            seen.add(result.uri!);
            expect(cookiePairs(result)).toEqual(cookies);
            expect(JSON.parse(log[0]!)).toMatchObject({ assignment: 'deterministic', exposure: false });
          }
        }
        expect(seen.size).toBe(1);
        if (config.experiments.crawlers === 'control') expect([...seen]).toEqual([`${uri}index.html`]);
      },
    );

    it.each(experiments.map((e) => [e.id, e] as const))('honour a valid %s cookie', async (_id, e) => {
      const variant = treatmentOf(e);
      const { result } = await runViewer(name, {
        uri: `/${def}${pageOf(e)}`,
        headers: { Cookie: [...consentPairs(name), `${e.cookieName}=${variant}`].join('; ') },
      });
      expect(result.uri).toBe(`/${def}${pageOf(e)}index.${variant}.html`);
    });
  });

  describe('events outside the contract', () => {
    const request = { clientIp: '203.0.113.1', method: 'GET', uri: '/', querystring: '', headers: {} };
    it.each([
      ['no event', undefined],
      ['null', null],
      ['no Records', {}],
      ['empty Records', { Records: [] }],
      ['a record without cf', { Records: [{}] }],
      ['cf without request', { Records: [{ cf: {} }] }],
      ['a null request', { Records: [{ cf: { request: null } }] }],
      ['a request without headers', { Records: [{ cf: { request: { ...request, headers: undefined } } }] }],
      ['a numeric uri', { Records: [{ cf: { request: { ...request, uri: 42 } } }] }],
      [
        'a header that is not a list',
        { Records: [{ cf: { request: { ...request, headers: { cookie: 'a=1' } } } }] },
      ],
    ])('answers %s with a valid generated 400 instead of throwing', async (_what, raw) => {
      const { result, violations } = await runViewer(name, { raw });
      expect(violations).toEqual([]);
      expect(result.status).toBe('400');
      expect(header(result, 'strict-transport-security')).toMatch(/max-age/);
    });
  });
});
