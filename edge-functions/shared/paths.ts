/**
 * Canonical paths: which object a path names, which paths are locale-neutral, which objects are pages and
 * which object a variant is served from. Pure functions over the normalised path from
 * `viewer-request/uri.ts`, shared by both functions, the site checks, the local CloudFront and the stack.
 */

/** `/x/` is a directory; `/x` names a file only when its extension is a known content type. */
export type PathTarget =
  | { readonly kind: 'object'; readonly object: string }
  | { readonly kind: 'directory'; readonly location: string };

export const INDEX = 'index.html';

/** Lower-case extension of the last segment, or undefined (`/v1.2` → `2`, `/about` → undefined). */
export function extensionOf(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

/**
 * `/x/` → object `/x/index.html`. `/x` with a known extension (`/robots.txt`) → that object. Any other
 * `/x` — including dotted directories like `/v1.2` whose "extension" is not a content type — is a
 * directory, answered with a 301 to `/x/`, so a page has exactly one URL and relative links resolve.
 */
export function resolveTarget(path: string, fileExtensions: readonly string[]): PathTarget {
  if (path.endsWith('/')) return { kind: 'object', object: path + INDEX };
  const ext = extensionOf(path);
  if (ext !== undefined && fileExtensions.includes(ext)) return { kind: 'object', object: path };
  return { kind: 'directory', location: `${path}/` };
}

/** Exact path, or a prefix pattern ending in `*` (`/assets/*`). */
export function matchesPath(patterns: readonly string[], path: string): boolean {
  return patterns.some((p) => (p.endsWith('*') ? path.startsWith(p.slice(0, -1)) : path === p));
}

/**
 * The paths two patterns both match, as a pattern — the narrower of the two — or undefined when they share
 * none (`/docs/*` and `/docs/intro/` share `/docs/intro/`; `/docs/` and `/docs/*` share `/docs/`). A pattern
 * read as a path is matched by every pattern that matches all its paths, and two patterns that overlap
 * always nest, so `matchesPath` decides it.
 */
export function sharedPattern(a: string, b: string): string | undefined {
  if (matchesPath([b], a)) return a;
  if (matchesPath([a], b)) return b;
  return undefined;
}

/**
 * A page is an HTML document: a directory index or a `.html` file. Experiments apply to pages only, never to
 * the images, scripts or other files beside them under a covered prefix.
 */
export const isPage = (object: string): boolean => extensionOf(object) === 'html';

/** The page a visitor sees, without `index.html`: `/about/index.html` → `/about/` (experiments match on it). */
export function pagePath(objectPath: string): string {
  return objectPath.endsWith(`/${INDEX}`) ? objectPath.slice(0, -INDEX.length) : objectPath;
}

/** `/en/index.html` + `bold` → `/en/index.bold.html`; a file without extension gets `.bold`. */
export function variantObject(object: string, variant: string): string {
  const slash = object.lastIndexOf('/');
  const dot = object.lastIndexOf('.');
  if (dot <= slash + 1) return `${object}.${variant}`;
  return `${object.slice(0, dot)}.${variant}${object.slice(dot)}`;
}

/** The object a variant object stands in for: `/en/index.bold.html` + `bold` → `/en/index.html`; else undefined. */
export function controlObject(object: string, variant: string): string | undefined {
  const slash = object.lastIndexOf('/');
  const dot = object.lastIndexOf('.');
  const at = dot - variant.length - 1;
  if (dot <= slash || at <= slash + 1 || object.slice(at, dot) !== `.${variant}`) return undefined;
  return object.slice(0, at) + object.slice(dot);
}
