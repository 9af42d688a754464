/**
 * The conversion beacon through the shipped viewer-request bundle of every fixture: `/__edge/goal/<goal>`
 * is answered at the edge (204, no-store, security headers, never forwarded), counts a visitor's first
 * conversion once per experiment they hold a proof of enrollment for, and only from a same-origin POST;
 * forged, legacy and QA cookies, other methods, other sites and prefetches count nothing.
 */
import { qaCookieName } from '../../edge-functions/shared/experiments';
import { BROWSER, consentPairs, enrollAs, header, runViewer, treatmentOf } from '../support/bundles';
import { fixture, FIXTURES } from '../support/fixtures';

/** What a page of the site sends with `navigator.sendBeacon` (https://www.w3.org/TR/fetch-metadata/). */
const SAME_ORIGIN = {
  'Sec-Fetch-Mode': 'no-cors',
  'Sec-Fetch-Site': 'same-origin',
  'Sec-Fetch-Dest': 'empty',
};

describe.each(FIXTURES)('the conversion beacon (%s)', (name) => {
  const { config } = fixture(name);
  const goal = config.experiments.goals[0]!.id;
  let enrolled: string[] = [];
  let ids: string[] = [];
  beforeAll(async () => {
    const proofs = [];
    for (const e of config.experiments.list) proofs.push(await enrollAs(name, e));
    enrolled = proofs.map((p) => p.pair);
    ids = proofs.map((p) => JSON.parse(p.log[0]!).Enrollment as string);
  });
  const post = (headers: Record<string, string>, uri = `/__edge/goal/${goal}`, method = 'POST') =>
    runViewer(name, { uri, method, headers: { ...SAME_ORIGIN, ...headers } });

  it("counts an enrolled visitor's first conversion once per experiment, and sets the dedupe cookie", async () => {
    const { result, violations, log } = await post({
      Cookie: [...consentPairs(name), ...enrolled].join('; '),
    });
    expect(violations).toEqual([]);
    expect(result.status).toBe('204');
    expect(result.uri).toBeUndefined(); // answered, never forwarded
    expect(header(result, 'cache-control')).toBe('no-store');
    expect(header(result, 'strict-transport-security')).toMatch(/max-age=/);
    const lines = log.map((l) => JSON.parse(l));
    expect(lines).toEqual(
      config.experiments.list.map((e) =>
        expect.objectContaining({
          Experiment: e.id,
          Variant: treatmentOf(e),
          Goal: goal,
          Conversions: 1,
        }),
      ),
    );
    // Each line names the enrollment it converts: the one the edge logged when it issued the proof.
    expect(lines.map((l) => l.Enrollment)).toEqual(ids);
    const maxAge = Math.max(...config.experiments.list.map((e) => e.cookieMaxAgeSeconds));
    expect(header(result, 'set-cookie')).toBe(
      `xg-${goal}=1; Max-Age=${maxAge}; Path=/; Secure; HttpOnly; SameSite=Lax`,
    );
    expect(log.join('\n')).not.toMatch(/consent=|xp-|\.e[A-Za-z0-9_-]{16}\./);
  });

  it('counts nothing the second time (the dedupe cookie is present)', async () => {
    const { result, log } = await post({
      Cookie: [...consentPairs(name), ...enrolled, `xg-${goal}=1`].join('; '),
    });
    expect(result.status).toBe('204');
    expect(log).toEqual([]);
    expect(header(result, 'set-cookie')).toBeUndefined();
  });

  it.each([
    ['no cookies at all', ''],
    [
      'only tampered experiment cookies',
      config.experiments.list.map((e) => `${e.cookieName}=evil`).join('; '),
    ],
  ])('answers 204 and counts nothing for %s', async (_n, cookie) => {
    const { result, violations, log } = await post(
      cookie ? { Cookie: [...consentPairs(name), cookie].join('; ') } : {},
    );
    expect(violations).toEqual([]);
    expect(result.status).toBe('204');
    expect(log).toEqual([]);
    expect(header(result, 'set-cookie')).toBeUndefined();
  });

  (config.experiments.consentCookieName ? it : it.skip)(
    'counts nothing and writes nothing without consent',
    async () => {
      const { result, log } = await post({ Cookie: enrolled.join('; ') });
      expect(result.status).toBe('204');
      expect(log).toEqual([]);
      expect(header(result, 'set-cookie')).toBeUndefined();
    },
  );

  it('logs the same enrollment again for a replayed proof (the report counts it once)', async () => {
    const cookie = [...consentPairs(name), ...enrolled].join('; ');
    const runs = [await post({ Cookie: cookie }), await post({ Cookie: cookie })];
    const named = runs.map((r) => r.log.map((l) => JSON.parse(l).Enrollment));
    expect(named).toEqual([ids, ids]);
  });

  it.each([
    ['GET', 'GET', SAME_ORIGIN],
    ['HEAD', 'HEAD', SAME_ORIGIN],
    ['a cross-site POST', 'POST', { ...SAME_ORIGIN, 'Sec-Fetch-Site': 'cross-site' }],
    ['a same-site POST from another origin', 'POST', { ...SAME_ORIGIN, 'Sec-Fetch-Site': 'same-site' }],
    ['a navigation from another site', 'POST', { ...BROWSER, 'Sec-Fetch-Site': 'cross-site' }],
    ['a prefetch', 'POST', { ...SAME_ORIGIN, 'Sec-Purpose': 'prefetch' }],
    ['a prefetch (older Chrome)', 'POST', { ...SAME_ORIGIN, Purpose: 'prefetch' }],
  ])('answers %s with 204 and counts nothing', async (_n, method, fetch) => {
    const cookie = [...consentPairs(name), ...enrolled].join('; ');
    const { result, violations, log } = await runViewer(name, {
      uri: `/__edge/goal/${goal}`,
      method,
      headers: { ...fetch, Cookie: cookie },
    });
    expect(violations).toEqual([]);
    expect(result.status).toBe('204');
    expect(log).toEqual([]);
    expect(header(result, 'set-cookie')).toBeUndefined();
  });

  it('counts a POST without Fetch Metadata (browsers before it), given a proof', async () => {
    const { log } = await runViewer(name, {
      uri: `/__edge/goal/${goal}`,
      method: 'POST',
      headers: { Cookie: [...consentPairs(name), ...enrolled].join('; ') },
    });
    expect(log).toHaveLength(config.experiments.list.length);
  });

  it('counts nothing for bare variant cookies (forged, or from before proofs)', async () => {
    const bare = config.experiments.list.map((e) => `${e.cookieName}=${treatmentOf(e)}`);
    const { result, log } = await post({ Cookie: [...consentPairs(name), ...bare].join('; ') });
    expect(result.status).toBe('204');
    expect(log).toEqual([]);
  });

  it('counts nothing while a QA override is in force, for any experiment', async () => {
    const e = config.experiments.list[0]!;
    const qa = `${qaCookieName(e)}=${treatmentOf(e)}`;
    const { log } = await post({ Cookie: [...consentPairs(name), ...enrolled, qa].join('; ') });
    expect(log).toEqual([]);
  });

  it('counts nothing for a re-issued pre-proof cookie', async () => {
    const e = config.experiments.list[0]!;
    const uri = `/${config.locales.default}${e.paths[0]!.replace(/\*$/, '')}`;
    const bare = `${e.cookieName}=${treatmentOf(e)}`;
    const cookie = [...consentPairs(name), bare].join('; ');
    const issued = await runViewer(name, { uri, headers: { ...BROWSER, Cookie: cookie } });
    expect(issued.result.status).toBe('302');
    expect(issued.log).toEqual([]); // kept, not enrolled again
    const reissued = header(issued.result, 'set-cookie')!.split(';')[0]!;
    expect(reissued).toMatch(new RegExp(`^${e.cookieName}=${treatmentOf(e)}\\.l`));
    const { log } = await post({ Cookie: [...consentPairs(name), reissued].join('; ') });
    expect(log).toEqual([]);
  });

  it.each([`/__edge/goal/no-such-goal`, '/__edge/goal/', '/__edge/other', `/__edge/goal/${goal}/x`])(
    'answers %s with a generated 404',
    async (uri) => {
      const { result, violations, log } = await post({ Cookie: enrolled.join('; ') }, uri);
      expect(violations).toEqual([]);
      expect(result.status).toBe('404');
      expect(header(result, 'cache-control')).toBe('no-store');
      expect(log).toEqual([]);
    },
  );

  it.each(['PUT', 'DELETE', 'PATCH', 'OPTIONS'])('answers %s with 405 and Allow', async (method) => {
    const { result, violations } = await post({ Cookie: enrolled.join('; ') }, undefined, method);
    expect(violations).toEqual([]);
    expect(result.status).toBe('405');
    expect(header(result, 'allow')).toBe('GET, HEAD, POST');
  });
});
