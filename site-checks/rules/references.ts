/** Pages (and stylesheets) reference only files that exist: a broken reference is a 404 in production. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { shown, type SiteInventory } from '../inventory';
import type { Page } from '../pages';
import { localPath, resolves, servedUrl } from '../resolve';

export function referenceProblems(config: SiteConfig, inv: SiteInventory, pages: readonly Page[]): string[] {
  const problems: string[] = [];
  const check = (file: string, what: string, url: string, from: string) => {
    const p = localPath(url, from, config.siteUrl);
    if (p !== undefined && !resolves(p, config, inv))
      problems.push(
        `${shown(inv, file)} references '${url}' (${what}), which no file in ${shown(inv)} answers; fix the link or add the file`,
      );
  };
  for (const { file, facts } of pages)
    for (const r of facts.references) check(file, `<${r.tag} ${r.attr}>`, r.url, servedUrl(file));
  for (const file of [...inv.files].filter((f) => f.endsWith('.css')))
    for (const url of cssUrls(readFileSync(path.join(inv.siteDir, file), 'utf8')))
      check(file, 'url() in CSS', url, `/${file}`);
  return problems;
}

/** `url(x)`, `url("x")` and `@import "x"` in a stylesheet (https://www.w3.org/TR/css-syntax-3/#consume-url-token). */
export function cssUrls(css: string): string[] {
  const out: string[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const m of text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/gi))
    out.push(m[1] ?? m[2] ?? m[3] ?? '');
  for (const m of text.matchAll(/@import\s+(?:"([^"]*)"|'([^']*)')/gi)) out.push(m[1] ?? m[2] ?? '');
  return out.filter((u) => u !== '' && !u.startsWith('data:'));
}
