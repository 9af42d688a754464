/**
 * Cache efficiency: the site's trace replayed over HTTP through the local CloudFront, keyed like the
 * deployed cache policy, against the ideal (one key per URL and variants served) — and, as a contrast, the
 * same trace with `Accept-Language` added to the key. What viewer-request answers itself is never cached and
 * counted apart: issuing redirects (a proof of enrollment set), QA links' 302s, locale and directory
 * redirects.
 */
import { MIX } from '../trace';
import { spawnServer } from '../http';
import { replay, type ReplayResult } from '../replay';
import { round2, type Row, type Section, type Target } from './section';

/** The deployed policy should reach this share of the ideal hit ratio. */
export const OF_IDEAL_TARGET_PCT = 99.9;

export const CACHE_MODES = {
  local: 'deployed policy (URI + experiment cookies)',
  'local-al': '+ Accept-Language (contrast)',
} as const;

export interface CacheData {
  readonly replays: Readonly<Record<keyof typeof CACHE_MODES, ReplayResult>>;
  /** Under the deployed policy: origin fetches (origin-response invocations) per request. */
  readonly missesPerRequest: number;
}

export interface Ratios {
  readonly hitRatio: number;
  readonly idealRatio: number;
}

/** Hit ratio among cacheable answers, and the ideal: 1 − distinct keys ÷ cacheable answers. */
export function ratios(r: ReplayResult): Ratios {
  const cacheable = r.hits + r.misses;
  return { hitRatio: r.hits / cacheable, idealRatio: 1 - r.idealKeys / cacheable };
}

/** Issuing redirects of a replay, whoever got them. */
export const issuingOf = (r: ReplayResult): number => r.issuing.new + r.issuing.returning;

export function cacheRow(label: string, r: ReplayResult): Row {
  const { hitRatio, idealRatio } = ratios(r);
  return {
    'cache key': label,
    requests: r.requests,
    cacheable: r.hits + r.misses,
    'issuing 302s (proof)': issuingOf(r),
    'QA 302s': r.overrides,
    'locale/dir redirects': r.redirects,
    'distinct keys (misses)': r.misses,
    'ideal keys': r.idealKeys,
    'hit ratio %': round2(hitRatio * 100),
    'ideal %': round2(idealRatio * 100),
    'of ideal %': round2((hitRatio / idealRatio) * 100),
    'Error answers': r.errorResponses,
    errors: r.errors,
  };
}

export function cacheTargets(deployed: ReplayResult): Target[] {
  const { hitRatio, idealRatio } = ratios(deployed);
  const ofIdeal = (hitRatio / idealRatio) * 100;
  return [
    {
      target: `hit ratio ≥ ${OF_IDEAL_TARGET_PCT}% of ideal`,
      value: `${round2(ofIdeal)}%`,
      met: ofIdeal >= OF_IDEAL_TARGET_PCT,
    },
  ];
}

export const cache: Section<CacheData> = {
  name: 'cache',
  async run(ctx) {
    const size = ctx.quick ? 20_000 : 100_000;
    const replays = {} as Record<keyof typeof CACHE_MODES, ReplayResult>;
    for (const mode of Object.keys(CACHE_MODES) as (keyof typeof CACHE_MODES)[]) {
      const child = await spawnServer(mode, ctx.outDir);
      try {
        replays[mode] = await replay(ctx.site, child.port, size);
      } finally {
        child.stop();
      }
    }
    return {
      tables: [
        {
          title: `Cache efficiency (trace of ${size} requests: Zipf pages, Accept-Language mix, visits of ${MIX.requestsPerVisit} requests, ${MIX.newVisitors}% by first-time visitors)`,
          rows: Object.entries(CACHE_MODES).map(([mode, label]) =>
            cacheRow(label, replays[mode as keyof typeof CACHE_MODES]),
          ),
        },
      ],
      targets: cacheTargets(replays.local),
      data: { replays, missesPerRequest: replays.local.misses / replays.local.requests },
    };
  },
};
