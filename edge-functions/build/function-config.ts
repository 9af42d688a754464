/**
 * What each CloudFront Function bakes of the viewer configuration (`build/cloudfront-functions.ts` builds them).
 */
import type { CloudFrontFunctionName } from '../cloudfront-functions/contract';
import type { ViewerConfig } from '../config/resolve';
import { bakedConfig, type BakeInput } from './plugins';

/**
 * The viewer configuration as a CloudFront Function carries it: the locale table's rows live in the
 * KeyValueStore (`lt:<language>`, `build/kvs-seed.ts`), the security headers are baked in the runtime's own
 * header shape (`headerTable`, applied by the adapter, `cloudfront-functions/headers.ts`), and each function
 * bakes only the fields its paths read (`FIELDS`); the Lambda@Edge bundle bakes all of them.
 */
export function functionConfig(input: BakeInput, name: CloudFrontFunctionName): unknown {
  const viewer = bakedConfig('viewer-request', input) as ViewerConfig;
  const { securityHeaderList, ...rest } = viewer;
  const all = {
    ...rest,
    localeMatch: { ...viewer.localeMatch, table: {} },
    headerTable: Object.fromEntries(securityHeaderList.map((h) => [h.key.toLowerCase(), { value: h.value }])),
  };
  if (name === 'viewer-request' && viewer.locales.mode === 'rewrite') return all;
  return Object.fromEntries([...FIELDS[name], 'headerTable' as const].map((field) => [field, all[field]]));
}

/**
 * The fields each function reads in `redirect` mode (in `rewrite` mode `viewer-request` serves pages too and
 * bakes everything). A field left out reads as `undefined` on every path that needs it: the parity test, which
 * routes each request to its function, is what shows one missing.
 */
const FIELDS: Record<CloudFrontFunctionName, readonly Exclude<keyof ViewerConfig, 'securityHeaderList'>[]> = {
  // Negotiates and redirects into the folders, or forwards neutral paths: no experiment code runs here.
  'viewer-request': [
    'locales',
    'localeMatch',
    'plainPages',
    'experimentCookieNames',
    'fileExtensions',
    'debug',
  ],
  'locale-pages': [
    'locales',
    'plainPages',
    'experimentCookieNames',
    'fileExtensions',
    'debug',
    'experiments',
    'experimentPages',
    'signingKeys',
  ],
  'edge-endpoints': ['experimentCookieNames', 'debug', 'experiments', 'signingKeys', 'goalCookieMaxAge'],
};
