/**
 * The origin: a private S3 bucket behind Origin Access Control, served from a folder. A missing key — or a
 * missing folder — is `403 AccessDenied` (no ListBucket:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html), objects carry `ETag`,
 * `Last-Modified`, the uploaded `Content-Type` and S3's own `x-amz-*` / `Server` headers. Only GET and HEAD
 * read an object; CloudFront's origin request is never conditional here (the edge answers 304/206 itself).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { CloudFrontHeaders } from '../../edge-functions/cloudfront/types';
import type { EdgeResponse } from '../types';

export type OriginResponse = EdgeResponse;

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

/**
 * The object key S3 reads for a URI: a literal `+` is a space (`%2B` is a plus), then percent-decoded,
 * without the leading `/`.
 */
export function objectKey(uri: string): string | undefined {
  try {
    return decodeURIComponent(uri.replace(/\+/g, ' ')).replace(/^\//, '');
  } catch {
    return undefined;
  }
}

export async function getObject(
  siteDir: string,
  uri: string,
  contentTypes: Readonly<Record<string, string>>,
  method = 'GET',
): Promise<OriginResponse> {
  if (method !== 'GET' && method !== 'HEAD') return accessDenied();
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
  headers['content-length'] = h('Content-Length', String(body.length));
  return { status: 200, statusDescription: 'OK', headers, body };
}
