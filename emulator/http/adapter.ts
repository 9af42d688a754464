/**
 * The `node:http` adapter: reads a request off the wire, answers the local CloudFront's own routes, runs
 * everything else through the distribution and writes the reply; one access line per request. Node's parser
 * limits sit above CloudFront's (no header line is dropped: `maxHeadersCount` 0), and what the parser still
 * refuses gets CloudFront's answer, never Node's plain 400/431. A file body streams from disk to the socket
 * (`bucket/stream.ts`); at most `MAX_CONNECTIONS` connections are open at once.
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
import { openSlice, pipeSlice } from '../bucket/stream';
import { ERRORS } from '../errors';
import { accessLine, type Logger } from '../logs';
import { distribute, type PipelineContext } from '../pipeline';
import { errorReply, toViewer } from '../phases/to-viewer';
import { failure, type HttpReply, type Outcome, type Trace, type ViewerRequest } from '../types';
import { clientErrorCode, MAX_CONNECTIONS, NODE_MAX_HEADER_SIZE } from './limits';
import { ownPageRefusal } from './guard';
import { findRoute, isOwnPath, type RouteContext } from './routes';

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
  if (isOwnPath(viewer.target)) {
    const refused = ownPageRefusal(viewer.method, viewer.rawHeaders, req.socket.localPort ?? 0);
    if (refused) return [errorReply(refused, trace.requestId), refused];
  }
  const route = findRoute(viewer.method, viewer.target);
  if (route) return [await route.handle(req, routes, trace.requestId), 'Route'];
  const outcome = await distribute(ctx, viewer, trace);
  const headers = conditionalHeaders(req.headers);
  return [
    toViewer(outcome, { method: viewer.method, headers, requestId: trace.requestId }),
    labelOf(outcome),
  ];
}

function write(res: ServerResponse, reply: HttpReply<Buffer>): void {
  // A flat [k, v, k, v] list keeps repeated lines (several Set-Cookie) apart.
  res.writeHead(reply.status, reply.statusDescription, reply.lines.flat());
  res.end(reply.body);
}

/**
 * Write the reply and give back what the access line shows (status, label). A file slice is opened before
 * the status line is written, so a file that can no longer be read still gets CloudFront's 502/503.
 */
async function send(
  ctx: PipelineContext,
  res: ServerResponse,
  [reply, label]: [HttpReply, string],
  requestId: string,
): Promise<[number, string]> {
  const { body } = reply;
  if (Buffer.isBuffer(body)) return (write(res, { ...reply, body }), [reply.status, label]);
  const source = await openSlice(body);
  if ('kind' in source) {
    write(res, errorReply(ctx.logger.failed(source).code, requestId));
    return [ERRORS[source.code].status, source.code];
  }
  res.writeHead(reply.status, reply.statusDescription, reply.lines.flat());
  const failed = await pipeSlice(source, body, res);
  return failed ? [reply.status, ctx.logger.failed(failed).code] : [reply.status, label];
}

async function serve(ctx: PipelineContext, routes: RouteContext, req: IncomingMessage, res: ServerResponse) {
  const started = process.hrtime.bigint();
  const trace: Trace = { requestId: newRequestId(), notes: [] };
  let status = 500;
  let label = 'E_EMULATOR';
  try {
    [status, label] = await send(ctx, res, await answer(ctx, routes, req, trace), trace.requestId);
  } catch (err) {
    ctx.logger.failed(failure('E_EMULATOR', err instanceof Error ? (err.stack ?? err.message) : String(err)));
    if (!res.headersSent) write(res, errorReply('E_EMULATOR', trace.requestId));
    else res.destroy();
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  ctx.logger.access(accessLine(req.method ?? 'GET', req.url ?? '', status, label, ms, trace.notes));
}

/** A reply as raw HTTP/1.1, for a socket Node's parser gave up on. */
function serialize(reply: HttpReply<Buffer>): Buffer {
  const head = [`HTTP/1.1 ${reply.status} ${reply.statusDescription ?? ''}`];
  for (const [k, v] of reply.lines) head.push(`${k}: ${v}`);
  head.push('Connection: close', '', '');
  return Buffer.concat([Buffer.from(head.join('\r\n'), 'latin1'), reply.body]);
}

function onClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
  socket.end(serialize(errorReply(clientErrorCode(err), newRequestId())));
}

/** At most one line a second about connections refused over the cap, counting them all. */
function dropWarning(logger: Logger): () => void {
  let refused = 0;
  let last = -Infinity;
  return () => {
    refused++;
    if (Date.now() - last < 1000) return;
    logger.warn('E_CONNECTION_CAP', `${refused} refused with ${MAX_CONNECTIONS} open`);
    [refused, last] = [0, Date.now()];
  };
}

export function createHttpServer(ctx: PipelineContext, routes: RouteContext): Server {
  const server = createServer({ maxHeaderSize: NODE_MAX_HEADER_SIZE }, (req, res) => {
    void serve(ctx, routes, req, res);
  });
  server.maxHeadersCount = 0; // Node's default of 2,000 would drop the lines after it silently
  // Past the cap a new connection is closed as it arrives (refused, not queued): Node's `drop` event.
  server.maxConnections = MAX_CONNECTIONS;
  server.on('drop', dropWarning(ctx.logger));
  server.on('clientError', onClientError);
  return server;
}
