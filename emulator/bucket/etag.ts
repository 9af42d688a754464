/**
 * S3's `ETag`. An object uploaded in one request has the quoted hex MD5 of its bytes
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Object.html). One uploaded in parts has an opaque tag,
 * `"<32 hex>-<parts>"`, not the MD5 of its bytes
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html) — and `aws s3 sync`, which
 * BucketDeployment runs, uploads every file over 8 MiB in 8 MiB parts
 * (https://docs.aws.amazon.com/cli/latest/topic/s3-config.html). A streamed object (over 10 MB) gets that shape
 * from its file's identity instead of its bytes: it changes with the file, and its first byte is sent without
 * reading the whole file first (hashing 2.5 GB took a minute on a busy machine).
 */
import { createHash } from 'node:crypto';

const PART_BYTES = 8 * 1024 * 1024;

const md5Hex = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');

export const md5ETag = (bytes: Buffer): string => `"${md5Hex(bytes)}"`;

/** A multipart-upload ETag for the file version `identity` (`bucket/files.ts`) of `size` bytes. */
export const multipartETag = (identity: string, size: number): string =>
  `"${md5Hex(identity)}-${Math.max(1, Math.ceil(size / PART_BYTES))}"`;
