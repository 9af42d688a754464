/**
 * Holm's step-down adjustment (Holm 1979, "A Simple Sequentially Rejective Multiple Test Procedure",
 * Scand. J. Statist. 6:65): controls the family-wise error rate over an experiment's variants × goals
 * comparisons, uniformly more powerful than Bonferroni. Adjusted p_(i) = max_{j ≤ i} min(1, (m − j + 1)·p_(j)).
 *
 * A comparison that could not be computed (null) still counts in m, so adding an empty arm never makes
 * the others look stronger; its own adjusted value stays null.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p: p ?? 1, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const adjusted: (number | null)[] = new Array<number | null>(m).fill(null);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    if (pValues[i] !== null) adjusted[i] = running;
  });
  return adjusted;
}
