/**
 * Pages (and stylesheets) reference only files that exist: a broken reference is a 404 in production. One
 * line per wrong target, however many pages carry it (a layout's nav link), most-referenced first; a link
 * that differs from a file's name only in Unicode normalisation says so.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { cssUrls } from '../css';
import { count, groupBy, someFiles, type Group } from '../group';
import { shown, type SiteInventory } from '../inventory';
import type { Page } from '../pages';
import { localPath, objectsFor, resolves, servedUrl } from '../resolve';
import { normalisationOnly } from '../urls';

interface Broken {
  readonly file: string;
  /** `<a href>`, `url() in CSS`. */
  readonly what: string;
  /** As written. */
  readonly url: string;
  /** The site path it resolves to (`/en/contact/`). */
  readonly target: string;
}

export function referenceProblems(config: SiteConfig, inv: SiteInventory, pages: readonly Page[]): string[] {
  const broken: Broken[] = [];
  const check = (file: string, what: string, url: string, from: string) => {
    const target = localPath(url, from, config.siteUrl);
    if (target !== undefined && !resolves(target, config, inv)) broken.push({ file, what, url, target });
  };
  for (const { file, facts } of pages)
    for (const r of facts.references) check(file, `<${r.tag} ${r.attr}>`, r.url, servedUrl(file));
  for (const file of [...inv.files].filter((f) => f.endsWith('.css')))
    for (const url of cssUrls(readFileSync(path.join(inv.siteDir, file), 'utf8')))
      check(file, 'url() in CSS', url, `/${file}`);
  const twins = normalisationTwins(config, inv);
  return groupBy(broken, (b) => `${b.target}\n${b.what}`).map((g) => brokenLine(inv, g, twins(g.first)));
}

function brokenLine(inv: SiteInventory, { first, files }: Group<Broken>, note: string): string {
  const nothing = `which no file in ${shown(inv)} answers${note}`;
  const fix = 'fix the link or add the file';
  if (files.length === 1)
    return `${shown(inv, first.file)} references '${first.url}' (${first.what}), ${nothing}; ${fix}`;
  const target = first.url.startsWith('/') ? first.url : first.target;
  const referrers = count(files.length, first.what.endsWith('CSS') ? 'stylesheet' : 'page');
  const all = someFiles(files, (f) => shown(inv, f));
  return `'${target}' (${first.what}) is referenced by ${referrers}, ${nothing}: ${all}; ${fix}`;
}

/** ` (the link differs only in Unicode normalisation (NFC vs NFD) from <file>…)`, or ''. */
function normalisationTwins(config: SiteConfig, inv: SiteInventory): (b: Broken) => string {
  let byNfc: Map<string, string> | undefined;
  return (b) => {
    byNfc ??= new Map([...inv.files].map((f) => [f.normalize('NFC'), f]));
    for (const object of objectsFor(b.target, config)) {
      const twin = byNfc.get(object.normalize('NFC'));
      const difference = twin === undefined ? undefined : normalisationOnly(object, twin);
      if (difference !== undefined)
        return ` (the link ${difference} from ${shown(inv, twin!)}: write it as the file is named, or rename the file)`;
    }
    return '';
  };
}
