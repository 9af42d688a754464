/**
 * The local CloudFront's own endpoints under `/__cloudfront/`, answered before the distribution sees the
 * request, and only for this machine (`guard.ts`). One row per route: a new page (the experiments report) is
 * one more row.
 */
import type { IncomingMessage } from 'node:http';
import type { ResponseCache } from '../cache/store';
import { errorReply } from '../phases/to-viewer';
import type { Distribution } from '../pipeline';
import type { HttpReply } from '../types';
import { EXPERIMENTS_CSS_PATH, EXPERIMENTS_PATH, experimentsCss, experimentsPage } from './experiments';
import {
  MAX_INVALIDATION_BODY_BYTES,
  MAX_INVALIDATION_PATHS,
  MAX_INVALIDATION_WILDCARD_PATHS,
} from './limits';

export interface RouteContext {
  readonly cache: ResponseCache;
  readonly distribution: () => Distribution;
  /** Where function logs are kept, if anywhere. */
  readonly logDir: string | undefined;
}

export interface Route {
  readonly method: string;
  readonly path: string;
  readonly handle: (req: IncomingMessage, ctx: RouteContext, requestId: string) => Promise<HttpReply<Buffer>>;
}

/** Where the local CloudFront's own pages live: every path under it is guarded, route or not. */
export const OWN_PREFIX = '/__cloudfront/';

const pathOf = (target: string) => target.split(/[?#]/, 1)[0]!;

export const isOwnPath = (target: string): boolean => pathOf(target).startsWith(OWN_PREFIX);

/** `POST` with `{"paths": ["/en/*"]}` (default `/*`): like `aws cloudfront create-invalidation`. */
export const INVALIDATION_PATH = '/__cloudfront/invalidations';

export const ROUTES: readonly Route[] = [
  { method: 'POST', path: INVALIDATION_PATH, handle: invalidate },
  { method: 'GET', path: EXPERIMENTS_PATH, handle: (_req, ctx) => experimentsPage(ctx) },
  { method: 'GET', path: EXPERIMENTS_CSS_PATH, handle: () => experimentsCss() },
];

export function findRoute(method: string, target: string): Route | undefined {
  const p = pathOf(target);
  return ROUTES.find((r) => r.method === method && r.path === p);
}

export function jsonReply(status: number, value: unknown): HttpReply<Buffer> {
  const body = Buffer.from(JSON.stringify(value));
  return {
    status,
    lines: [
      ['Content-Type', 'application/json'],
      ['Content-Length', String(body.length)],
    ],
    body,
  };
}

/**
 * The body as text, or undefined past `limit` bytes: reading stops there (the rest is never buffered) and the
 * connection is closed after the answer.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    const onData = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes <= limit) return void chunks.push(chunk);
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

function invalidationPaths(text: string): string[] {
  try {
    const parsed = JSON.parse(text || '{}') as { paths?: unknown };
    if (Array.isArray(parsed.paths) && parsed.paths.every((p) => typeof p === 'string' && p.startsWith('/')))
      return parsed.paths as string[];
  } catch {
    // not JSON: everything
  }
  return ['/*'];
}

const tooMany = (paths: readonly string[]) =>
  paths.length > MAX_INVALIDATION_PATHS ||
  paths.filter((p) => p.includes('*')).length > MAX_INVALIDATION_WILDCARD_PATHS;

async function invalidate(req: IncomingMessage, ctx: RouteContext, requestId: string) {
  const text = await readBody(req, MAX_INVALIDATION_BODY_BYTES);
  if (text === undefined) {
    const refused = errorReply('E_INVALIDATION_TOO_LARGE', requestId);
    return { ...refused, lines: [...refused.lines, ['Connection', 'close'] as const] };
  }
  const paths = invalidationPaths(text);
  if (tooMany(paths)) return errorReply('E_TOO_MANY_INVALIDATION_PATHS', requestId);
  return jsonReply(201, { invalidated: ctx.cache.invalidate(paths), paths });
}
