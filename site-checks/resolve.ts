/**
 * Where a link on the site leads, decided like viewer-request decides it: a locale-prefixed or neutral path
 * is served as is (`/x/` → `/x/index.html`, `/x` → 301 to `/x/`, or to `/x.html` when only that page
 * exists), any other path is first redirected to the visitor's locale. A link "resolves" when some object
 * answers it with a 200.
 */
import * as path from 'node:path';
import { EDGE_ENDPOINT_PREFIX } from '../edge-functions/config/cache-policy';
import type { SiteConfig } from '../edge-functions/config/schema';
import { isFolder, splitLocale } from '../edge-functions/shared/locales';
import { extensionOf, matchesPath } from '../edge-functions/shared/paths';
import { localeFolder, type SiteInventory } from './inventory';

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

/** The objects that could answer a site path with a 200, as viewer-request would look for them. */
export function objectsFor(p: string, config: SiteConfig): string[] {
  const key = (objectPath: string) => path.posix.normalize(objectPath).slice(1);
  const split = splitLocale(p, config.locales);
  // A mis-cased prefix (`/pt-br/` for the folder `pt-BR`) is redirected to the folder: it resolves there.
  if (split.locale !== undefined && !isFolder(split, config.locales.folderCase))
    return objects(`/${localeFolder(config, split.locale)}${split.rest || '/'}`, config).map(key);
  if (matchesPath(config.locales.neutralPaths, p)) return [key(objectFor(p, config))];
  if (split.locale !== undefined) return objects(p, config).map(key);
  return config.locales.supported.flatMap((l) => objects(`/${localeFolder(config, l)}${p}`, config).map(key));
}

/**
 * What answers a localized path: its object, and for `/en/pricing` without `en/pricing/index.html` the file
 * `en/pricing.html` it is redirected to when that exists.
 */
function objects(q: string, config: SiteConfig): string[] {
  const object = objectFor(q, config);
  return object === `${q}/index.html` ? [object, `${q}.html`] : [object];
}

export function resolves(p: string, config: SiteConfig, inv: SiteInventory): boolean {
  return p.startsWith(EDGE_ENDPOINT_PREFIX) || objectsFor(p, config).some((o) => inv.files.has(o));
}
