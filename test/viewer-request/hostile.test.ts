/**
 * The shipped viewer-request bundle of every fixture against the adversarial findings of issue 10:
 * experiment cookies on neutral paths, cookies past 16 KB, odd Accept-Language input, the crawler rule and
 * malformed events (URLs: `urls.test.ts`). Every result goes through the Lambda@Edge validator.
 */
import {
  enrollAs,
  BROWSER,
  consentPairs,
  cookiePairs,
  header,
  landing,
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
        const proof = await enrollAs(name, e, variant);
        const tail = [...consentPairs(name), proof.pair].join('; ');
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
            // A returning visitor is not a new enrollment: nothing is logged (lean logs).
            expect(log).toEqual([]);
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
        expect(landing(result)).toBe(`/${def}/`);
      }
      const { result } = await runViewer(name, {
        uri: '/',
        headers: { 'Accept-Language': `${other}-JP-x-foo, ${def};q=0.9` },
      });
      expect(landing(result)).toBe(`/${other}/`);
    });

    it(`reads every Accept-Language line (${unsupported} then ${other} → /${other}/)`, async () => {
      const { result, violations } = await runViewer(name, {
        uri: '/',
        headers: { 'Accept-Language': [unsupported, other] },
      });
      expect(violations).toEqual([]);
      expect(landing(result)).toBe(`/${other}/`);
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
            // Not enrolled, so nothing is logged or counted.
            expect(log).toEqual([]);
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
