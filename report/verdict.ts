/** One sentence per (variant, goal): SRM first and loudly, then the data gate, then the adjusted test. */
import { formatP, formatPP } from './format/numbers';
import type { SrmResult } from './stats/chi-square';
import type { Uplift } from './stats/difference';
import type { GateResult } from './types';

export const SIGNIFICANCE = 0.05;

export function verdict(
  control: string,
  uplift: Uplift | null,
  adjustedPValue: number | null,
  srm: SrmResult,
  gate: GateResult,
): string {
  if (srm.mismatch)
    return `SAMPLE RATIO MISMATCH (p = ${formatP(srm.pValue)}): enrollments do not follow the phase's weights; assignment or logging is broken, so no verdict`;
  if (!gate.passed) return gate.message ?? 'not enough data';
  if (uplift === null || adjustedPValue === null) return 'no comparison: an arm has no visitors';
  if (!Number.isFinite(adjustedPValue) || !Number.isFinite(uplift.abs))
    return 'no verdict: a statistic is not a finite number';
  const p = `Holm-adjusted p = ${formatP(adjustedPValue)}`;
  if (adjustedPValue >= SIGNIFICANCE) return `no significant difference (${p} ≥ ${SIGNIFICANCE})`;
  return `${uplift.abs > 0 ? 'beats' : 'loses to'} ${control}: ${formatPP(uplift.abs)} (${p} < ${SIGNIFICANCE})`;
}
