/** Bugs found while testing the local CloudFront, each pinned over real HTTP. */
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startServer, type LocalCloudFront } from '../../emulator';
import { forwardedCookies } from '../../emulator/cache/key';
import { fetchPath, rawRequest } from './http';
import { serverOptions } from '../support/fixtures';

let server: LocalCloudFront;
beforeAll(async () => {
  server = await startServer({ ...serverOptions('demo'), port: 0, log: false });
});
afterAll(async () => {
  await server.close();
});

describe('local CloudFront regressions', () => {
  it.each(['constructor', '__proto__', 'hasOwnProperty'])(
    'serves a request carrying a header named %s',
    async (name) => {
      const res = await rawRequest(server.port, '/en/features/', [[name, 'x']]);
      expect(res.status).toBe(200);
      expect(res.headers['x-emulator-error']).toBeUndefined();
    },
  );

  it('keys cookies on their raw bytes, not their percent-decoded value', () => {
    const headers = { cookie: [{ key: 'Cookie', value: 'xp-home-hero=a%41; other=1' }] };
    expect(forwardedCookies(headers, ['xp-home-hero'])).toEqual([['xp-home-hero', 'a%41']]);
    const injected = { cookie: [{ key: 'Cookie', value: 'xp-home-hero=x%3B%20admin%3D1' }] };
    expect(forwardedCookies(injected, ['xp-home-hero'])).toEqual([['xp-home-hero', 'x%3B%20admin%3D1']]);
  });

  it.each(['/assets//site.b0e0483b.css', '/assets/./site.b0e0483b.css', '/assets/x/../site.b0e0483b.css'])(
    'answers %s as S3 would: no such key (404 page), not the normalised file',
    async (p) => {
      const res = await rawRequest(server.port, p);
      expect(res.status).toBe(404);
    },
  );

  it('does not follow a symlink out of the site folder', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'outside-'));
    writeFileSync(path.join(outside, 'secret.txt'), 'secret');
    const site = mkdtempSync(path.join(tmpdir(), 'site-'));
    mkdirSync(path.join(site, 'en', 'about'), { recursive: true });
    writeFileSync(path.join(site, 'en', 'about', 'index.html'), '<!doctype html><html lang="en"></html>');
    symlinkSync(path.join(outside, 'secret.txt'), path.join(site, 'robots.txt'));
    const local = await startServer({ ...serverOptions('demo'), port: 0, log: false, siteDir: `${site}/` });
    try {
      const res = await fetchPath(local.url, '/robots.txt');
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('secret');
      expect((await fetchPath(local.url, '/en/about/')).status).toBe(200);
    } finally {
      await local.close();
    }
  });
});
