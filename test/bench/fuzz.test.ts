/**
 * A short `npm run fuzz` on every fixture's shipped bundles, so the hostile shapes (URLs at the length
 * limit, sub-delimiters, raw UTF-8, non-BMP query strings, 16+ KB cookies, malformed events) run in
 * `npm test` too; the long run (1,000,000 events per bundle) is `npm run fuzz`.
 */
import { fuzzOrigin, fuzzViewer, type Handler } from '../../bench/fuzz';
import { fixture, FIXTURES, handlerOf } from '../support/fixtures';

describe.each(FIXTURES)('fuzz on the %s bundles', (name) => {
  const { config } = fixture(name);

  it('viewer-request: every outcome valid, logged truthfully, with canonical cookies in the key', async () => {
    const t = await fuzzViewer(config, handlerOf(name, 'viewer-request') as Handler, 1000, 7);
    // The run reaches the cases it exists for.
    for (const outcome of ['forwarded', '302', '414', '400', 'malformed'])
      expect(t[outcome]).toBeGreaterThan(0);
    expect(t['experiment cookies in the key']).toBeGreaterThan(0);
  });

  it('origin-response: every outcome valid, experiment Set-Cookies well-formed and on pages only', async () => {
    const t = await fuzzOrigin(config, handlerOf(name, 'origin-response') as Handler, 1000, 7);
    expect(t.malformed).toBeGreaterThan(0);
    expect(t['experiment Set-Cookies']).toBeGreaterThan(0);
  });
});
