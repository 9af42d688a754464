/**
 * The shipped file, `dist/viewer-request/index.js` (built in jest's global setup), driven with synthetic
 * CloudFront events and checked against Lambda@Edge's validation rules — hostile input included.
 */
import fc from 'fast-check';
import type { CloudFrontRequestEvent, CloudFrontResultResponse } from '../../edge-functions/cloudfront/types';
import { validateResult } from '../../edge-functions/cloudfront/validator';
import { viewerRequest, type HeaderInput } from '../support/events';
import { fixture } from '../support/fixtures';
import { TEST_SIGNING_KEYS } from '../support/keys';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { handler } = require(fixture('demo').bundle('viewer-request')) as {
  handler: (e: CloudFrontRequestEvent) => Promise<unknown>;
};

async function run(uri: string, headers: HeaderInput = {}, querystring = '') {
  const event = viewerRequest({ uri, headers, querystring });
  const before = structuredClone(event.Records[0]!.cf.request.headers);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const result = await handler(event);
    return {
      result,
      violations: validateResult({ eventType: 'viewer-request', requestHeaders: before }, result),
      log: log.mock.calls.map((c) => String(c[0])),
    };
  } finally {
    log.mockRestore();
  }
}

describe('dist/viewer-request bundle', () => {
  it('exports an async handler', () => {
    expect(typeof handler).toBe('function');
  });

  it('redirects a Japanese browser at / to /ja/ with a valid generated response', async () => {
    const { result, violations } = await run('/', { 'Accept-Language': 'ja-JP,ja;q=0.9,en;q=0.8' });
    expect(violations).toEqual([]);
    expect((result as CloudFrontResultResponse).status).toBe('302');
    expect((result as CloudFrontResultResponse).headers!.location![0]!.value).toBe('/ja/');
  });

  const proofOf = (result: unknown) =>
    (result as CloudFrontResultResponse).headers?.['set-cookie']?.[0]?.value.split(';')[0];

  it('draws variants from the CSPRNG for new browsers (both variants show up in the proofs)', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 64 && seen.size < 2; i++) {
      const { result } = await run('/en/', { 'Sec-Fetch-Mode': 'navigate' });
      seen.add(proofOf(result)!.split(/[=.]/)[1]!);
    }
    expect([...seen].sort()).toEqual(['bold', 'control']);
  });

  it('logs one Enrollments line naming the proof it issued, nothing for a returning visitor, nothing identifying', async () => {
    const fresh = await run('/en/', {
      'Sec-Fetch-Mode': 'navigate',
      Cookie: 'session=secret',
      'X-Forwarded-For': '198.51.100.7',
    });
    expect(fresh.log).toHaveLength(1);
    const line = JSON.parse(fresh.log[0]!);
    expect(line).toMatchObject({ Experiment: 'home-hero', Enrollments: 1 });
    const proof = proofOf(fresh.result)!;
    expect(proof).toMatch(
      new RegExp(`^xp-home-hero=${line.Variant}\\.e${line.Enrollment}\\.[A-Za-z0-9_-]{22}$`),
    );
    expect(fresh.log[0]).not.toMatch(/secret|198\.51|203\.0\.113/);
    // Neither the signature nor any key ever reaches a log line.
    expect(fresh.log[0]).not.toContain(proof.split('.')[2]);
    for (const key of TEST_SIGNING_KEYS) expect(fresh.log[0]).not.toContain(key);
    const returning = await run('/en/', { 'Sec-Fetch-Mode': 'navigate', Cookie: `${proof}; session=secret` });
    expect(returning.log).toEqual([]);
    expect((returning.result as { uri: string }).uri).toMatch(/^\/en\/index\.(bold\.)?html$/);
  });

  const hostileText = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '',
      ';;;',
      '%',
      '%%',
      '%zz',
      '%C0%AF',
      '\u0000',
      '\r\n',
      'toString=',
      '__proto__=x',
      'a'.repeat(4096),
    ),
  );
  const uriArb = fc.oneof(
    hostileText.map((s) => `/${s}`),
    fc
      .array(
        fc.constantFrom(
          '',
          '.',
          '..',
          '%2e%2e',
          '%2F',
          '\\',
          'en',
          'ja',
          'a',
          'index.html',
          'x.css',
          '%E3%81%82',
        ),
        { maxLength: 8 },
      )
      .map((parts) => `/${parts.join('/')}`),
  );
  // Header values CloudFront could deliver: visible ASCII, spaces and UTF-8.
  const headerValue = fc.oneof(
    hostileText.map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '')),
    fc.constantFrom('ja-JP,ja;q=0.9', 'xp-home-hero=bold', '*;q=0'),
  );

  it('never throws, always returns something CloudFront accepts, never redirects off-site', async () => {
    await fc.assert(
      fc.asyncProperty(
        uriArb,
        headerValue,
        headerValue,
        fc.string({ maxLength: 100 }).map((s) => s.replace(/[\u0000-\u0020\u007f#]/g, '')),
        fc.boolean(),
        async (uri, acceptLanguage, cookie, qs, browser) => {
          const headers: HeaderInput = { 'Accept-Language': acceptLanguage, Cookie: cookie };
          if (browser) headers['Sec-Fetch-Mode'] = 'navigate';
          const { result, violations, log } = await run(uri, headers, qs);
          expect(violations).toEqual([]);
          // Hostile input is handled by the decision logic itself, not by the last-resort pass-through.
          expect(log.join('\n')).not.toContain('E_INTERNAL');
          const r = result as CloudFrontResultResponse & { uri?: string };
          if (r.status !== undefined) {
            expect(['301', '302', '400']).toContain(r.status);
            const loc = r.headers?.location?.[0]?.value;
            if (loc !== undefined) {
              expect(loc).toMatch(/^\/(?![/\\])/);
              expect(new URL(loc, 'https://site.example').origin).toBe('https://site.example');
            }
          } else {
            expect(r.uri).toMatch(/^\//);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
