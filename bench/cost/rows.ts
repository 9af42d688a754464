/** The cost section's tables, built from its measurements (pure, so tested without timing anything). */
import type { Row } from '../sections/section';
import type { InvocationStats } from './invocations';
import type { CostLine } from './model';
import { ingestedBytes, platformBytesPerInvocation } from './platform';

export const DEBUG = ['debug off', 'debug on'] as const;
export type DebugLabel = (typeof DEBUG)[number];

/** What one bundle variant (debug off or on) did on the realistic mix. */
export interface VariantStats {
  readonly viewer: InvocationStats;
  readonly origin: InvocationStats;
  /** Beacons, when goals are configured; `answered` false when the bundle does not answer them itself. */
  readonly beacon?: InvocationStats & { readonly answered: boolean };
  /** New visitors' views answered by an issuing redirect, when an enabled experiment covers a page. */
  readonly issuing?: InvocationStats;
}

/** How often each function runs per CloudFront request. */
export interface Shares {
  readonly viewerPerRequest: number;
  readonly originPerRequest: number;
}

const usd = (n: number): number => Number(n.toFixed(4));
const fixed = (n: number, digits = 2): number => Number(n.toFixed(digits));

/** One row per cost item, a column per variant (USD per 1M requests). */
export function costRows(byVariant: Readonly<Record<DebugLabel, readonly CostLine[]>>): Row[] {
  return byVariant['debug off'].map((line, i) => ({
    item: line.item,
    'debug off $/1M': usd(line.usd),
    'debug on $/1M': usd(byVariant['debug on'][i]!.usd),
  }));
}

/** Our own log bytes per viewer-request invocation, printed. */
export const ourBytesPerViewerInvocation = (v: VariantStats): number => v.viewer.printedBytes;

/**
 * Our own log bytes per CloudFront request, printed (viewer-request where it runs, origin-response on misses):
 * the figure the ≤ 20 B target reads.
 */
export const ourBytesPerRequest = (v: VariantStats, s: Shares): number =>
  s.viewerPerRequest * v.viewer.printedBytes + s.originPerRequest * v.origin.printedBytes;

export function logRows(byVariant: Readonly<Record<DebugLabel, VariantStats>>, s: Shares): Row[] {
  const row = (what: string, f: (v: VariantStats) => number | string): Row => ({
    measure: what,
    'debug off': f(byVariant['debug off']),
    'debug on': f(byVariant['debug on']),
  });
  const ingested = (v: VariantStats) =>
    s.viewerPerRequest * ingestedBytes(v.viewer.printedBytes, v.viewer.lines) +
    s.originPerRequest * ingestedBytes(v.origin.printedBytes, v.origin.lines);
  return [
    row('log bytes (ours) per viewer-request invocation, printed', (v) =>
      fixed(ourBytesPerViewerInvocation(v)),
    ),
    row('log lines per request (ours), viewer-request', (v) => fixed(v.viewer.lines, 3)),
    row('log bytes (ours) per origin-response invocation', (v) => fixed(v.origin.printedBytes)),
    row('log bytes (ours) per CloudFront request, printed', (v) => fixed(ourBytesPerRequest(v, s))),
    row('… ingested (+ runtime prefix, 26 B per event)', (v) => fixed(ingested(v))),
    row('START/END/REPORT bytes ingested per invocation', () => platformBytesPerInvocation()),
    row(
      'measured µs per invocation (viewer / origin)',
      (v) => `${fixed(v.viewer.meanUs)} / ${fixed(v.origin.meanUs)}`,
    ),
    row(
      'billed ms per invocation (viewer / origin)',
      (v) => `${fixed(v.viewer.billedMs, 3)} / ${fixed(v.origin.billedMs, 3)}`,
    ),
  ];
}

/** Why the beacon has no cost row, or undefined when it has one. */
export function beaconGap(goals: readonly string[], v: VariantStats): string | undefined {
  if (goals.length === 0) return 'n/a: no goals configured (experiments.goals)';
  if (!v.beacon) return 'n/a: not measured';
  if (!v.beacon.answered) {
    const answers = Object.keys(v.beacon.answers).join(', ');
    return `n/a: viewer-request does not answer it itself (answered: ${answers})`;
  }
  return undefined;
}

/** Per 1M beacons: the cost lines per variant, or one "n/a" row saying why. */
export function beaconRows(
  gap: string | undefined,
  byVariant: Readonly<Record<DebugLabel, readonly CostLine[]>> | undefined,
): Row[] {
  if (gap !== undefined || byVariant === undefined)
    return [
      { item: 'POST /__edge/goal/<goal>', 'debug off $/1M': 'n/a', 'debug on $/1M': 'n/a', note: gap ?? '' },
    ];
  return costRows(byVariant);
}
