/**
 * Function logs kept like CloudWatch keeps them: every line a function prints is appended to
 * `<logDir>/<function>.log`, exactly as printed; the access line per request stays.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CloudFrontRequestEvent } from '../../edge-functions/cloudfront/types';
import { defaultLogDir } from '../../emulator';
import { fetchPath } from './http';
import { closeStubs, passResponse, requestOf, startStub, tempDir, tempSite } from './stubs';
import { startServer } from '../../emulator';
import { fixture, FIXTURES, serverOptions } from '../support/fixtures';

afterEach(closeStubs);

const read = (dir: string, fn: string) => readFileSync(path.join(dir, `${fn}.log`), 'utf8');

describe('function log files', () => {
  it('appends each printed line to <logDir>/<function>.log, creating the folder on demand', async () => {
    const logDir = path.join(tempDir(), 'nested', 'logs');
    const access: string[] = [];
    const s = await startStub('demo', {
      siteDir: tempSite({ 'en/index.html': 'x' }),
      logDir,
      log: (l) => access.push(l),
      viewerRequest: async (e: CloudFrontRequestEvent) => {
        console.log('{"event":"one","n":%d}', 1);
        console.warn('plain text');
        return requestOf(e);
      },
      originResponse: async (e) => {
        console.log('origin line');
        return passResponse(e);
      },
    });
    expect(existsSync(logDir)).toBe(false);
    await fetchPath(s.url, '/en/index.html');
    await fetchPath(s.url, '/en/index.html');
    await s.close();
    expect(read(logDir, 'viewer-request')).toBe('{"event":"one","n":1}\nplain text\n'.repeat(2));
    expect(read(logDir, 'origin-response')).toBe('origin line\n');
    expect(access.filter((l) => /^GET \/en\/index\.html → 200 (Miss|Hit) /.test(l))).toHaveLength(2);
  });

  it('writes no files without a logDir', async () => {
    const dir = tempDir();
    const s = await startStub('demo', {
      siteDir: tempSite({ 'en/index.html': 'x' }),
      viewerRequest: async (e: CloudFrontRequestEvent) => {
        console.log('not kept');
        return requestOf(e);
      },
    });
    await fetchPath(s.url, '/en/index.html');
    expect(existsSync(path.join(dir, 'viewer-request.log'))).toBe(false);
  });

  it('defaults next to the configuration file, in .cloudfront/logs', () => {
    expect(defaultLogDir('/repo/edge.config.ts')).toBe(path.join('/repo', '.cloudfront', 'logs'));
  });
});

describe.each(FIXTURES)('the shipped bundles of %s', (name) => {
  it('keep their JSON log lines in viewer-request.log, one line per console.log', async () => {
    const logDir = tempDir();
    const s = await startServer({ ...serverOptions(name), port: 0, log: false, logDir });
    const { config } = fixture(name);
    // An experiment page without a cookie is a new assignment, which viewer-request logs.
    const page = `/${config.locales.default}${config.experiments.list[0]!.paths[0]!.replace(/\*$/, '')}`;
    const consent = config.experiments.consentCookieName;
    await fetchPath(s.url, page, {
      'Sec-Fetch-Mode': 'navigate',
      ...(consent ? { Cookie: `${consent}=1` } : {}),
    });
    await s.close();
    const lines = read(logDir, 'viewer-request').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
