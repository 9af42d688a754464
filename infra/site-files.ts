/**
 * How the site folder is uploaded: files grouped by (Content-Type, Cache-Control) so each group is one
 * BucketDeployment with exact metadata. Content types come from the shared configuration (the emulator
 * uses the same table); Cache-Control follows the same classes origin-response defaults to.
 */
import * as path from 'node:path';
import type { SiteConfig } from '../edge-functions/config/schema';
import { walkSite } from '../site-checks/walk';
import { cacheClass, defaultCacheControl } from '../edge-functions/shared/caching';

export interface UploadGroup {
  /** Stable construct id: `Html`, `CssImmutable`, … */
  readonly id: string;
  readonly contentType: string;
  readonly cacheControl: string;
  /** Paths relative to the site folder, with `/`. */
  readonly files: readonly string[];
}

const pascal = (s: string) => s.replace(/(^|[^a-z0-9])([a-z0-9])/gi, (_m, _s, c: string) => c.toUpperCase());

export function uploadGroups(siteDir: string, config: SiteConfig): UploadGroup[] {
  const groups = new Map<
    string,
    { id: string; contentType: string; cacheControl: string; files: string[] }
  >();
  const { files, strays } = walkSite(siteDir);
  // Only regular files ship: a link could stage what is outside the site (the site checks name it first).
  if (strays.length > 0)
    throw new Error(
      `site entry is a ${strays[0]!.kind}, which never ships (run npm run build for every problem), got: '${strays[0]!.file}'`,
    );
  for (const file of files) {
    const ext = path.extname(file).slice(1).toLowerCase();
    const contentType = config.contentTypes[ext];
    if (contentType === undefined)
      throw new Error(`site file has an extension missing from contentTypes, got: '${file}'`);
    const cls = cacheClass(`/${file}`, contentType);
    const id = `${pascal(ext)}${cls === 'immutable' ? 'Immutable' : ''}`;
    const group = groups.get(id) ?? {
      id,
      contentType,
      cacheControl: defaultCacheControl(cls, config.cache),
      files: [],
    };
    group.files.push(file);
    groups.set(id, group);
  }
  return [...groups.values()];
}

/**
 * A file name as an `aws s3 sync` filter that matches that one file: BucketDeployment passes `include` and
 * `exclude` to the AWS CLI, whose filters are Unix shell-style patterns (`*`, `?`, `[...]`), so those
 * characters are bracketed to stand for themselves.
 * https://docs.aws.amazon.com/cli/latest/reference/s3/#use-of-exclude-and-include-filters
 */
export const syncFilterFor = (file: string): string => file.replace(/[[*?]/g, (c) => `[${c}]`);
