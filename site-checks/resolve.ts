/**
 * Where a link on the site leads, decided like viewer-request decides it: a locale-prefixed or neutral path
 * is served as is (`/x/` → `/x/index.html`, `/x` → 301 to `/x/`, or to `/x.html` when only that page
 * exists), any other path is first redirected to the visitor's locale. A link "resolves" when some object
 * answers it with a 200.
 */
import * as path from 'node:path';
import { EDGE_ENDPOINT_PREFIX } from '../edge-functions/config/cache-policy';
import type { SiteConfig } from '../edge-functions/config/schema';
import { extensionOf, matchesPath, splitLocale } from '../edge-functions/shared/paths';
import type { SiteInventory } from './inventory';

/** A reference that leaves the site (or carries data): not ours to check. */
export const isExternal = (url: string, siteUrl: string): boolean =>
  !url.startsWith(siteUrl) && /^([a-z][a-z0-9+.-]*:|\/\/)/i.test(url);

/** The site path a local reference names, from the document at `fromUrl`; undefined when it is external. */
export function localPath(url: string, fromUrl: string, siteUrl: string): string | undefined {
  if (url === '' || url.startsWith('#') || isExternal(url, siteUrl)) return undefined;
  const absolute = url.startsWith(siteUrl) ? url.slice(siteUrl.length) || '/' : url;
  let resolved: string;
  try {
    resolved = new URL(absolute, `http://site${fromUrl}`).pathname;
    resolved = decodeURIComponent(resolved);
  } catch {
    return url;
  }
  return resolved;
}

/** The URL a site file is served at (`en/pricing/index.html` → `/en/pricing/`). */
export const servedUrl = (file: string): string =>
  `/${file.replace(/(^|\/)index(\.[a-z0-9-]+)?\.html$/, '$1')}`;

function objectFor(p: string, config: SiteConfig): string {
  if (p.endsWith('/')) return `${p}index.html`;
  const ext = extensionOf(p);
  return ext !== undefined && ext in config.contentTypes ? p : `${p}/index.html`;
}

export function resolves(p: string, config: SiteConfig, inv: SiteInventory): boolean {
  if (p.startsWith(EDGE_ENDPOINT_PREFIX)) return true;
  const file = (objectPath: string) => inv.files.has(path.posix.normalize(objectPath).slice(1));
  // `/en/pricing` without `en/pricing/index.html` is redirected to `en/pricing.html` when that exists.
  const answered = (q: string) => {
    const object = objectFor(q, config);
    return file(object) || (object === `${q}/index.html` && file(`${q}.html`));
  };
  if (matchesPath(config.locales.neutralPaths, p)) return file(objectFor(p, config));
  if (splitLocale(p, config.locales.supported).locale !== undefined) return answered(p);
  return config.locales.supported.some((l) => answered(`/${l}${p}`));
}
