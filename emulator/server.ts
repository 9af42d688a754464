/**
 * Phase 5 — the local CloudFront: an HTTP server that runs each request through the same phases as a
 * distribution: behaviour match → viewer-request (validated) → cache → S3 origin → origin-response
 * (validated) → cache store → viewer. It loads the very bundles that deploy (`dist/<name>/index.js`).
 */
import { randomBytes } from 'node:crypto';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { bundlePath } from '../edge-functions/build';
import type { CloudFrontHeaders, CloudFrontRequest } from '../edge-functions/cloudfront/types';
import { getHeader } from '../edge-functions/cloudfront/headers';
import { MAX_REQUEST_BYTES, MAX_URL_LENGTH, TIMEOUT_SECONDS } from '../edge-functions/cloudfront/limits';
import { validateResult, type ValidationInput, type Violation } from '../edge-functions/cloudfront/validator';
import type { SiteConfig } from '../edge-functions/config';
import { behaviorFor, cacheBehaviors, type BehaviorFacts } from '../edge-functions/config/cache-policy';
import {
  cacheKey,
  forwardedCookies,
  forwardedQuery,
  normaliseAcceptEncoding,
  ResponseCache,
  ttlSeconds,
} from './cache';
import { DISTRIBUTION, originResponseEvent, toHttpHeaders, viewerRequestEvent } from './http-event';
import { invoke, loadHandler, type Handler } from './lambda';
import { getObject } from './s3';

export interface ServerOptions {
  /** @default 8080 (0 picks a free port) */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Folder served as the bucket (`LoadedConfig.siteDir`). */
  readonly siteDir: string;
  /** Handlers, or bundle files to load. @default the built bundles in dist/ */
  readonly viewerRequest?: Handler | string;
  readonly originResponse?: Handler | string;
  /** The configuration the bundles were built from (`LoadedConfig.config`): behaviours, content types. */
  readonly config: SiteConfig;
  /**
   * Cache behaviours. @default `cacheBehaviors(config)` — exactly what the CDK stack deploys; override only to
   * compare policies (the benchmark adds `Accept-Language` to the key to show what that would cost).
   */
  readonly behaviors?: readonly BehaviorFacts[];
  /** Cache size bound in bytes. @default 64 MiB */
  readonly cacheMaxBytes?: number;
  /** Print an access line and the functions' log lines. @default true */
  readonly log?: boolean | ((line: string) => void);
  /** Lambda@Edge time limits in ms (viewer triggers 5 s; origin triggers 30 s). */
  readonly viewerTimeoutMs?: number;
  readonly originTimeoutMs?: number;
}

export interface LocalCloudFront {
  readonly url: string;
  readonly port: number;
  readonly cache: { readonly bytes: number; readonly entries: number };
  /**
   * Reload the handlers from their bundle files and empty the cache (after a rebuild); `next` swaps in a
   * new configuration and site folder (`npm start` after an `edge.config.ts` edit).
   */
  reload(next?: { readonly config: SiteConfig; readonly siteDir: string }): void;
  /** Empty the cache (like an invalidation of `/*`). */
  purge(): void;
  close(): Promise<void>;
}

/** CloudFront's `X-Cache` values for function failures; the `x-emulator-error` header carries our code. */
const FAILURE = {
  validation: { status: 502, xcache: 'LambdaValidationError from cloudfront', title: 'Bad Gateway' },
  execution: { status: 503, xcache: 'LambdaExecutionError from cloudfront', title: 'Service Unavailable' },
  timeout: { status: 503, xcache: 'LambdaLimitExceeded from cloudfront', title: 'Service Unavailable' },
} as const;

/** What CloudFront adds to every answer it gives a viewer. */
const edgeHeaders = (cfId: string): Record<string, string> => ({
  Via: `1.1 ${DISTRIBUTION.distributionDomainName} (CloudFront)`,
  'X-Amz-Cf-Pop': 'LOCAL-E1',
  'X-Amz-Cf-Id': cfId,
});

export async function startServer(options: ServerOptions): Promise<LocalCloudFront> {
  let config = options.config;
  let siteDir = path.resolve(options.siteDir);
  let behaviors = options.behaviors ?? cacheBehaviors(config);
  const cache = new ResponseCache(options.cacheMaxBytes ?? 64 * 1024 * 1024);
  const sink =
    options.log === false
      ? undefined
      : typeof options.log === 'function'
        ? options.log
        : (l: string) => console.log(l);
  const viewerTimeout = options.viewerTimeoutMs ?? TIMEOUT_SECONDS['viewer-request'] * 1000;
  const originTimeout = options.originTimeoutMs ?? TIMEOUT_SECONDS['origin-response'] * 1000;

  const inflight = new Map<string, Promise<void>>();
  const load = (h: Handler | string | undefined, name: 'viewer-request' | 'origin-response'): Handler =>
    typeof h === 'function' ? h : loadHandler(h ?? bundlePath(name));
  let viewerRequest = load(options.viewerRequest, 'viewer-request');
  let originResponse = load(options.originResponse, 'origin-response');

  /** Function log lines become part of the request's one access line (`locale=ja(header) home-hero=bold(new)`). */
  const notes = new WeakMap<IncomingMessage, string[]>();
  const printLogs = (req: IncomingMessage, fn: string, lines: readonly string[]) => {
    const list = notes.get(req) ?? [];
    for (const line of lines) list.push(summarise(fn, line));
    notes.set(req, list);
  };

  function fail(res: ServerResponse, kind: keyof typeof FAILURE, code: string, detail: string, cfId: string) {
    const f = FAILURE[kind];
    sink?.(`  ${code}: ${detail}`);
    const body = `<!DOCTYPE html><title>${f.status} ERROR</title><h1>${f.status} ERROR</h1><p>The request could not be satisfied.</p>\n`;
    res.writeHead(f.status, f.title, {
      'Content-Type': 'text/html',
      'Content-Length': Buffer.byteLength(body),
      'X-Cache': f.xcache,
      'X-Emulator-Error': code,
      ...edgeHeaders(cfId),
    });
    res.end(body);
  }

  const violationsText = (v: readonly Violation[]) => v.map((x) => `${x.code} ${x.message}`).join('; ');

  /**
   * Phase 2 for either function: invoke with its time limit, then validate its result as CloudFront does.
   * Returns the result, or — when the viewer has already been answered with 502/503 — the outcome label.
   */
  async function runFunction(
    req: IncomingMessage,
    res: ServerResponse,
    handler: Handler,
    event: unknown,
    timeoutMs: number,
    cfId: string,
    input: ValidationInput,
  ): Promise<Record<string, unknown> | string> {
    const out = await invoke(handler, event, timeoutMs);
    printLogs(req, input.eventType, out.logs);
    if (!out.ok) {
      fail(res, out.code === 'E_LAMBDA_TIMEOUT' ? 'timeout' : 'execution', out.code, out.message, cfId);
      return 'LambdaError';
    }
    const violations = validateResult(input, out.result);
    if (violations.length > 0) {
      fail(res, 'validation', violations[0]!.code, violationsText(violations), cfId);
      return 'LambdaValidationError';
    }
    return out.result as Record<string, unknown>;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<string> {
    const cfId = randomBytes(30).toString('base64url');
    const method = req.method ?? 'GET';
    const event = viewerRequestEvent(req, cfId);
    const original = event.Records[0]!.cf.request;
    const behavior = behaviorFor(behaviors, original.uri);
    const extra: Record<string, string> = edgeHeaders(cfId);
    if (method === 'POST' && (req.url ?? '').split('?')[0] === INVALIDATION_PATH) {
      const paths = await readInvalidation(req);
      const n = cache.invalidate(paths);
      const body = JSON.stringify({ invalidated: n, paths });
      res.writeHead(201, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return 'Invalidation';
    }
    // CloudFront's own limits, answered before any function runs.
    if ((req.url ?? '').length > MAX_URL_LENGTH) return refuse(res, 414, 'URI Too Long', extra);
    const headerBytes = req.rawHeaders.reduce((n, h) => n + h.length + 2, 0);
    if (headerBytes > MAX_REQUEST_BYTES) return refuse(res, 494, 'Request Header Too Large', extra);
    if (method !== 'GET' && method !== 'HEAD') {
      // The distribution allows GET and HEAD only; CloudFront refuses the rest itself.
      res.writeHead(403, { ...extra, 'Content-Type': 'text/plain', 'X-Cache': 'Error from cloudfront' });
      res.end('403 ERROR: this distribution is not configured to allow the HTTP request method\n');
      return 'Error';
    }
    const originalHeaders = structuredClone(original.headers);
    let request: CloudFrontRequest = original;

    if (behavior.viewerRequest) {
      const ran = await runFunction(req, res, viewerRequest, event, viewerTimeout, cfId, {
        eventType: 'viewer-request',
        requestHeaders: originalHeaders,
      });
      if (typeof ran === 'string') return ran;
      const result = ran;
      if ('status' in result) {
        // A generated response: never cached, origin-response does not run.
        const headers = (result.headers ?? {}) as CloudFrontHeaders;
        const body = bodyOf(result);
        send(res, method, Number(result.status), String(result.statusDescription ?? ''), headers, body, {
          ...extra,
          'X-Cache': 'LambdaGeneratedResponse from cloudfront',
        });
        return 'Generated';
      }
      request = result as unknown as CloudFrontRequest;
    }

    const policy = behavior.cachePolicy;
    const key = cacheKey(request, policy);
    let now = Date.now();
    let hit = cache.get(key, now);
    // Request collapsing: simultaneous misses for one key wait for the first origin fetch, as CloudFront does.
    const pending = inflight.get(key);
    if (!hit && pending) {
      await pending;
      now = Date.now();
      hit = cache.get(key, now);
    }
    if (hit) {
      const age = Math.floor((now - hit.storedAt) / 1000);
      send(
        res,
        method,
        hit.status,
        hit.statusDescription,
        hit.headers,
        hit.body,
        {
          ...extra,
          'X-Cache': 'Hit from cloudfront',
          Age: String(age),
        },
        req,
      );
      return 'Hit';
    }
    let settle!: () => void;
    inflight.set(
      key,
      new Promise<void>((resolve) => {
        settle = resolve;
      }),
    );
    try {
      return await fetchFromOrigin(req, res, request, behavior, key, now, cfId, extra);
    } finally {
      inflight.delete(key);
      settle();
    }
  }

  async function fetchFromOrigin(
    req: IncomingMessage,
    res: ServerResponse,
    request: CloudFrontRequest,
    behavior: BehaviorFacts,
    key: string,
    now: number,
    cfId: string,
    extra: Record<string, string>,
  ): Promise<string> {
    const method = req.method ?? 'GET';
    const policy = behavior.cachePolicy;
    // The origin sees only what the cache policy forwards (lambda-edge.md §4–5), never the viewer's Host.
    const cookies = forwardedCookies(request.headers, policy.cookies);
    const originHeaders: CloudFrontHeaders = {
      host: [{ key: 'Host', value: 'site-bucket.s3.us-east-1.amazonaws.com' }],
      'user-agent': [{ key: 'User-Agent', value: 'Amazon CloudFront' }],
      via: [{ key: 'Via', value: extra.Via ?? '' }],
      'x-amz-cf-id': [{ key: 'X-Amz-Cf-Id', value: cfId }],
    };
    if (cookies.length > 0)
      originHeaders.cookie = [{ key: 'Cookie', value: cookies.map(([n, v]) => `${n}=${v}`).join('; ') }];
    for (const name of policy.headers) {
      const list = request.headers[name.toLowerCase()];
      if (list) originHeaders[name.toLowerCase()] = list.map((x) => ({ ...x }));
    }
    const originRequest = {
      clientIp: request.clientIp,
      method,
      uri: request.uri,
      querystring: forwardedQuery(request.querystring, policy.queryStrings),
      headers: originHeaders,
      origin: {
        s3: {
          authMethod: 'origin-access-identity',
          customHeaders: {},
          domainName: 'site-bucket.s3.us-east-1.amazonaws.com',
          path: '',
          region: 'us-east-1',
        },
      },
    } as unknown as CloudFrontRequest;

    const object = await getObject(siteDir, request.uri, {}, config.contentTypes);
    let status = object.status;
    let statusDescription = object.statusDescription;
    let headers = object.headers;
    let body = object.body;
    if (behavior.originResponse) {
      const responseEvent = originResponseEvent(originRequest, status, statusDescription, headers, cfId);
      const ran = await runFunction(req, res, originResponse, responseEvent, originTimeout, cfId, {
        eventType: 'origin-response',
        requestHeaders: originHeaders,
        responseHeaders: structuredClone(headers),
      });
      if (typeof ran === 'string') return ran;
      const result = ran;
      status = Number(result.status);
      statusDescription = String(result.statusDescription ?? '');
      headers = (result.headers ?? {}) as CloudFrontHeaders;
      if (typeof result.body === 'string') body = bodyOf(result);
    }
    // Set-Cookie survives only for allow-listed cookies; with none forwarded, none at all (lambda-edge.md §5).
    if (headers['set-cookie']) {
      const kept = headers['set-cookie'].filter((h) =>
        policy.cookies.includes(h.value.split('=')[0]!.trim()),
      );
      if (kept.length > 0) headers['set-cookie'] = kept;
      else delete headers['set-cookie'];
    }
    const encoding = normaliseAcceptEncoding(getHeader(request.headers, 'accept-encoding'), policy);
    if (encoding !== '' && status === 200 && shouldCompress(headers, body)) {
      const br = encoding.startsWith('br');
      body = br
        ? brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } })
        : gzipSync(body, { level: 6 });
      headers = { ...headers, 'content-encoding': [{ key: 'Content-Encoding', value: br ? 'br' : 'gzip' }] };
      delete headers['content-length'];
    }
    const ttl = ttlSeconds(status, getHeader(headers, 'cache-control'), policy);
    if (ttl > 0 && (status < 500 || status >= 600))
      cache.set(key, {
        status,
        statusDescription,
        headers,
        body,
        storedAt: now,
        expiresAt: now + ttl * 1000,
      });
    send(
      res,
      method,
      status,
      statusDescription,
      headers,
      body,
      { ...extra, 'X-Cache': 'Miss from cloudfront' },
      req,
    );
    return 'Miss';
  }

  // Node's default 16 KB header limit would answer 431 before CloudFront's 20 KB rule (494) can apply.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const started = process.hrtime.bigint();
    handle(req, res)
      .then((outcome) => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const decisions = (notes.get(req) ?? []).filter(Boolean).join(' ');
        sink?.(
          `${req.method} ${shorten(req.url ?? '')} → ${res.statusCode} ${outcome} ${ms.toFixed(1)} ms${decisions ? `  ${decisions}` : ''}`,
        );
      })
      .catch((err: unknown) => {
        sink?.(`E_EMULATOR: ${err instanceof Error ? err.stack : String(err)}`);
        if (!res.headersSent)
          res.writeHead(500, { 'Content-Type': 'text/plain', 'X-Emulator-Error': 'E_EMULATOR' });
        res.end('emulator error\n');
      });
  });
  // Unparseable requests get CloudFront's plain 400, and the server keeps running.
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    get cache() {
      return { bytes: cache.bytes, entries: cache.size };
    },
    reload(next) {
      if (next) {
        config = next.config;
        siteDir = path.resolve(next.siteDir);
        behaviors = options.behaviors ?? cacheBehaviors(config);
      }
      viewerRequest = load(options.viewerRequest, 'viewer-request');
      originResponse = load(options.originResponse, 'origin-response');
      cache.clear();
    },
    purge: () => cache.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** `POST /__cloudfront/invalidations` with `{"paths": ["/en/*"]}` (default `/*`): like `aws cloudfront create-invalidation`. */
export const INVALIDATION_PATH = '/__cloudfront/invalidations';

async function readInvalidation(req: IncomingMessage): Promise<string[]> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 64 * 1024) break;
  }
  try {
    const parsed = JSON.parse(text || '{}') as { paths?: unknown };
    if (Array.isArray(parsed.paths) && parsed.paths.every((p) => typeof p === 'string' && p.startsWith('/')))
      return parsed.paths as string[];
  } catch {
    // fall through to everything
  }
  return ['/*'];
}

function refuse(res: ServerResponse, status: number, title: string, extra: Record<string, string>): string {
  const body = `${status} ERROR: ${title}\n`;
  res.writeHead(status, title, {
    ...extra,
    'Content-Type': 'text/plain',
    'Content-Length': Buffer.byteLength(body),
    'X-Cache': 'Error from cloudfront',
  });
  res.end(body);
  return 'Error';
}

/** CloudFront compresses 1,000 B – 10 MB of a compressible type that is not already encoded. */
const COMPRESSIBLE =
  /^(text\/|application\/(javascript|json|xml|manifest\+json|xhtml\+xml)|image\/svg\+xml)/i;
function shouldCompress(headers: CloudFrontHeaders, body: Buffer): boolean {
  if (headers['content-encoding'] || body.length < 1000 || body.length > 10_000_000) return false;
  return COMPRESSIBLE.test(getHeader(headers, 'content-type') ?? '');
}

/** One function log line → a short note for the access line; anything that is not our JSON is kept as is. */
function summarise(fn: string, line: string): string {
  try {
    const d = JSON.parse(line) as Record<string, unknown>;
    if (d.level === 'error') return `${fn}:${String(d.code)}(${String(d.message)})`;
    const parts: string[] = [];
    if (d.locale !== undefined) parts.push(`locale=${String(d.locale)}(${String(d.localeSource)})`);
    if (d.experiment !== undefined)
      parts.push(`${String(d.experiment)}=${String(d.variant)}(${String(d.assignment)})`);
    return parts.join(' ');
  } catch {
    return `${fn}: ${line.slice(0, 200)}`;
  }
}

function bodyOf(result: Record<string, unknown>): Buffer {
  if (typeof result.body !== 'string') return Buffer.alloc(0);
  return result.bodyEncoding === 'base64'
    ? Buffer.from(result.body, 'base64')
    : Buffer.from(result.body, 'utf8');
}

function notModifiedSince(lastModified: string | undefined, since: string): boolean {
  const lm = Date.parse(lastModified ?? '');
  const ims = Date.parse(since);
  return Number.isFinite(lm) && Number.isFinite(ims) && lm <= ims;
}

/** Write the response, answering the viewer's conditional and range requests from the stored object. */
function send(
  res: ServerResponse,
  method: string,
  status: number,
  statusDescription: string,
  headers: CloudFrontHeaders,
  body: Buffer,
  extra: Record<string, string>,
  req?: IncomingMessage,
): void {
  const lines = toHttpHeaders(headers).filter(
    ([k]) => !/^(content-length|transfer-encoding|connection)$/i.test(k),
  );
  let outStatus = status;
  let outBody = body;
  const etag = getHeader(headers, 'etag');
  const inm = req?.headers['if-none-match'];
  if (req && status === 200 && etag && inm && inm.split(',').some((t) => t.trim() === etag)) {
    outStatus = 304;
    outBody = Buffer.alloc(0);
  } else if (
    req &&
    status === 200 &&
    inm === undefined &&
    typeof req.headers['if-modified-since'] === 'string' &&
    notModifiedSince(getHeader(headers, 'last-modified'), req.headers['if-modified-since'])
  ) {
    outStatus = 304;
    outBody = Buffer.alloc(0);
  } else if (req && status === 200 && typeof req.headers.range === 'string' && !headers['content-encoding']) {
    const m = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range.trim());
    if (m && (m[1] !== '' || m[2] !== '')) {
      const size = body.length;
      const start = m[1] === '' ? Math.max(0, size - Number(m[2])) : Number(m[1]);
      const end = m[1] === '' || m[2] === '' ? size - 1 : Math.min(size - 1, Number(m[2]));
      if (start >= size || start > end) {
        outStatus = 416;
        outBody = Buffer.alloc(0);
        lines.push(['Content-Range', `bytes */${size}`]);
      } else {
        outStatus = 206;
        outBody = body.subarray(start, end + 1);
        lines.push(['Content-Range', `bytes ${start}-${end}/${size}`]);
      }
    }
  }
  for (const [k, v] of Object.entries(extra)) lines.push([k, v]);
  if (outStatus !== 304) lines.push(['Content-Length', String(outBody.length)]);
  // Node's writeHead takes a flat [k, v, k, v] list, which keeps repeated Set-Cookie lines apart.
  res.writeHead(outStatus, outStatus === status ? statusDescription || undefined : undefined, lines.flat());
  res.end(method === 'HEAD' ? undefined : outBody);
}

const shorten = (url: string): string => (url.length > 120 ? `${url.slice(0, 117)}…` : url);
