/**
 * The locale table as the KeyValueStore holds it for CloudFront Functions: one entry per row, `lt:<key>` →
 * the row as JSON (`lt:pt-ao` → `[2,4]`, `lt:iw` → `"he"`), read only when a header needs that row
 * (`cloudfront-functions/run.ts`). It is exactly the table Lambda@Edge bakes: nothing is dropped.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/cloudfront-limits.html#limits-keyvaluestores
 */
import { LOCALE_KEY_PREFIX, type KvsData } from '../cloudfront-functions/contract';
import type { LocaleTable } from '../viewer-request/locale';

/** `lt:<key>` entries for every row of the table (each far under a value's 1 KB: a row lists the locales). */
export const localeRows = (table: LocaleTable): KvsData['data'] =>
  Object.entries(table).map(([key, row]) => ({ key: LOCALE_KEY_PREFIX + key, value: JSON.stringify(row) }));
