/**
 * The local CloudFront's own endpoints under `/__cloudfront/`, answered before the distribution sees the
 * request. One row per route: a new page (the experiments report) is one more row.
 */
import type { IncomingMessage } from 'node:http';
import type { ResponseCache } from '../cache/store';
import type { Distribution } from '../pipeline';
import type { HttpReply } from '../types';
import { EXPERIMENTS_CSS_PATH, EXPERIMENTS_PATH, experimentsCss, experimentsPage } from './experiments';

export interface RouteContext {
  readonly cache: ResponseCache;
  readonly distribution: () => Distribution;
  /** Where function logs are kept, if anywhere. */
  readonly logDir: string | undefined;
}

export interface Route {
  readonly method: string;
  readonly path: string;
  readonly handle: (req: IncomingMessage, ctx: RouteContext) => Promise<HttpReply>;
}

/** `POST` with `{"paths": ["/en/*"]}` (default `/*`): like `aws cloudfront create-invalidation`. */
export const INVALIDATION_PATH = '/__cloudfront/invalidations';

export const ROUTES: readonly Route[] = [
  { method: 'POST', path: INVALIDATION_PATH, handle: invalidate },
  { method: 'GET', path: EXPERIMENTS_PATH, handle: (_req, ctx) => experimentsPage(ctx) },
  { method: 'GET', path: EXPERIMENTS_CSS_PATH, handle: () => experimentsCss() },
];

export function findRoute(method: string, target: string): Route | undefined {
  const p = target.split(/[?#]/, 1)[0];
  return ROUTES.find((r) => r.method === method && r.path === p);
}

export function jsonReply(status: number, value: unknown): HttpReply {
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

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > limit) break;
  }
  return text;
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

async function invalidate(req: IncomingMessage, ctx: RouteContext): Promise<HttpReply> {
  const paths = invalidationPaths(await readBody(req, 64 * 1024));
  return jsonReply(201, { invalidated: ctx.cache.invalidate(paths), paths });
}
