/**
 * The conversions suite's bookkeeping: what its visitors did, and the same numbers read from a report, in
 * one shape so the two compare with a single `toEqual`.
 */
import type { ExperimentConfig } from '../../edge-functions/config/schema';
import type { Report } from '../../report';
import type { GoalPage } from './goal-pages';

/** Experiment id → variant → enrollments and conversions per goal. */
export type Counts = Record<
  string,
  Record<string, { enrolled: number; conversions: Record<string, number> }>
>;

export interface Visit {
  readonly where: GoalPage;
  /** Experiment id → variant, from the cookies the visitor held after landing, before any click. */
  readonly landed: ReadonlyMap<string, string>;
  /** The same when it left: following the goal's link may enroll it in more experiments. */
  readonly left: ReadonlyMap<string, string>;
  readonly clicks: number;
  readonly problems: readonly string[];
}

/**
 * What the visitors did, as the report should count it: each visitor enrolled once per experiment it has a
 * cookie for, and converted once per goal it clicked, in the experiments it was in when it first clicked.
 */
export function tally(
  visits: readonly Visit[],
  experiments: readonly ExperimentConfig[],
  goals: readonly string[],
): Counts {
  const counts: Counts = Object.fromEntries(
    experiments.map((e) => [
      e.id,
      Object.fromEntries(
        e.variants.map((v) => [
          v.name,
          { enrolled: 0, conversions: Object.fromEntries(goals.map((g) => [g, 0])) },
        ]),
      ),
    ]),
  );
  for (const visit of visits) {
    for (const [id, variant] of visit.left) counts[id]![variant]!.enrolled++;
    if (visit.clicks > 0)
      for (const [id, variant] of visit.landed) counts[id]![variant]!.conversions[visit.where.goal]!++;
  }
  return counts;
}

/** The report's numbers for `goals`, in the same shape. */
export const countsOf = (report: Report, goals: readonly string[]): Counts =>
  Object.fromEntries(
    report.experiments.map((e) => [
      e.id,
      Object.fromEntries(
        e.variants.map((v) => [
          v.name,
          {
            enrolled: v.enrolled,
            conversions: Object.fromEntries(goals.map((g) => [g, v.goals[g]!.conversions])),
          },
        ]),
      ),
    ]),
  );
