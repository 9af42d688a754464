/**
 * Plain-file pages through the local CloudFront with the shipped bundles: an extensionless URL reaches its
 * `name.html` page in one redirect, and that page answers 200 from the bucket, in both locale modes.
 */
import { fetchPath } from './http';
import { startServer, type LocalCloudFront } from '../../emulator';
import { serverOptions, type FixtureName } from '../support/fixtures';

const servers: LocalCloudFront[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
async function serve(name: FixtureName): Promise<LocalCloudFront> {
  const s = await startServer({ ...serverOptions(name), port: 0, log: false });
  servers.push(s);
  return s;
}

/** Follow redirects like a browser would, recording each hop's status and where it went. */
async function follow(s: LocalCloudFront, path: string, headers: Record<string, string>) {
  const hops: string[] = [];
  let r = await fetchPath(s.url, path, headers);
  while (r.status === 301 || r.status === 302) {
    const to = r.headers.get('location')!;
    hops.push(`${r.status} ${to}`);
    r = await fetchPath(s.url, to, headers);
  }
  return { hops, final: r };
}

describe.each<[FixtureName, string, string, string[], string]>([
  ['plain-files', '/de/pricing', 'de', ['301 /de/pricing.html'], 'de/pricing.html'],
  ['plain-files', '/pricing', 'de', ['302 /de/pricing.html'], 'de/pricing.html'],
  ['plain-files', '/impressum', 'de', ['302 /de/impressum.html'], 'de/impressum.html'],
  ['plain-files', '/de/%C3%BCber-uns', 'de', ['301 /de/%C3%BCber-uns.html'], 'de/über-uns.html'],
  ['plain-files-rewrite', '/de/pricing', 'en', ['301 /de/pricing.html'], 'de/pricing.html'],
  ['plain-files-rewrite', '/pricing', 'de', ['301 /pricing.html'], 'de/pricing.html'],
  ['plain-files-rewrite', '/impressum', 'de', ['302 /impressum.html'], 'de/impressum.html'],
])('%s: %s (Accept-Language: %s)', (name, path, lang, hops, page) => {
  it(`reaches ${page} in ${hops.length} hop and answers 200`, async () => {
    const s = await serve(name);
    const r = await follow(s, path, { 'Accept-Language': lang, 'Sec-Fetch-Mode': 'navigate' });
    expect(r.hops).toEqual(hops);
    expect(r.final.status).toBe(200);
    expect(r.final.body).toContain(`(${page})`);
  });
});
