/**
 * The conversion beacon through the shipped viewer-request bundle of every fixture: `/__edge/goal/<goal>`
 * is answered at the edge (204, no-store, security headers, never forwarded), counts a visitor's first
 * conversion once per experiment they are enrolled in, and counts nothing without consent or cookies.
 */
import { BROWSER, consentPairs, header, runViewer, treatmentOf } from '../support/bundles';
import { fixture, FIXTURES } from '../support/fixtures';

describe.each(FIXTURES)('the conversion beacon (%s)', (name) => {
  const { config } = fixture(name);
  const goal = config.experiments.goals[0]!.id;
  const enrolled = config.experiments.list.map((e) => `${e.cookieName}=${treatmentOf(e)}`);
  const post = (headers: Record<string, string>, uri = `/__edge/goal/${goal}`, method = 'POST') =>
    runViewer(name, { uri, method, headers: { ...BROWSER, ...headers } });

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
    const maxAge = Math.max(...config.experiments.list.map((e) => e.cookieMaxAgeSeconds));
    expect(header(result, 'set-cookie')).toBe(
      `xg-${goal}=1; Max-Age=${maxAge}; Path=/; Secure; HttpOnly; SameSite=Lax`,
    );
    expect(log.join('\n')).not.toMatch(/consent=|xp-/);
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

  it('accepts GET (an <img> fallback) like POST', async () => {
    const { result, log } = await post(
      { Cookie: [...consentPairs(name), ...enrolled].join('; ') },
      undefined,
      'GET',
    );
    expect(result.status).toBe('204');
    expect(log).toHaveLength(config.experiments.list.length);
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
