/**
 * The locale table's rows from the KeyValueStore (`lt:<language>`, seeded by `build/kvs-seed.ts`): only the
 * entry that negotiates `Accept-Language` links this. A row not read yet is a key the handler reads before
 * the next pass (`run.ts`); an absent or malformed row reads as none, as an unknown language would.
 */
import type { StoreValue } from '../shared/live';
import type { LocaleMatch, LocaleTable } from '../viewer-request/locale';
import { LOCALE_KEY_PREFIX } from './contract';
import type { Extension } from './run';

function tableOf(values: Record<string, StoreValue>): LocaleTable {
  const table: Record<string, readonly number[] | string> = {};
  const keys = Object.keys(values);
  for (let i = 0; i < keys.length; i++) {
    const value = values[keys[i]!];
    if (keys[i]!.indexOf(LOCALE_KEY_PREFIX) !== 0 || typeof value !== 'string') continue;
    try {
      table[keys[i]!.slice(LOCALE_KEY_PREFIX.length)] = JSON.parse(value);
    } catch {
      // A malformed row reads as none: that range matches nothing.
    }
  }
  return table;
}

function matchOf(baked: LocaleMatch, values: Record<string, StoreValue>, missing: string[]): LocaleMatch {
  return {
    table: tableOf(values),
    fallbacks: baked.fallbacks,
    threshold: baked.threshold,
    demotion: baked.demotion,
    missed: (key) => {
      const name = LOCALE_KEY_PREFIX + key;
      if (!(name in values) && missing.indexOf(name) === -1) missing.push(name);
    },
  };
}

/** The locale table with the rows read so far, in place of the baked (empty) one. */
export const withTable: Extension = (deps, run, missing) => {
  deps.localeMatch = matchOf(deps.config.localeMatch, run.values, missing);
};
