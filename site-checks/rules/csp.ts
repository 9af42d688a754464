/**
 * Nothing on a page that the merged Content-Security-Policy — the header origin-response sends — would
 * block: inline scripts, `<style>`, `style=` and `on*=` attributes and `javascript:` URLs (decided as
 * browsers decide them, `inline.ts`), and external scripts, images, stylesheets and frames from origins
 * their directive does not allow. Each problem is one line per cause, however many pages carry it.
 * Source matching: https://www.w3.org/TR/CSP3/#match-url-to-source-expression (simplified to origins).
 */
import { parseCsp } from '../../edge-functions/config/csp';
import { securityHeaderTable } from '../../edge-functions/config/resolve';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { count, groupBy, someFiles } from '../group';
import type { Reference } from '../html';
import { shown, type SiteInventory } from '../inventory';
import type { Page } from '../pages';
import { blockedInline } from './inline';

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
  return [...blockedInline(policy, inv, pages), ...blockedLoads(config, policy, inv, pages)];
}

interface Load {
  readonly file: string;
  readonly ref: Reference;
  readonly url: URL;
}

function blockedLoads(
  config: SiteConfig,
  policy: ReadonlyMap<string, readonly string[]>,
  inv: SiteInventory,
  pages: readonly Page[],
): string[] {
  const blocked: Load[] = [];
  for (const { file, facts } of pages)
    for (const ref of facts.references) {
      if (!/^(https?:)?\/\//i.test(ref.url) || ref.url.startsWith(config.siteUrl)) continue;
      if (ref.tag === 'a' || (ref.tag === 'link' && ref.rel !== 'stylesheet')) continue;
      const sources = sourcesFor(policy, ref.tag);
      if (sources === undefined || !URL.canParse(ref.url, config.siteUrl)) continue;
      const url = new URL(ref.url, config.siteUrl);
      if (!allows(sources, url)) blocked.push({ file, ref, url });
    }
  return groupBy(blocked, (b) => `${b.ref.url}\n${b.ref.tag}`).map(({ first: { ref, url }, files }) => {
    const fix = `add '${url.origin}' to csp.sources['${DIRECTIVE_FOR[ref.tag]!.find((d) => !d.endsWith('-elem'))}']`;
    if (files.length === 1)
      return `${shown(inv, files[0])} loads '${ref.url}' (<${ref.tag}>), which the CSP blocks; ${fix}`;
    return `'${ref.url}' (<${ref.tag}>) is loaded by ${count(files.length, 'page')}, which the CSP blocks: ${someFiles(files, (f) => shown(inv, f))}; ${fix}`;
  });
}
