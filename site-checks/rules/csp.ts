/**
 * Nothing on a page that the merged Content-Security-Policy would block: inline scripts, `<style>`,
 * `style=` and `on*=` attributes and `javascript:` URLs (unless `csp.allowUnsafe` lists 'unsafe-inline'),
 * and external scripts, images, stylesheets and frames from origins their directive does not allow.
 * Source matching: https://www.w3.org/TR/CSP3/#match-url-to-source-expression (simplified to origins).
 */
import { parseCsp } from '../../edge-functions/config/csp';
import { securityHeaderTable } from '../../edge-functions/config/resolve';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { shown, type SiteInventory } from '../inventory';
import type { Page } from '../pages';

/** Which directive governs an element's fetch, most specific first (CSP3 §6.1 fallback lists). */
const DIRECTIVE_FOR: Readonly<Record<string, readonly string[]>> = {
  script: ['script-src-elem', 'script-src', 'default-src'],
  img: ['img-src', 'default-src'],
  source: ['media-src', 'default-src'],
  link: ['style-src-elem', 'style-src', 'default-src'],
  iframe: ['frame-src', 'child-src', 'default-src'],
};

function sourcesFor(
  policy: ReadonlyMap<string, readonly string[]>,
  tag: string,
): readonly string[] | undefined {
  for (const d of DIRECTIVE_FOR[tag] ?? []) {
    const s = policy.get(d);
    if (s !== undefined) return s;
  }
  return undefined;
}

/** Does a source list allow this absolute URL? Scheme sources, `*`, and host sources with `*.` wildcards. */
export function allows(sources: readonly string[], url: URL): boolean {
  return sources.some((raw) => {
    const s = raw.toLowerCase();
    if (s === '*') return !['data:', 'blob:', 'filesystem:'].includes(url.protocol);
    if (/^[a-z][a-z0-9+.-]*:$/.test(s)) return url.protocol === s;
    const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*\.)?([^/:]+)(?::(\d+|\*))?/.exec(s);
    if (!m || s.startsWith("'")) return false;
    if (m[1] !== undefined ? url.protocol !== `${m[1]}:` : url.protocol !== 'https:') return false;
    const host = url.hostname.toLowerCase();
    return m[2] ? host.endsWith(`.${m[3]}`) : host === m[3];
  });
}

export function cspProblems(config: SiteConfig, inv: SiteInventory, pages: readonly Page[]): string[] {
  const header = securityHeaderTable(config)['content-security-policy'];
  if (typeof header !== 'string') return [];
  const policy = new Map(parseCsp(header));
  const inlineOk = config.csp.allowUnsafe.includes("'unsafe-inline'");
  const problems: string[] = [];
  const fix =
    "move it to a file under the site (CSP allows 'self'), or list 'unsafe-inline' in csp.allowUnsafe";
  for (const { file, facts } of pages) {
    const at = shown(inv, file);
    if (!inlineOk && facts.inlineScripts > 0)
      problems.push(`${at} has ${facts.inlineScripts} inline <script> the CSP blocks; ${fix}`);
    if (!inlineOk && facts.styleElements > 0)
      problems.push(`${at} has ${facts.styleElements} <style> element(s) the CSP blocks; ${fix}`);
    if (!inlineOk && facts.inlineAttributes.length > 0)
      problems.push(
        `${at} has inline ${[...new Set(facts.inlineAttributes)].join(', ')} the CSP blocks; ${fix}`,
      );
    for (const r of facts.references) {
      if (!/^(https?:)?\/\//i.test(r.url) || r.url.startsWith(config.siteUrl)) continue;
      if (r.tag === 'a' || (r.tag === 'link' && r.rel !== 'stylesheet')) continue;
      const sources = sourcesFor(policy, r.tag);
      const url = new URL(r.url, config.siteUrl);
      if (sources !== undefined && !allows(sources, url))
        problems.push(
          `${at} loads '${r.url}' (<${r.tag}>), which the CSP blocks; add '${url.origin}' to csp.sources['${DIRECTIVE_FOR[r.tag]!.find((d) => !d.endsWith('-elem'))}']`,
        );
    }
  }
  return problems;
}
