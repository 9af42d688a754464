/**
 * The local log channel (`LOCAL_LOG`) changes nothing a viewer-request bundle returns or prints: the same
 * events give the same results and the same printed lines with and without it; only the decisions it made
 * for the emulator differ, and the channel is gone once the bundle is loaded.
 */
import { LOCAL_LOG } from '../../edge-functions/shared/log-schema';
import { invoke, loadHandler } from '../../emulator/lambda';
import { consentPairs, pageOf } from '../support/bundles';
import { viewerRequest, type RequestInput } from '../support/events';
import { fixture, FIXTURES } from '../support/fixtures';

describe.each(FIXTURES)('the %s viewer-request bundle', (name) => {
  const { config } = fixture(name);
  const plain = loadHandler(fixture(name).bundle('viewer-request'));
  const local = loadHandler(fixture(name).bundle('viewer-request'), { localLog: { debug: false } });
  const e = config.experiments.list[0]!;
  const page = `/${config.locales.default}${pageOf(e)}`;
  const cookie = [...consentPairs(name), `${e.cookieName}-qa=${e.control}`].join('; ');
  // Requests whose answer draws nothing at random, so both loads must agree byte for byte.
  const requests: [string, RequestInput][] = [
    ['a crawler on an experiment page', { uri: page }],
    ['a locale-less URL', { uri: '/', headers: { 'Accept-Language': 'xx, *;q=0.1' } }],
    ['a missing page', { uri: `/${config.locales.default}/no-such-page/` }],
    ['a neutral file', { uri: '/robots.txt' }],
    ['a QA session', { uri: page, headers: { 'Sec-Fetch-Mode': 'navigate', Cookie: cookie } }],
    ['a malformed URI', { uri: '/%zz' }],
  ];

  it('is loaded without leaving the channel behind', () => {
    expect(Symbol.for(LOCAL_LOG) in globalThis).toBe(false);
  });

  it.each(requests)('returns and prints the same for %s', async (_, input) => {
    const [a, b] = [
      await invoke(plain, viewerRequest(input), 5000),
      await invoke(local, viewerRequest(input), 5000),
    ];
    expect(b.ok && a.ok && b.result).toEqual(a.ok && a.result);
    expect(b.logs).toEqual(a.logs);
    expect(a.decisions).toEqual([]);
  });

  it('hands the emulator the decision it made', async () => {
    const run = await invoke(local, viewerRequest({ uri: page }), 5000);
    expect(run.decisions).toHaveLength(1);
    expect(JSON.parse(run.decisions[0]!)).toMatchObject({ action: 'forward', source: 'path' });
  });
});
