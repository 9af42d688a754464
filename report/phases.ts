/**
 * Phases (docs/experiments.md#phases): every stop, start or re-weight through `npm run experiments` starts
 * one, and the report analyses one phase of an experiment at a time, the latest with enrollments unless
 * asked for another, so a re-weight never mixes two populations. Each phase's sample-ratio check needs the
 * weights it ran with: phase 0's are `edge.config.ts`'s, a later phase's are in the store's phase history
 * (`xh:<id>`, written by `npm run experiments`); without it they are unknown, and no verdict is given.
 */
import type { ExperimentConfig } from '../edge-functions/config/schema';
import type { PhaseRecord } from '../edge-functions/cloudfront-functions/contract';
import { historyKey, phaseRecord, readHistory } from '../experiments/history';
import type { PhaseTotals } from './counts';

export interface PhaseWeightsFound {
  readonly weights: readonly number[];
  /** `configuration`: edge.config.ts (phase 0); `store`: the phase history. */
  readonly from: 'configuration' | 'store';
}

/** The weights phase `phase` of `e` ran with, or undefined when unknown. */
export type PhaseWeights = (e: ExperimentConfig, phase: number) => PhaseWeightsFound | undefined;

/** Without the store: phase 0 runs with `edge.config.ts`'s weights; a later phase's are unknown. */
export const configurationWeights: PhaseWeights = (e, phase) =>
  phase === 0 ? { weights: e.variants.map((v) => v.weight), from: 'configuration' } : undefined;

/** From a store's entries (the local file, or the keys read from the deployed store), else as without. */
export function storeWeights(entries: ReadonlyMap<string, string>): PhaseWeights {
  const histories = new Map<string, PhaseRecord[]>();
  return (e, phase) => {
    let history = histories.get(e.id);
    if (!history) histories.set(e.id, (history = readHistory(e, entries.get(historyKey(e.id)))));
    const record = phaseRecord(history, phase);
    return record ? { weights: record.w, from: 'store' } : configurationWeights(e, phase);
  };
}

/** Which phase to analyse, per experiment id: undefined for the default. */
export type PhaseChoice = (experimentId: string) => number | undefined;

/** The phase asked for; else the latest that enrolled anyone; else the latest seen; else 0. */
export function choosePhase(phases: readonly PhaseTotals[], asked: number | undefined): number {
  if (asked !== undefined) return asked;
  const enrolled = phases.filter((p) => p.enrolled > 0);
  const pool = enrolled.length > 0 ? enrolled : phases;
  return pool.length > 0 ? pool[pool.length - 1]!.phase : 0;
}
