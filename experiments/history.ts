/**
 * `xh:<id>`, an experiment's phases (`PhaseRecord[]`, oldest first), which `npm run experiments` keeps
 * beside `xp:<id>` and the report reads for each phase's weights. Lenient in reading (a record that is not
 * one is dropped), strict in writing (trimmed from the oldest end to fit the store's value limit).
 */
import {
  KVS_MAX_VALUE_BYTES,
  PHASE_HISTORY_KEY_PREFIX,
  type LiveEntry,
  type PhaseRecord,
} from '../edge-functions/cloudfront-functions/contract';
import type { ExperimentConfig } from '../edge-functions/config/schema';
import { liveEntryOf } from '../edge-functions/shared/live';

/** `xh:<id>`. */
export const historyKey = (id: string): string => `${PHASE_HISTORY_KEY_PREFIX}${id}`;

/** The phases a stored value lists, valid for `e` (its variants, today's), oldest first; [] for none. */
export function readHistory(e: ExperimentConfig, value: string | undefined): PhaseRecord[] {
  let parsed: unknown;
  try {
    parsed = value === undefined ? [] : JSON.parse(value);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.flatMap((row: { t?: unknown } | null): PhaseRecord[] => {
    const entry = liveEntryOf(e, row);
    if (!entry) return [];
    const t = row?.t;
    return [typeof t === 'number' && Number.isSafeInteger(t) && t >= 0 ? { ...entry, t } : entry];
  });
}

/** The record of phase `p`, if the history has it. */
export const phaseRecord = (history: readonly PhaseRecord[], p: number): PhaseRecord | undefined =>
  history.find((r) => r.p === p);

/**
 * The history after a change from `current` (the phase in force, recorded first when missing: its start
 * is unknown) to `next`, begun at `now`; as stored, without the oldest records that do not fit.
 */
export function historyValue(
  history: readonly PhaseRecord[],
  current: LiveEntry,
  next: LiveEntry,
  now: number,
): string {
  const records: PhaseRecord[] = history.filter((r) => r.p !== next.p);
  if (!phaseRecord(records, current.p)) records.push({ on: current.on, w: current.w, p: current.p });
  records.push({ on: next.on, w: next.w, p: next.p, t: now });
  records.sort((a, b) => a.p - b.p);
  let text = JSON.stringify(records);
  while (Buffer.byteLength(text) > KVS_MAX_VALUE_BYTES && records.length > 1) {
    records.shift();
    text = JSON.stringify(records);
  }
  return text;
}
