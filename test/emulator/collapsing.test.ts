/**
 * CloudFront collapses simultaneous misses for one cache key into a single origin fetch, on behaviours that
 * forward no cookies (`/assets/*` here; pages forward the experiment cookies: see cache-http.test.ts).
 */
import { startServer } from '../../emulator';
import { loadHandler } from '../../emulator/lambda';
import { rawRequest } from './http';
import { fixture, serverOptions } from '../support/fixtures';

const ASSET = '/assets/site.b0e0483b.css';

describe('request collapsing', () => {
  it('runs origin-response once for 20 simultaneous requests to one key and serves the rest as hits', async () => {
    const real = loadHandler(fixture('demo').bundle('origin-response')) as (e: unknown) => Promise<unknown>;
    let calls = 0;
    const server = await startServer({
      ...serverOptions('demo'),
      port: 0,
      log: false,
      originResponse: async (event: unknown) => {
        calls++;
        await new Promise((r) => setTimeout(r, 50)); // a slow origin widens the window
        return real(event);
      },
    });
    try {
      const results = await Promise.all(Array.from({ length: 20 }, () => rawRequest(server.port, ASSET)));
      expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(calls).toBe(1);
      const xcache = results.map((r) => String(r.headers['x-cache']));
      expect(xcache.filter((x) => x.startsWith('Miss'))).toHaveLength(1);
      expect(xcache.filter((x) => x.startsWith('Hit'))).toHaveLength(19);
    } finally {
      await server.close();
    }
  });

  it('lets waiting requests fetch again when the first answer was not cacheable', async () => {
    let calls = 0;
    const server = await startServer({
      ...serverOptions('demo'),
      port: 0,
      log: false,
      originResponse: async (event: unknown) => {
        calls++;
        await new Promise((r) => setTimeout(r, 30));
        const response = (event as { Records: [{ cf: { response: { headers: Record<string, unknown> } } }] })
          .Records[0].cf.response;
        response.headers['cache-control'] = [{ key: 'Cache-Control', value: 'no-store' }];
        return response;
      },
    });
    try {
      const results = await Promise.all(Array.from({ length: 3 }, () => rawRequest(server.port, ASSET)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
      expect(calls).toBeGreaterThan(1);
    } finally {
      await server.close();
    }
  });
});
