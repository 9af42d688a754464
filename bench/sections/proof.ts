/**
 * Proof of enrollment: what the issuing redirect costs, before (a bare variant cookie, no redirect) and after
 * — from the cache section's replay (how often the edge issues, to whom, what the cache served) and the cost
 * section's measurements of the shipped bundle (the 302's time, billed duration and log bytes). The model is
 * `cost/proof.ts`; this section only reads and prints.
 */
import { proofFigures, type ProofFigures } from '../cost/proof';
import { COST_ITEMS, type CostLine } from '../cost/model';
import type { VariantStats } from '../cost/rows';
import type { ReplayResult } from '../replay';
import { ratios, type CacheData } from './cache';
import { LAMBDA_MEMORY_MB, type CostData } from './cost';
import { round2, type Row, type Section, type Target } from './section';

const BEFORE = 'before (bare cookie)';
const AFTER = 'after (proof)';

const row = (measure: string, before: number | string, after: number | string, how: string): Row => ({
  measure,
  [BEFORE]: before,
  [AFTER]: after,
  how,
});

const usd = (n: number): number => Number(n.toFixed(4));
const pct = (x: number): number => round2(x * 100);

/** The before/after table, from the figures and the replay they came from. */
export function proofRows(f: ProofFigures, r: ReplayResult, issuing: VariantStats['issuing']): Row[] {
  const ofIdeal = pct(ratios(r).hitRatio / ratios(r).idealRatio);
  const item = (name: string) => f.perMillionRedirects.find((l) => l.item === name)!.usd;
  return [
    row('extra requests per issued proof', 0, 1, 'a 302 back to the same URL, followed at once'),
    row(
      'issuing redirects per 1M CloudFront requests',
      0,
      Math.round(f.issuingPerRequest * 1e6),
      `replay: ${f.issuing} of ${r.requests} (${r.issuing.new} to first-time visitors, ${r.issuing.returning} pre-proof cookies re-issued)`,
    ),
    row(
      'issuing redirects per first-time visitor on a covered page',
      0,
      round2(f.issuingPerNewVisitor),
      `${r.issuing.new} ÷ ${r.newVisitsOnCovered} visits (no consent: 0; cookie-blocking browsers: one per view)`,
    ),
    row(
      'viewer-request time of the 302 (ms, measured)',
      0,
      Number(f.redirectMs.toFixed(4)),
      `shipped bundle, mean of ${issuing?.invocations ?? 0} issuing events; billed ${round2(issuing?.billedMs ?? 0)} ms`,
    ),
    ...f.latencyMs.map(({ rttMs, addedMs }) =>
      row(
        `added latency of a new visitor's first covered view at ${rttMs} ms RTT (ms)`,
        0,
        round2(addedMs),
        'one more round trip on the open connection + the 302',
      ),
    ),
    row(
      'added $ per 1M CloudFront requests',
      0,
      usd(f.addedPerMillionRequests),
      `$${usd(f.perMillionRedirects.at(-1)!.usd)} per 1M redirects × redirects per request`,
    ),
    row(
      'added $ per 1M first-time visitors on a covered page',
      0,
      usd(f.addedPerMillionNewVisitors),
      `CloudFront $${usd(item(COST_ITEMS.cloudFront))} + Lambda@Edge $${usd(item(COST_ITEMS.requests) + item(COST_ITEMS.duration))} + logs $${usd(item(COST_ITEMS.ours) + item(COST_ITEMS.platform))} per 1M redirects, × redirects per visitor`,
    ),
    row(
      'log bytes (ours) per CloudFront request, debug off',
      round2(f.logBytes.before),
      round2(f.logBytes.after),
      `before: the same lines without the enrollment identifier (${round2(issuing?.enrollmentFieldBytes ?? 0)} B per enrollment), over the requests less the redirects`,
    ),
    row(
      'CloudFront requests answered from the cache (%)',
      pct(f.fromCache.before),
      pct(f.fromCache.after),
      'hits ÷ requests: the redirects are requests the cache does not answer',
    ),
    row(
      'cache hit ratio, % of ideal (target ≥ 99.9)',
      ofIdeal,
      ofIdeal,
      'same cacheable views: the 302 is never cached nor counted; its follow-up is the view the first request was',
    ),
  ];
}

/** The cost of one issuing redirect, item by item (USD per 1M redirects). */
export const perRedirectRows = (lines: readonly CostLine[]): Row[] =>
  lines.map((l) => ({ item: l.item, '$ per 1M issuing redirects': usd(l.usd) }));

/** The trace and the edge agree on every issuing redirect: each new visitor follows one, then holds a proof. */
export const proofTargets = (r: ReplayResult): Target[] => [
  {
    target: 'issuing redirects exactly where the trace expects them (then a proof the edge accepts)',
    value: `${r.unexpected} unexpected of ${r.issuing.new + r.issuing.returning}`,
    met: r.unexpected === 0,
  },
];

export const proof: Section<ProofFigures | undefined> = {
  name: 'proof',
  needs: ['cache', 'cost'],
  async run(ctx) {
    const cache = ctx.results.get('cache')?.data as CacheData | undefined;
    const cost = ctx.results.get('cost')?.data as CostData | undefined;
    if (!cache || !cost) throw new Error('the proof section needs the cache and cost sections');
    const title = 'Proof of enrollment: the issuing redirect (debug logging off)';
    const v = cost.variants['debug off'];
    const replay = cache.replays.local;
    if (!v.issuing)
      return {
        tables: [
          { title, rows: [row('issuing redirects', 0, 0, 'n/a: no enabled experiment covers a page')] },
        ],
        targets: proofTargets(replay),
        data: undefined,
      };
    const inputs = { replay, shares: cost.shares, ...v, issuing: v.issuing, memoryMb: LAMBDA_MEMORY_MB };
    const figures = proofFigures(inputs);
    return {
      tables: [
        { title, rows: proofRows(figures, replay, v.issuing) },
        {
          title: 'One issuing redirect, item by item (USD per 1M redirects)',
          rows: perRedirectRows(figures.perMillionRedirects),
        },
      ],
      targets: proofTargets(replay),
      data: figures,
    };
  },
};
