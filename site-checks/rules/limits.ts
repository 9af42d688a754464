/**
 * CloudFront's limits, met at build rather than in production. Each locale's not-found page is baked into
 * origin-response, which returns it as a generated response for every 404 in that locale; with its headers
 * it must fit the generated-response limit, or every such 404 is a 502
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-lambda-at-edge).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GENERATED_RESPONSE_LIMIT, generatedResponseBytes } from '../../edge-functions/cloudfront/rules';
import { resolveConfig } from '../../edge-functions/config/resolve';
import type { SiteConfig } from '../../edge-functions/config/schema';
import { notFoundHeaderRows } from '../../edge-functions/origin-response/headers';
import { localeFolder, shown, type SiteInventory } from '../inventory';

/** Where the limit lives, as messages name it. */
export const LIMIT_FILE = 'edge-functions/cloudfront/rules.ts';

/**
 * The headers a not-found response carries once origin-response has made it: the rows its `notFound()`
 * sets (`notFoundHeaderRows`, one list for both) and the security headers it adds to every response, from the
 * configuration's table (a test holds this to the shipped bundle's output).
 */
export function notFoundHeaders(
  config: SiteConfig,
  locale: string,
): Array<readonly [string, readonly string[]]> {
  return [
    ...notFoundHeaderRows(config.cache.notFoundCacheControl, locale).map(([n, , v]) => [n, [v]] as const),
    ...resolveConfig(config).securityHeaderList.map((h) => [h.name, [h.value]] as const),
  ];
}

const bytes = (n: number): string => `${n.toLocaleString('en-US')} bytes`;

export function limitProblems(config: SiteConfig, inv: SiteInventory): string[] {
  const limit = GENERATED_RESPONSE_LIMIT['origin-response'];
  const problems: string[] = [];
  for (const locale of config.locales.supported) {
    const file = `${localeFolder(config, locale)}/${config.locales.notFoundObject}`;
    if (!inv.files.has(file)) continue; // named by the locale checks
    // Baked as the build reads it (UTF-8 text), so its size is the body's size in the bundle.
    const body = Buffer.byteLength(readFileSync(path.join(inv.siteDir, file), 'utf8'), 'utf8');
    const size = generatedResponseBytes(notFoundHeaders(config, locale), body);
    if (size > limit)
      problems.push(
        `${shown(inv, file)} is ${bytes(body)}: with its headers every 404 in /${localeFolder(config, locale)}/ is a ${bytes(size)} response, over the ${bytes(limit)} CloudFront allows a response generated in origin-response (${LIMIT_FILE}), so each would be a 502; make the page at most ${bytes(body - (size - limit))} (link large images, styles and scripts instead of inlining them)`,
      );
  }
  return problems;
}
