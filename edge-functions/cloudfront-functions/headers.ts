/**
 * The security headers of a generated response, from the KeyValueStore (`sh:<n>`, `contract.ts`): the core
 * builds its responses with none baked in, and this adds them as the Lambda@Edge bundle's baked list would,
 * never over a header the core set itself (its `Cache-Control`, `Location`, `Allow`…). A piece missing,
 * unreadable or malformed: the response goes without them, with one warning line, rather than failing.
 */
import { errorLine } from '../shared/log';
import type { StoreValue } from '../shared/live';
import { HEADER_KEY_PREFIX } from './contract';
import type { FunctionResponse } from './types';

/** The pieces not read yet, added to `missing` (the handler reads them before the next pass). */
export function needHeaders(pieces: number, values: Record<string, StoreValue>, missing: string[]): void {
  for (let i = 0; i < pieces; i++)
    if (!(HEADER_KEY_PREFIX + i in values)) missing.push(HEADER_KEY_PREFIX + i);
}

/** `response` with the stored headers (`{"<lower-case name>":{"value":…},…}`, cut into `pieces`) added. */
export function addHeaders(
  response: FunctionResponse,
  pieces: number,
  values: Record<string, StoreValue>,
  lines: string[],
): FunctionResponse {
  const parts: string[] = [];
  let problem: string | undefined;
  for (let i = 0; i < pieces && problem === undefined; i++) {
    const value = values[HEADER_KEY_PREFIX + i];
    if (typeof value === 'string') parts.push(value);
    else problem = `${HEADER_KEY_PREFIX}${i} ${value === false ? 'unreadable' : 'missing'}`;
  }
  let table: Record<string, { value?: unknown } | null> | undefined;
  try {
    if (pieces > 0 && problem === undefined) table = JSON.parse(parts.join(''));
  } catch {
    // Reported below, as a table that is not one.
  }
  if (pieces > 0 && (table === null || typeof table !== 'object'))
    lines.push(errorLine('viewer-request', problem || `${HEADER_KEY_PREFIX}0 malformed`, 'W_KVS'));
  const headers = response.headers!;
  const names = table && typeof table === 'object' ? Object.keys(table) : [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const header = table![name];
    if (!(name in headers) && header && typeof header.value === 'string')
      headers[name] = { value: header.value };
  }
  return response;
}
