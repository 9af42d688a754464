/**
 * Phase: cache. GET and HEAD on a caching behaviour look the key up; a miss fetches (origin + origin-response),
 * compresses as CloudFront does, and stores what the TTL rules and Set-Cookie rules allow. Simultaneous
 * misses for one key are collapsed into one origin fetch — except on behaviours that forward cookies
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/Cookies.html).
 */
import type { CloudFrontRequest } from '../../edge-functions/cloudfront/types';
import { joinHeader } from '../../edge-functions/cloudfront/headers';
import type { BehaviorFacts } from '../../edge-functions/config/cache-policy';
import { cacheKey, forwardedCookies, viewerEncoding, type Encoding } from '../cache/key';
import { storedHeaders, unkeyedSetCookies } from '../cache/set-cookie';
import type { ResponseCache } from '../cache/store';
import { unchanged } from '../bucket/files';
import { ttlSeconds } from '../cache/ttl';
import { neverServedFromCache } from '../cache/vary';
import type { Logger } from '../logs';
import { compress } from '../response/compression';
import type { EdgeResponse, ErrorOutcome, Outcome } from '../types';

export interface CacheStep {
  readonly behavior: BehaviorFacts;
  readonly cache: ResponseCache;
  /** Origin fetches under way, by key (request collapsing). */
  readonly inflight: Map<string, Promise<void>>;
  readonly logger: Logger;
  readonly now: () => number;
}

export type Fetch = () => Promise<EdgeResponse | ErrorOutcome>;

/** CloudFront caches responses to GET and HEAD (OPTIONS only when configured, which the stack does not). */
const cacheable = (behavior: BehaviorFacts, method: string) =>
  !behavior.cachingDisabled && (method === 'GET' || method === 'HEAD');

/**
 * The stored entry for `key`, if fresh. An entry that refers to a bucket file (an object too large to hold)
 * is a hit only while the file is the version stored; CloudFront would still serve the bytes it copied, but
 * those bytes are gone with the old file, so the local CloudFront asks the origin again.
 */
async function hitOf(step: CacheStep, key: string): Promise<Outcome | undefined> {
  const entry = step.cache.get(key, step.now());
  if (!entry) return undefined;
  if (!Buffer.isBuffer(entry.body) && !(await unchanged(entry.body.file, entry.body.identity))) {
    step.cache.delete(key);
    return undefined;
  }
  return { kind: 'hit', response: entry, ageSeconds: Math.floor((step.now() - entry.storedAt) / 1000) };
}

function store(step: CacheStep, key: string, request: CloudFrontRequest, response: EdgeResponse): void {
  const policy = step.behavior.cachePolicy;
  const ttl = ttlSeconds(
    response.status,
    joinHeader(response.headers, 'cache-control', ',') || undefined,
    policy,
  );
  if (ttl <= 0 || neverServedFromCache(response.headers, policy)) return;
  const headers = storedHeaders(response.headers);
  for (const name of unkeyedSetCookies(headers, forwardedCookies(request.headers, policy.cookies)))
    step.logger.warn('E_SET_COOKIE_NOT_KEYED', `'${name}' on ${request.uri}`);
  const now = step.now();
  step.cache.set(key, { ...response, headers, storedAt: now, expiresAt: now + ttl * 1000 });
}

async function fetchAndStore(
  step: CacheStep,
  key: string,
  request: CloudFrontRequest,
  fetch: Fetch,
  encoding: Encoding,
): Promise<Outcome> {
  const fetched = await fetch();
  if ('kind' in fetched) return fetched;
  const response = compress(fetched, encoding);
  store(step, key, request, response);
  return { kind: 'miss', response };
}

/** One origin fetch per key at a time: the fetch is registered before the first await. */
async function collapsed(
  step: CacheStep,
  key: string,
  request: CloudFrontRequest,
  fetch: Fetch,
  encoding: Encoding,
) {
  const pending = step.inflight.get(key);
  if (pending) {
    await pending;
    const hit = await hitOf(step, key);
    if (hit) return hit;
  }
  let settle!: () => void;
  step.inflight.set(key, new Promise<void>((resolve) => (settle = resolve)));
  try {
    return await fetchAndStore(step, key, request, fetch, encoding);
  } finally {
    step.inflight.delete(key);
    settle();
  }
}

export async function cachePhase(
  step: CacheStep,
  request: CloudFrontRequest,
  fetch: Fetch,
): Promise<Outcome> {
  const policy = step.behavior.cachePolicy;
  const encoding = viewerEncoding(request.headers, policy);
  if (!cacheable(step.behavior, request.method)) {
    const fetched = await fetch();
    return 'kind' in fetched ? fetched : { kind: 'miss', response: compress(fetched, encoding) };
  }
  const key = cacheKey(request, policy);
  const hit = await hitOf(step, key);
  if (hit) return hit;
  return policy.cookies.length === 0
    ? collapsed(step, key, request, fetch, encoding)
    : fetchAndStore(step, key, request, fetch, encoding);
}
