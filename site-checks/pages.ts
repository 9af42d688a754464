/**
 * Every HTML file of the site, read and parsed once for all the rules, and the goals each script file
 * fires. A removed experiment's leftover variant file (`inventory.ts`) is not a page: no rule reads it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readHtml, type HtmlFacts } from './html';
import type { SiteInventory } from './inventory';
import { scriptGoals } from './scripts';

export interface Page {
  /** Path relative to the site folder (`en/pricing/index.html`): what every message names. */
  readonly file: string;
  readonly facts: HtmlFacts;
}

export interface Script {
  readonly file: string;
  /** Goal ids its string literals fire (`scripts.ts`). */
  readonly goals: readonly string[];
}

const read = (inv: SiteInventory, file: string): string => readFileSync(path.join(inv.siteDir, file), 'utf8');

export function readPages(inv: SiteInventory): Page[] {
  return [...inv.files]
    .filter((f) => f.endsWith('.html') && !inv.leftovers.has(f))
    .map((file) => ({ file, facts: readHtml(read(inv, file)) }));
}

export function readScripts(inv: SiteInventory): Script[] {
  return [...inv.files]
    .filter((f) => /\.m?js$/.test(f))
    .map((file) => ({ file, goals: scriptGoals(read(inv, file)) }));
}
