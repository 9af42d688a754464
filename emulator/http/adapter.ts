/**
 * The `node:http` adapter: reads a request off the wire, answers the local CloudFront's own routes, runs
 * everything else through the distribution and writes the reply; one access line per request. Node's parser
 * limits sit above CloudFront's (no header line is dropped: `maxHeadersCount` 0), and what the parser still
 * refuses gets CloudFront's answer, never Node's plain 400/431.
 */
import { randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import type { CloudFrontHeaders } from '../../edge-functions/cloudfront/types';
import { accessLine } from '../logs';
import { distribute, type PipelineContext } from '../pipeline';
import { errorReply, toViewer } from '../phases/to-viewer';
import { failure, type HttpReply, type Outcome, type Trace, type ViewerRequest } from '../types';
import { clientErrorCode, NODE_MAX_HEADER_SIZE } from './limits';
import { findRoute, type RouteContext } from './routes';

const newRequestId = () => randomBytes(30).toString('base64url');

function readViewer(req: IncomingMessage): ViewerRequest {
  return {
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    rawHeaders: req.rawHeaders,
    clientIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
  };
}

/** The viewer headers conditional and range handling reads (Node joins repeated lines with `, `). */
const CONDITIONAL = ['if-none-match', 'if-modified-since', 'range', 'if-range'] as const;
function conditionalHeaders(headers: IncomingHttpHeaders): CloudFrontHeaders {
  const out: CloudFrontHeaders = {};
  for (const name of CONDITIONAL) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = [{ key: name, value }];
  }
  return out;
}

const labelOf = (outcome: Outcome): string =>
  outcome.kind === 'error'
    ? outcome.code
    : { generated: 'Generated', hit: 'Hit', miss: 'Miss' }[outcome.kind];

/** The reply and its access-log label for one request. */
async function answer(
  ctx: PipelineContext,
  routes: RouteContext,
  req: IncomingMessage,
  trace: Trace,
): Promise<[HttpReply, string]> {
  const viewer = readViewer(req);
  const route = findRoute(viewer.method, viewer.target);
  if (route) return [await route.handle(req, routes), 'Route'];
  const outcome = await distribute(ctx, viewer, trace);
  const headers = conditionalHeaders(req.headers);
  return [
    toViewer(outcome, { method: viewer.method, headers, requestId: trace.requestId }),
    labelOf(outcome),
  ];
}

function write(res: ServerResponse, reply: HttpReply): void {
  // A flat [k, v, k, v] list keeps repeated lines (several Set-Cookie) apart.
  res.writeHead(reply.status, reply.statusDescription, reply.lines.flat());
  res.end(reply.body);
}

async function serve(ctx: PipelineContext, routes: RouteContext, req: IncomingMessage, res: ServerResponse) {
  const started = process.hrtime.bigint();
  const trace: Trace = { requestId: newRequestId(), notes: [] };
  let status = 500;
  let label = 'E_EMULATOR';
  try {
    const [reply, l] = await answer(ctx, routes, req, trace);
    write(res, reply);
    [status, label] = [reply.status, l];
  } catch (err) {
    ctx.logger.failed(failure('E_EMULATOR', err instanceof Error ? (err.stack ?? err.message) : String(err)));
    if (!res.headersSent) write(res, errorReply('E_EMULATOR', trace.requestId));
    else res.destroy();
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  ctx.logger.access(accessLine(req.method ?? 'GET', req.url ?? '', status, label, ms, trace.notes));
}

/** A reply as raw HTTP/1.1, for a socket Node's parser gave up on. */
function serialize(reply: HttpReply): Buffer {
  const head = [`HTTP/1.1 ${reply.status} ${reply.statusDescription ?? ''}`];
  for (const [k, v] of reply.lines) head.push(`${k}: ${v}`);
  head.push('Connection: close', '', '');
  return Buffer.concat([Buffer.from(head.join('\r\n'), 'latin1'), reply.body]);
}

function onClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
  socket.end(serialize(errorReply(clientErrorCode(err), newRequestId())));
}

export function createHttpServer(ctx: PipelineContext, routes: RouteContext): Server {
  const server = createServer({ maxHeaderSize: NODE_MAX_HEADER_SIZE }, (req, res) => {
    void serve(ctx, routes, req, res);
  });
  server.maxHeadersCount = 0; // Node's default of 2,000 would drop the lines after it silently
  server.on('clientError', onClientError);
  return server;
}
