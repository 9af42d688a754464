/** Number formatting shared by the table, the verdicts and the HTML page. */

/**
 * p-values keep their magnitude: 0.0498, 3.1e-7, 1.3e-284; never "0.000" for a decisive result, and three
 * significant digits so a p just under 0.05 does not print as "0.050".
 */
export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return 'n/a';
  if (p === 0) return '< 5e-324';
  if (p >= 0.001) return p >= 0.9995 ? '1' : p.toPrecision(3);
  return p.toExponential(1);
}

/** A rate as a percentage with two decimals. */
export function formatPct(x: number | null | undefined, digits = 2): string {
  if (x === null || x === undefined) return 'n/a';
  return `${(x * 100).toFixed(digits)}%`;
}

/** A signed difference of rates in percentage points. */
export function formatPP(x: number | null | undefined): string {
  if (x === null || x === undefined) return 'n/a';
  const s = (x * 100).toFixed(2);
  return `${x > 0 ? '+' : ''}${s === '-0.00' ? '0.00' : s} pp`;
}

/** A signed relative change as a percentage. */
export function formatRel(x: number | null | undefined): string {
  if (x === null || x === undefined) return 'n/a';
  const s = (x * 100).toFixed(1);
  return `${x > 0 ? '+' : ''}${s === '-0.0' ? '0.0' : s}%`;
}

export function formatInterval(
  ci: readonly [number, number] | null | undefined,
  f: (x: number) => string,
): string {
  return ci ? `[${f(ci[0])}, ${f(ci[1])}]` : 'n/a';
}

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');
