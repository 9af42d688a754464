/**
 * The CSP check decides inline code on the header the site will really get, and its fix works: applying the
 * settings a message names makes the check pass and puts `'unsafe-inline'` in the header's governing
 * directive. `csp.allowUnsafe` alone changes nothing in the header, so it no longer silences the check.
 */
import { resolveConfig } from '../../edge-functions/config/resolve';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { validateConfig } from '../../edge-functions/config/validate';
import { parseCsp } from '../../edge-functions/config/csp';
import { broken, type Change } from '../support/sites';

const inlineCode: Change = ({ edit }) =>
  edit('en/index.html', (t) =>
    t.replace('</main>', '<script>go()</script><p style="color:red" onclick="go()">y</p></main>'),
  );

/** The `csp: { … }` a message offers, evaluated as the user would paste it into edge.config.ts. */
function offeredSettings(problem: string): { sources: Record<string, string[]>; allowUnsafe: string[] } {
  const literal = /csp: (\{.*\})$/.exec(problem)?.[1];
  if (literal === undefined) throw new Error(`no settings in: ${problem}`);
  return new Function(`return (${literal});`)();
}

/** The configuration with each offered `csp` merged in (sources by directive, keywords once). */
function applied(config: any, problems: readonly string[]): SiteConfig {
  const csp = { sources: { ...config.csp.sources }, allowUnsafe: [...config.csp.allowUnsafe] };
  for (const offer of problems.map(offeredSettings)) {
    for (const [d, s] of Object.entries(offer.sources))
      csp.sources[d] = [...new Set([...(csp.sources[d] ?? []), ...s])];
    csp.allowUnsafe = [...new Set([...csp.allowUnsafe, ...offer.allowUnsafe])];
  }
  return { ...config, csp };
}

describe('inline code and the CSP header', () => {
  it("still reports inline code when only csp.allowUnsafe lists 'unsafe-inline' (the header blocks it)", () => {
    const problems = broken('demo', (site, c) => {
      inlineCode(site, c);
      c.csp.allowUnsafe = ["'unsafe-inline'"];
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^<site>\/en\/index\.html has inline <script> the CSP blocks \(script-src 'self'\); /,
      ),
      expect.stringMatching(
        /^<site>\/en\/index\.html has inline <p style> the CSP blocks \(style-src 'self'\); /,
      ),
      expect.stringMatching(
        /^<site>\/en\/index\.html has inline <p onclick> the CSP blocks \(script-src 'self'\); /,
      ),
    ]);
  });

  it('offers a fix that works: the check passes and the header allows the inline code', () => {
    const problems = broken('demo', inlineCode);
    expect(problems).toHaveLength(3);
    let fixed: SiteConfig | undefined;
    const after = broken('demo', (site, c) => {
      inlineCode(site, c);
      fixed = applied(c, problems);
      c.csp = fixed.csp;
    });
    expect(after).toEqual([]);
    expect(() => validateConfig(fixed!)).not.toThrow();
    const header = resolveConfig(fixed!).securityHeaderList.find((h) => h.name === 'content-security-policy');
    const policy = new Map(parseCsp(header!.value));
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('names the directive that governs the code (style-src-attr before style-src)', () => {
    const problems = broken('demo', ({ edit }, c) => {
      edit('en/index.html', (t) => t.replace('<main id="main">', '<main id="main" style="x">'));
      c.csp.sources = { 'style-src-attr': ["'self'"] };
    });
    expect(problems).toEqual([
      `<site>/en/index.html has inline <main style> the CSP blocks (style-src-attr 'self'); move the style to a stylesheet under the site (CSP allows 'self'), or allow inline styles with both settings in edge.config.ts: csp: { sources: { 'style-src-attr': ["'unsafe-inline'"] }, allowUnsafe: ["'unsafe-inline'"] }`,
    ]);
  });

  it("says 'unsafe-inline' would not help beside a hash, as browsers ignore it there", () => {
    const hash = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";
    const problems = broken('demo', ({ edit }, c) => {
      edit('en/index.html', (t) => t.replace('</main>', '<style>p{}</style></main>'));
      c.csp.sources = { 'style-src': ["'unsafe-inline'", hash] };
      c.csp.allowUnsafe = ["'unsafe-inline'"];
    });
    expect(problems).toEqual([
      `<site>/en/index.html has inline <style> the CSP blocks (style-src 'self' 'unsafe-inline' ${hash}); move the style to a stylesheet under the site (CSP allows 'self'); 'unsafe-inline' would not help: browsers ignore it beside ${hash} in style-src`,
    ]);
  });

  it('reports inline code a layout puts on every page once, with the pages', () => {
    const problems = broken('demo', ({ edit }) => {
      for (const l of ['en', 'ja'])
        for (const p of ['index.html', 'features/index.html'])
          edit(`${l}/${p}`, (t) => t.replace('</main>', '<script>go()</script></main>'));
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^inline <script> is on 4 pages, and the CSP blocks it \(script-src 'self'\): <site>\/en\/features\/index\.html, <site>\/en\/index\.html, <site>\/ja\/features\/index\.html, … \(\+1\); move the code/,
      ),
    ]);
  });
});
