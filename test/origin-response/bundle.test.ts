/**
 * The shipped file, `dist/origin-response/index.js`, driven with synthetic S3 responses and checked against
 * Lambda@Edge's validation rules; the not-found pages inside it are the site's own 404.html files.
 */
import fc from 'fast-check';
import { readNotFoundPages } from '../../edge-functions/build';
import type {
  CloudFrontResponseEvent,
  CloudFrontResultResponse,
} from '../../edge-functions/cloudfront/types';
import { validateResult } from '../../edge-functions/cloudfront/validator';
import { originResponse, type ResponseInput } from '../support/events';
import { fixture } from '../support/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { handler } = require(fixture('demo').bundle('origin-response')) as {
  handler: (e: CloudFrontResponseEvent) => Promise<CloudFrontResultResponse & { body?: string }>;
};

async function run(input: ResponseInput) {
  const event = originResponse(input);
  const { request, response } = event.Records[0]!.cf;
  const requestHeaders = structuredClone(request.headers);
  const responseHeaders = structuredClone(response.headers);
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    const result = await handler(event);
    const violations = validateResult(
      { eventType: 'origin-response', requestHeaders, responseHeaders },
      result,
    );
    return { result, violations, log: log.mock.calls.map((c) => String(c[0])) };
  } finally {
    log.mockRestore();
  }
}

describe('dist/origin-response bundle', () => {
  it("serves site/ja/404.html, byte for byte, for S3's 403 under /ja/", async () => {
    const { result, violations } = await run({
      status: '403',
      uri: '/ja/nope/index.html',
      responseHeaders: { 'Content-Type': 'application/xml', 'Transfer-Encoding': 'chunked' },
    });
    expect(violations).toEqual([]);
    expect(result.status).toBe('404');
    expect(result.body).toBe(readNotFoundPages(fixture('demo')).ja);
    expect(result.headers!['transfer-encoding']).toEqual([{ key: 'Transfer-Encoding', value: 'chunked' }]);
  });

  it('scores the Observatory bonuses: CSP default-src none, HSTS ≥ 2 years + preload, CORP, XFO', async () => {
    const { result } = await run({});
    const h = (n: string) => result.headers![n]?.[0]?.value ?? '';
    expect(h('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(h('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval/);
    for (const d of [
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
    ])
      expect(h('content-security-policy')).toContain(d);
    const directives = h('content-security-policy')
      .split(';')
      .map((d) => d.trim().split(' ')[0]);
    expect(new Set(directives).size).toBe(directives.length);
    expect(Number(/max-age=(\d+)/.exec(h('strict-transport-security'))![1])).toBeGreaterThanOrEqual(63072000);
    expect(h('strict-transport-security')).toMatch(/includeSubDomains; preload/);
    expect(h('cross-origin-resource-policy')).toBe('same-origin');
    expect(h('x-frame-options')).toBe('DENY');
  });

  it('returns a valid response for any status and any header mix, never logging an internal error', async () => {
    const name = fc
      .stringMatching(/^[a-z][a-z0-9-]{0,20}$/)
      .filter((n) => !['transfer-encoding', 'via'].includes(n));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('200', '204', '206', '304', '400', '403', '404', '500', '502', '503'),
        fc.dictionary(
          name,
          fc.string({ maxLength: 80 }).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '')),
          { maxKeys: 6 },
        ),
        fc.oneof(
          fc.constant('/en/index.html'),
          fc.string({ maxLength: 60 }).map((s) => `/${s.replace(/[\u0000-\u0020\u007f]/g, '')}`),
        ),
        fc.oneof(
          fc.constant(''),
          fc.constant('xp-home-hero=bold'),
          fc.string({ maxLength: 80 }).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, '')),
        ),
        async (status, responseHeaders, uri, cookie) => {
          const { result, violations, log } = await run({
            status,
            uri,
            responseHeaders,
            headers: cookie ? { Cookie: cookie } : {},
          });
          expect(violations).toEqual([]);
          expect(log.join('\n')).not.toContain('E_INTERNAL');
          expect(result.headers!['strict-transport-security']).toHaveLength(1);
          expect(result.headers!.server).toBeUndefined();
        },
      ),
      { numRuns: 800 },
    );
  });
});
