/**
 * The decision a visitor got, shown by the local CloudFront from the shipped viewer-request bundle's own
 * lines: on the access line (`GET /en/ → 302 Generated 1.2 ms  locale=en(path) home-hero=bold(new)`) and in
 * `X-Emulator-Decision`, with `logs.debug` off (the bundles the fixtures ship) and on (the same fixture built
 * with it), while the log files keep exactly what the deployed function prints.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildAll, bundlePath } from '../../edge-functions/build';
import { folderOf } from '../../edge-functions/shared/locales';
import { isDisallowedHeader, READ_ONLY_HEADERS } from '../../edge-functions/cloudfront/rules';
import { parseLogLine } from '../../edge-functions/shared/log-parse';
import { startServer, type LocalCloudFront } from '../../emulator';
import { DECISION_HEADER } from '../../emulator/decision';
import { consentPairs, pageOf } from '../support/bundles';
import { fixture, FIXTURES, serverOptions, type FixtureName } from '../support/fixtures';
import { TEST_SIGNING_KEYS } from '../support/keys';
import { fetchPath, rawRequest } from './http';
import { closeStubs, tempDir } from './stubs';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The access line's shape: `GET <target> → <status> <label> <n.n> ms  <decision>`. */
const accessLine = (method: string, target: string, status: string, decision: string) =>
  new RegExp(`^${method} ${escape(target)} → ${status} \\d+\\.\\d ms  ${escape(decision)}$`);

interface Run {
  readonly server: LocalCloudFront;
  readonly access: string[];
  readonly logDir: string;
}

/** A fixture's shipped bundles, or the same fixture built with `logs.debug` on. */
async function bundlesOf(name: FixtureName, debug: boolean) {
  const f = fixture(name);
  if (!debug) return serverOptions(name);
  const config = { ...f.config, logs: { ...f.config.logs, debug: true } };
  const outDir = tempDir();
  await buildAll({ ...f, config, outDir, signingKeys: TEST_SIGNING_KEYS });
  return {
    ...serverOptions(name),
    config,
    viewerRequest: bundlePath('viewer-request', outDir),
    originResponse: bundlePath('origin-response', outDir),
  };
}

async function serve(name: FixtureName, debug: boolean): Promise<Run> {
  const logDir = tempDir();
  const access: string[] = [];
  const bundles = await bundlesOf(name, debug);
  const server = await startServer({ ...bundles, port: 0, logDir, log: (l) => access.push(l) });
  return { server, access, logDir };
}

const printedKinds = (run: Run) =>
  readFileSync(path.join(run.logDir, 'viewer-request.log'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => parseLogLine(l).kind);

describe.each([false, true])('with logs.debug %s', (debug) => {
  const name = 'demo';
  const { config } = fixture(name);
  const e = config.experiments.list[0]!;
  const page = `/${folderOf(config.locales.default, config.locales.folderCase)}${pageOf(e)}`;
  const locale = `locale=${config.locales.default}(path)`;
  let run: Run;
  beforeAll(async () => void (run = await serve(name, debug)));
  afterAll(async () => {
    await run.server.close();
    await closeStubs();
  });

  it('shows a new visitor the locale, the variant drawn and that it is new, then the same variant kept', async () => {
    const first = await fetchPath(run.server.url, page, { 'Sec-Fetch-Mode': 'navigate' });
    expect(first.status).toBe(302);
    const proof = first.setCookies.find((c) => c.startsWith(`${e.cookieName}=`))!;
    const variant = proof.slice(e.cookieName.length + 1).split('.')[0]!;
    expect(first.headers.get(DECISION_HEADER)).toBe(`${locale}; ${e.id}=${variant}(new)`);
    expect(run.access.at(-1)).toMatch(
      accessLine('GET', page, '302 Generated', `${locale} ${e.id}=${variant}(new)`),
    );

    const cookie = proof.split(';')[0]!;
    const next = await fetchPath(run.server.url, first.headers.get('location')!, {
      'Sec-Fetch-Mode': 'navigate',
      cookie,
    });
    expect(next.status).toBe(200);
    const object = variant === e.control ? 'index.html' : `index.${variant}.html`;
    expect(next.body).toBe(readFileSync(path.join(fixture(name).siteDir, page, object), 'utf8'));
    expect(next.headers.get(DECISION_HEADER)).toBe(`${locale}; ${e.id}=${variant}(cookie)`);
    const again = await fetchPath(run.server.url, page, { 'Sec-Fetch-Mode': 'navigate', cookie });
    expect(again.headers.get('x-cache')).toBe('Hit from cloudfront');
    expect(run.access.at(-1)).toMatch(
      accessLine('GET', page, '200 Hit', `${locale} ${e.id}=${variant}(cookie)`),
    );

    const goal = config.experiments.goals[0]!.id;
    await fetchPath(
      run.server.url,
      `/__edge/goal/${goal}`,
      { cookie, 'Sec-Fetch-Site': 'same-origin' },
      'POST',
    );
    expect(run.access.at(-1)).toMatch(new RegExp(`  goal=${goal}\\(${e.id}=${variant}\\)$`));
  });

  it('keeps in the log file only what the deployed function prints', () => {
    const kinds = printedKinds(run);
    expect(kinds.filter((k) => k === 'records')).toHaveLength(2); // the enrollment and the conversion
    expect(kinds.filter((k) => k === 'decision').length).toBe(debug ? 4 : 0);
    expect(kinds.filter((k) => k !== 'records' && k !== 'decision')).toEqual([]);
  });

  it('names each answer’s own decision, never a cached one', async () => {
    // A crawler's stable variant and a QA session forcing that same variant share one cache entry.
    const crawler = await rawRequest(run.server.port, page);
    const shown = String(crawler.headers[DECISION_HEADER.toLowerCase()]);
    const variant = new RegExp(`${escape(e.id)}=([^(]+)\\(deterministic\\)`).exec(shown)![1]!;
    const qa = await rawRequest(run.server.port, page, [['Cookie', `${e.cookieName}-qa=${variant}`]]);
    expect(qa.headers['x-cache']).toBe('Hit from cloudfront');
    expect(qa.headers[DECISION_HEADER.toLowerCase()]).toBe(`${locale}; ${e.id}=${variant}(override)`);
  });
});

describe.each(FIXTURES)('the shipped bundles of %s, logs.debug off', (name) => {
  afterAll(closeStubs);

  it('print the access line of a new visitor on an experiment page', async () => {
    const { config } = fixture(name);
    const run = await serve(name, false);
    try {
      for (const e of config.experiments.list.filter((x) => x.enabled)) {
        const page = `/${folderOf(config.locales.default, config.locales.folderCase)}${pageOf(e)}`;
        const cookie = consentPairs(name).join('; ');
        const r = await fetchPath(run.server.url, page, {
          'Sec-Fetch-Mode': 'navigate',
          ...(cookie ? { cookie } : {}),
        });
        const variant = r.setCookies.find((c) => c.startsWith(`${e.cookieName}=`))!.split(/[=.]/)[1]!;
        const decision = `locale=${config.locales.default}(path) ${e.id}=${variant}(new)`;
        expect(run.access.at(-1)).toMatch(accessLine('GET', page, '302 Generated', decision));
      }
      expect(printedKinds(run).every((k) => k === 'records')).toBe(true);
    } finally {
      await run.server.close();
    }
  });
});

describe(DECISION_HEADER, () => {
  it('is no header CloudFront reserves or a function may not touch', () => {
    expect(isDisallowedHeader(DECISION_HEADER)).toBe(false);
    for (const names of Object.values(READ_ONLY_HEADERS))
      expect(names).not.toContain(DECISION_HEADER.toLowerCase());
  });
});
