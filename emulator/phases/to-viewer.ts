/**
 * Phase: to viewer. The outcome becomes what the viewer receives: conditional and range requests answered
 * from the response, CloudFront's own headers added (`Via`, `X-Amz-Cf-Id`, `X-Amz-Cf-Pop`, `Age` on hits,
 * `X-Cache`, `Server: CloudFront` when the response has no `Server`), `Content-Length`, no body for HEAD;
 * and CloudFront's error page for the errors it answers itself. A file body becomes the slice of the file the
 * adapter streams (the whole object, or a range's bytes only).
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/RequestAndResponseBehaviorS3Origin.html#ResponseBehaviorS3Origin
 */
import type { CloudFrontHeaders } from '../../edge-functions/cloudfront/types';
import { errorPage, ERRORS, type ErrorCode } from '../errors';
import { toHttpHeaders } from '../events';
import { selectRepresentation, type Selection } from '../response/conditional';
import { bodySize, type Body, type HttpReply, type Outcome } from '../types';
import { VIA } from './origin';

export interface ViewerInfo {
  readonly method: string;
  /** The viewer's request headers (conditional and range requests). */
  readonly headers: CloudFrontHeaders;
  readonly requestId: string;
}

/** Headers CloudFront writes itself; a response's own copies are replaced. */
const FRAMING = /^(content-length|transfer-encoding|connection)$/i;

const edgeLines = (requestId: string): [string, string][] => [
  ['Via', VIA],
  ['X-Amz-Cf-Pop', 'LOCAL-E1'],
  ['X-Amz-Cf-Id', requestId],
];

function xCache(outcome: Exclude<Outcome, { kind: 'error' }>, status: number): string {
  if (outcome.kind === 'generated') return 'LambdaGeneratedResponse from cloudfront';
  if (status >= 400) return 'Error from cloudfront';
  return outcome.kind === 'hit' ? 'Hit from cloudfront' : 'Miss from cloudfront';
}

/** CloudFront's answer for an error it gives itself (refusals, limits, function failures). */
export function errorReply(code: ErrorCode, requestId: string): HttpReply<Buffer> {
  const spec = ERRORS[code];
  const body = Buffer.from(errorPage(code));
  return {
    status: spec.status,
    statusDescription: spec.title,
    lines: [
      ['Server', 'CloudFront'],
      ['Content-Type', 'text/html'],
      ['Content-Length', String(body.length)],
      ['X-Cache', spec.xCache],
      ['X-Emulator-Error', code],
      ...edgeLines(requestId),
    ],
    body,
  };
}

type Part = { status?: number; body: HttpReply['body']; length: number; range?: string };

/** Bytes `start`..`end` of a body: a view on bytes in memory, or the slice of a file to stream. */
function slice(body: Body, start: number, end: number): Pick<Part, 'body' | 'length'> {
  const length = end - start + 1;
  if (Buffer.isBuffer(body)) return { body: body.subarray(start, end + 1), length };
  return { body: length > 0 ? { body, start, end } : Buffer.alloc(0), length };
}

function selected(selection: Selection, body: Body): Part {
  switch (selection.status) {
    case 'full':
      return slice(body, 0, bodySize(body) - 1);
    case 304:
      return { status: 304, body: Buffer.alloc(0), length: 0 };
    case 206:
      return {
        status: 206,
        ...slice(body, selection.start, selection.end),
        range: `bytes ${selection.start}-${selection.end}/${selection.size}`,
      };
    case 416:
      return { status: 416, body: Buffer.alloc(0), length: 0, range: `bytes */${selection.size}` };
  }
}

export function toViewer(outcome: Outcome, viewer: ViewerInfo): HttpReply {
  if (outcome.kind === 'error') return errorReply(outcome.code, viewer.requestId);
  const { response } = outcome;
  const selection =
    outcome.kind === 'generated' ? ({ status: 'full' } as const) : selectRepresentation(viewer, response);
  const part = selected(selection, response.body);
  const status = part.status ?? response.status;
  const lines: [string, string][] = toHttpHeaders(response.headers).filter(([k]) => !FRAMING.test(k));
  if (part.range) lines.push(['Content-Range', part.range]);
  if (!response.headers.server) lines.push(['Server', 'CloudFront']);
  lines.push(...edgeLines(viewer.requestId), ['X-Cache', xCache(outcome, status)]);
  if (outcome.kind === 'hit') lines.push(['Age', String(outcome.ageSeconds)]);
  if (status !== 304) lines.push(['Content-Length', String(part.length)]);
  return {
    status,
    statusDescription: part.status === undefined ? response.statusDescription || undefined : undefined,
    lines,
    body: viewer.method === 'HEAD' ? Buffer.alloc(0) : part.body,
  };
}
