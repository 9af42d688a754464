/**
 * The origin: a private S3 bucket behind Origin Access Control, served from a folder. A missing key — or a
 * missing folder — is `403 AccessDenied` (no ListBucket:
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html), objects carry `ETag`,
 * `Last-Modified`, the uploaded `Content-Type` and S3's own `x-amz-*` / `Server` headers. Any other failure
 * to read a file is CloudFront's uncached 502/503 (`bucket/files.ts`). Only GET and HEAD read an object;
 * CloudFront's origin request is never conditional here (the edge answers 304/206 itself).
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { CloudFrontHeaders } from '../../edge-functions/cloudfront/types';
import { md5ETag, multipartETag } from '../bucket/etag';
import { identityOf, MISSING, openObject, readFailure, type OpenObject } from '../bucket/files';
import { COMPRESSIBLE_MAX_BYTES } from '../response/compression';
import { bodySize, type Body, type EdgeResponse, type ErrorOutcome } from '../types';

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

/** The file of an object key under the bucket folder, or undefined for a key that names no file. */
function objectFile(root: string, uri: string): string | undefined {
  const key = objectKey(uri);
  // Keys are literal strings in S3: `a//b`, `a/./b` and `a/../b` name objects that were never uploaded
  // (BucketDeployment writes normalised keys), a folder has no object, nothing leaves the bucket, and no file
  // name holds a NUL.
  if (key === undefined || key === '' || key.includes('\0')) return undefined;
  if (key.split('/').some((s) => s === '' || s === '.' || s === '..')) return undefined;
  const file = path.join(root, key);
  return file.startsWith(root + path.sep) ? file : undefined;
}

/**
 * The object's bytes and ETag: read whole up to the size CloudFront may compress (compression and the cache
 * need every byte), else left in the file to stream (`FileBody`) with a multipart ETag (`bucket/etag.ts`).
 * The file is closed either way.
 */
async function contentOf(object: OpenObject): Promise<Content | typeof MISSING | ErrorOutcome> {
  const { handle, file, stats } = object;
  try {
    if (stats.size <= COMPRESSIBLE_MAX_BYTES) {
      const body = await handle.readFile();
      return { body, etag: md5ETag(body) };
    }
    const identity = identityOf(stats);
    return { body: { file, size: stats.size, identity }, etag: multipartETag(identity, stats.size) };
  } catch (err) {
    return readFailure(err, file);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

interface Content {
  readonly body: Body;
  readonly etag: string;
}

function objectHeaders(
  key: string,
  mtimeMs: number,
  content: Content,
  contentTypes: Readonly<Record<string, string>>,
): CloudFrontHeaders {
  const ext = path.extname(key).slice(1).toLowerCase();
  return {
    ...s3Headers(),
    'last-modified': h('Last-Modified', new Date(Math.floor(mtimeMs / 1000) * 1000).toUTCString()),
    etag: h('ETag', content.etag),
    'x-amz-server-side-encryption': h('x-amz-server-side-encryption', 'AES256'),
    'accept-ranges': h('Accept-Ranges', 'bytes'),
    'content-type': h('Content-Type', contentTypes[ext] ?? 'binary/octet-stream'),
    'content-length': h('Content-Length', String(bodySize(content.body))),
  };
}

export async function getObject(
  siteDir: string,
  uri: string,
  contentTypes: Readonly<Record<string, string>>,
  method = 'GET',
): Promise<OriginResponse | ErrorOutcome> {
  if (method !== 'GET' && method !== 'HEAD') return accessDenied();
  const root = path.resolve(siteDir);
  const file = objectFile(root, uri);
  if (file === undefined) return accessDenied();
  const object = await openObject(root, file);
  if (object === MISSING) return accessDenied();
  if ('kind' in object) return object;
  const content = await contentOf(object);
  if (content === MISSING) return accessDenied();
  if ('kind' in content) return content;
  const headers = objectHeaders(file, object.stats.mtimeMs, content, contentTypes);
  return { status: 200, statusDescription: 'OK', headers, body: content.body };
}
