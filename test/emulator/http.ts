/**
 * Small HTTP clients for the emulator suites: `fetchPath` (Node's fetch, never following redirects, asking
 * for `Accept-Encoding: identity` unless told otherwise) and
 * `rawRequest` (`node:http`, for exact control over header lines and the request target).
 */
import { request, type IncomingHttpHeaders } from 'node:http';

export interface FetchedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly setCookies: string[];
  readonly body: string;
}

export async function fetchPath(
  base: string,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<FetchedResponse> {
  // fetch would ask for gzip/br; identity keeps bodies, lengths and ranges byte-comparable with the files.
  const res = await fetch(base + path, {
    method,
    headers: { 'Accept-Encoding': 'identity', ...headers },
    redirect: 'manual',
  });
  const body = await res.text();
  return { status: res.status, headers: res.headers, setCookies: res.headers.getSetCookie(), body };
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Header lines exactly as received, `[name, value, name, value, …]`. */
  readonly rawHeaders: string[];
  readonly body: Buffer;
}

/**
 * One request over `node:http` with the header lines given, in order (repeated names stay separate lines),
 * `Host: 127.0.0.1:<port>` unless given, and an optional body. Unlike fetch, it adds no `Sec-Fetch-Mode`,
 * `Accept-Language`, `Accept-Encoding` or `Origin`: a curl-like client.
 */
export function rawRequest(
  port: number,
  path: string,
  headers: readonly (readonly [string, string])[] = [],
  method = 'GET',
  body?: string | Buffer,
): Promise<RawResponse> {
  const lines = headers.some(([k]) => k.toLowerCase() === 'host')
    ? headers
    : [['Host', `127.0.0.1:${port}`] as const, ...headers];
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: lines.flat() as string[], agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A proof of enrollment in `variant` issued by the local CloudFront: a new browser visits `path` until the
 * issuing redirect's cookie names that variant. Returns the `Cookie` header to send as that visitor.
 */
export async function enrollThrough(
  base: string,
  path: string,
  cookieName: string,
  variant: string,
  headers: Record<string, string> = {},
): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const r = await fetchPath(base, path, { 'Sec-Fetch-Mode': 'navigate', ...headers });
    const pair = r.setCookies.map((c) => c.split(';')[0]!).find((p) => p.startsWith(`${cookieName}=`));
    if (r.status !== 302 || pair === undefined) throw new Error(`no proof issued at ${path}: ${r.status}`);
    if (pair.startsWith(`${cookieName}=${variant}.`)) return pair;
  }
  throw new Error(`no ${variant} drawn at ${path}`);
}
