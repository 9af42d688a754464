/**
 * What each CloudFront Function bakes of the viewer configuration (`build/cloudfront-functions.ts` builds them).
 */
import type { CloudFrontFunctionName } from '../cloudfront-functions/contract';
import type { ViewerConfig } from '../config/resolve';
import { headerPieces } from './kvs-seed';
import { bakedConfig, type BakeInput } from './plugins';

/**
 * The viewer configuration as a CloudFront Function carries it: the locale table's rows and the security
 * headers' values live in the KeyValueStore (`lt:<language>`, `sh:<n>`, `build/kvs-seed.ts`), and each function bakes only the fields its paths
 * read (`FIELDS`); the Lambda@Edge bundle bakes all of them.
 */
export function functionConfig(input: BakeInput, name?: CloudFrontFunctionName): unknown {
  const viewer = bakedConfig('viewer-request', input) as ViewerConfig;
  // The security headers' values are read from the store when a response needs them (`headers.ts`).
  const { securityHeaderList: _fromTheStore, ...rest } = viewer;
  const all = {
    ...rest,
    localeMatch: { ...viewer.localeMatch, table: {} },
    headerPieces: headerPieces(input.config).length,
  };
  const everything = name === undefined || (name === 'viewer-request' && viewer.locales.mode === 'rewrite');
  const fields = everything ? undefined : FIELDS[name];
  if (fields === undefined) return all;
  return Object.fromEntries([...fields, 'headerPieces' as const].map((field) => [field, all[field]]));
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
