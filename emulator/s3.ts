/**
 * Phase 4 — origin: a private S3 bucket behind Origin Access Control, served from a folder. A missing key
 * is `403 AccessDenied` (no ListBucket), objects carry `ETag`, `Last-Modified`, the uploaded `Content-Type`
 * and S3's own `x-amz-*` / `Server` headers, and conditional requests get `304`
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { CloudFrontHeaders } from '../edge-functions/cloudfront/types';

export interface OriginResponse {
  readonly status: number;
  readonly statusDescription: string;
  readonly headers: CloudFrontHeaders;
  readonly body: Buffer;
}

const h = (key: string, value: string) => [{ key, value }];

function s3Headers(): CloudFrontHeaders {
  return {
    'x-amz-id-2': h('x-amz-id-2', randomBytes(24).toString('base64')),
    'x-amz-request-id': h('x-amz-request-id', randomBytes(8).toString('hex').toUpperCase()),
    server: h('Server', 'AmazonS3'),
  };
}

function accessDenied(): OriginResponse {
  const id = randomBytes(8).toString('hex').toUpperCase();
  const body = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>${id}</RequestId></Error>`,
  );
  return {
    status: 403,
    statusDescription: 'Forbidden',
    headers: { ...s3Headers(), 'content-type': h('Content-Type', 'application/xml') },
    body,
  };
}

/** The object key S3 would read for a URI: percent-decoded, without the leading `/`. */
export function objectKey(uri: string): string | undefined {
  try {
    return decodeURIComponent(uri).replace(/^\//, '');
  } catch {
    return undefined;
  }
}

export async function getObject(
  siteDir: string,
  uri: string,
  requestHeaders: CloudFrontHeaders,
  contentTypes: Readonly<Record<string, string>>,
): Promise<OriginResponse> {
  const key = objectKey(uri);
  // Keys are literal strings in S3: `a//b`, `a/./b` and `a/../b` name objects that were never uploaded
  // (BucketDeployment writes normalised keys), a folder has no object, and nothing leaves the bucket.
  if (key === undefined || key === '' || key.split('/').some((s) => s === '' || s === '.' || s === '..'))
    return accessDenied();
  const root = path.resolve(siteDir);
  const file = path.join(root, key);
  if (!file.startsWith(root + path.sep)) return accessDenied();
  let body: Buffer;
  let mtime: Date;
  try {
    const info = await stat(file);
    if (!info.isFile()) return accessDenied();
    // A symlink inside the folder must not serve a file from outside it.
    if (!(await realpath(file)).startsWith((await realpath(root)) + path.sep)) return accessDenied();
    mtime = info.mtime;
    body = await readFile(file);
  } catch {
    return accessDenied();
  }
  const etag = `"${createHash('md5').update(body).digest('hex')}"`;
  const ext = path.extname(key).slice(1).toLowerCase();
  const headers: CloudFrontHeaders = {
    ...s3Headers(),
    'last-modified': h('Last-Modified', new Date(Math.floor(mtime.getTime() / 1000) * 1000).toUTCString()),
    etag: h('ETag', etag),
    'x-amz-server-side-encryption': h('x-amz-server-side-encryption', 'AES256'),
    'accept-ranges': h('Accept-Ranges', 'bytes'),
    'content-type': h('Content-Type', contentTypes[ext] ?? 'binary/octet-stream'),
  };
  const ifNoneMatch = requestHeaders['if-none-match']?.[0]?.value;
  if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*'))
    return { status: 304, statusDescription: 'Not Modified', headers, body: Buffer.alloc(0) };
  headers['content-length'] = h('Content-Length', String(body.length));
  return { status: 200, statusDescription: 'OK', headers, body };
}
