/** Every HTML file of the site, read and parsed once for all the rules. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { readHtml, type HtmlFacts } from './html';
import type { SiteInventory } from './inventory';

export interface Page {
  /** Path relative to the site folder (`en/pricing/index.html`): what every message names. */
  readonly file: string;
  readonly facts: HtmlFacts;
}

export function readPages(inv: SiteInventory): Page[] {
  return [...inv.files]
    .filter((f) => f.endsWith('.html'))
    .map((file) => ({ file, facts: readHtml(readFileSync(path.join(inv.siteDir, file), 'utf8')) }));
}
