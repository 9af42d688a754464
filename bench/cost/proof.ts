/**
 * What the proof of enrollment's issuing redirect adds (docs/experiments.md#proof-of-enrollment). Before —
 * a bare variant cookie — a new visitor's first view of a covered page was answered at once; after, it is a
 * 302 back to the same URL that sets the proof, then that view. Per issuing redirect: one more CloudFront
 * request, one more viewer-request invocation (its billed duration and Lambda's START/END/REPORT lines), one
 * more viewer↔edge round trip for that visitor, and the enrollment identifier in the `Enrollments` line
 * (the line itself was written before too). Pure arithmetic on the replay's counts and the cost section's
 * measurements, so tested on known inputs.
 */
import { PRICES } from '../prices';
import type { ReplayResult } from '../replay';
import type { InvocationStats } from './invocations';
import { costPerMillion, NO_INVOCATION, type CostLine } from './model';
import { ourBytesPerRequest, type Shares } from './rows';

/** Round trips between viewer and edge the latency model adds the redirect's to (ms). */
export const RTTS_MS = [20, 50, 100] as const;

export interface ProofInputs {
  /** The replay under the deployed cache policy. */
  readonly replay: ReplayResult;
  readonly shares: Shares;
  /** The shipped bundles on the realistic mix and on issuing redirects alone, debug logging off. */
  readonly viewer: InvocationStats;
  readonly origin: InvocationStats;
  readonly issuing: InvocationStats;
  readonly memoryMb: number;
}

export interface ProofFigures {
  readonly issuing: number;
  readonly issuingPerRequest: number;
  /** Issuing redirects to first-time visitors ÷ first-time visits that asked for a covered page. */
  readonly issuingPerNewVisitor: number;
  /** Measured viewer-request time of one issuing redirect, ms (mean). */
  readonly redirectMs: number;
  readonly latencyMs: readonly { readonly rttMs: number; readonly addedMs: number }[];
  /** USD per 1M issuing redirects, item by item and total. */
  readonly perMillionRedirects: readonly CostLine[];
  readonly addedPerMillionRequests: number;
  readonly addedPerMillionNewVisitors: number;
  /** Our log bytes per CloudFront request, debug off: a bare-cookie design's, and now. */
  readonly logBytes: { readonly before: number; readonly after: number };
  /** Share of CloudFront requests answered from the cache. */
  readonly fromCache: { readonly before: number; readonly after: number };
}

const totalOf = (lines: readonly CostLine[]): number => lines[lines.length - 1]!.usd;

export function proofFigures(p: ProofInputs, prices = PRICES): ProofFigures {
  const r = p.replay;
  const issuing = r.issuing.new + r.issuing.returning;
  const issuingPerRequest = issuing / r.requests;
  const issuingPerNewVisitor = r.newVisitsOnCovered === 0 ? 0 : r.issuing.new / r.newVisitsOnCovered;
  const redirectMs = p.issuing.meanUs / 1000;
  // The extra invocation's own lines are only the identifier field: the `Enrollments` line existed before.
  const extra = { billedMs: p.issuing.billedMs, printedBytes: p.issuing.enrollmentFieldBytes, lines: 0 };
  const perMillionRedirects = costPerMillion(
    { viewerPerRequest: 1, originPerRequest: 0, viewer: extra, origin: NO_INVOCATION, memoryMb: p.memoryMb },
    prices,
  );
  const after = ourBytesPerRequest({ viewer: p.viewer, origin: p.origin }, p.shares);
  // Before: the same lines without the identifier, over the same views without the redirects.
  const before =
    (after - p.shares.viewerPerRequest * p.viewer.enrollmentFieldBytes) / (1 - issuingPerRequest);
  return {
    issuing,
    issuingPerRequest,
    issuingPerNewVisitor,
    redirectMs,
    latencyMs: RTTS_MS.map((rttMs) => ({ rttMs, addedMs: rttMs + redirectMs })),
    perMillionRedirects,
    addedPerMillionRequests: totalOf(perMillionRedirects) * issuingPerRequest,
    addedPerMillionNewVisitors: totalOf(perMillionRedirects) * issuingPerNewVisitor,
    logBytes: { before, after },
    fromCache: { before: r.hits / (r.requests - issuing), after: r.hits / r.requests },
  };
}
