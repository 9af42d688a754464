/**
 * Live control through the local CloudFront, end to end: the fixture's own CloudFront Functions (built from
 * the decision core) under njs, the KeyValueStore file that `npm run experiments` writes, read afresh on
 * every request. A stop serves control and enrolls no one from the next request on; a re-weight changes
 * what new visitors draw and starts a new phase, which the proof it issues carries. No restart in between.
 */
import * as path from 'node:path';
import { buildFunctions, functionPath } from '../../edge-functions/build/cloudfront-functions';
import {
  CLOUDFRONT_FUNCTIONS,
  LOCAL_KVS_FILE,
  type CloudFrontFunctionName,
} from '../../edge-functions/cloudfront-functions/contract';
import type { SiteConfig } from '../../edge-functions/config';
import { readProof } from '../../edge-functions/shared/proof';
import { resolveConfig } from '../../edge-functions/config/resolve';
import { startServer, type LocalCloudFront } from '../../emulator';
import { main } from '../../experiments/cli';
import { describeNjs } from '../njs/support';
import { pageOf, treatmentOf } from '../support/bundles';
import { fixture, serverOptions } from '../support/fixtures';
import { TEST_SIGNING_KEYS } from '../support/keys';
import { createHmac } from 'node:crypto';
import { fetchPath } from './http';
import { tempDir } from './stubs';

const f = fixture('demo');
const e = f.config.experiments.list[0]!;
const page = `/${f.config.locales.default}${pageOf(e)}`;
const BROWSER = { 'sec-fetch-mode': 'navigate' };
const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('base64url');

const config = { ...f.config, viewer: { runtime: 'cloudfront-functions' } } as SiteConfig;
let server: LocalCloudFront;
let dir: string;

/** `npm run experiments -- <args>` against the local store next to this test's configuration file. */
async function experiments(...argv: string[]): Promise<string> {
  let out = '';
  const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (out += t) } };
  const code = await main(argv, {
    ...io,
    loaded: { ...f, config, file: path.join(dir, 'edge.config.ts') },
  });
  expect({ code, out }).toMatchObject({ code: 0 });
  return out;
}

/** A new browser's first visit to the experiment's page: the proof it is given, if any. */
async function newVisitor() {
  const res = await fetchPath(server.url, page, BROWSER);
  const set = res.setCookies.find((c) => c.startsWith(`${e.cookieName}=`));
  const value = set?.slice(e.cookieName.length + 1, set.indexOf(';'));
  return { status: res.status, proof: readProof(e, value, { keys: TEST_SIGNING_KEYS, hmac }) };
}

beforeAll(async () => {
  dir = tempDir();
  const out = path.join(dir, 'dist');
  await buildFunctions({ ...f, signingKeys: TEST_SIGNING_KEYS }, out);
  server = await startServer({
    ...serverOptions('demo'),
    config,
    port: 0,
    log: false,
    cloudfrontFunctions: {
      bundles: Object.fromEntries(CLOUDFRONT_FUNCTIONS.map((fn) => [fn, functionPath(fn, out)])) as Record<
        CloudFrontFunctionName,
        string
      >,
      kvsFile: path.join(dir, LOCAL_KVS_FILE),
    },
  });
}, 60_000);

afterAll(() => server?.close());

describeNjs('live control through the local CloudFront (CloudFront Functions)', () => {
  it('enrolls a new visitor as configured, phase 0, before any change', async () => {
    const v = await newVisitor();
    expect(v.status).toBe(302);
    expect(v.proof).toMatchObject({ kind: 'e', phase: 0 });
  });

  it('serves control and enrolls no one on the request after a stop', async () => {
    expect(await experiments('stop', e.id)).toContain(e.id);
    for (let i = 0; i < 5; i++) {
      const v = await newVisitor();
      expect(v).toEqual({ status: 200, proof: undefined });
    }
  });

  it('draws by the new weights after a start and a re-weight, in a new phase the proof carries', async () => {
    await experiments('start', e.id);
    const all = e.variants.map((v) => (v.name === treatmentOf(e) ? 100 : 0)).join(',');
    await experiments('weights', e.id, all);
    for (let i = 0; i < 5; i++) {
      const v = await newVisitor();
      expect(v.status).toBe(302);
      expect(v.proof).toMatchObject({ kind: 'e', variant: treatmentOf(e) });
      expect(v.proof!.phase).toBeGreaterThan(1);
    }
  });

  it('gives a generated response (the default behaviour’s locale redirect) the configured security headers', async () => {
    const res = await fetchPath(server.url, '/', BROWSER);
    expect(res.status).toBe(302);
    for (const h of resolveConfig(config).securityHeaderList) expect(res.headers.get(h.name)).toBe(h.value);
  });
});
