/**
 * The deployment package of a function: `dist/<name>.zip`, holding `index.js` alone, built reproducibly
 * (fixed timestamp, fixed permissions, one compression level), so the same bundle always gives the same
 * bytes and the same `CodeSha256`. Lambda reports a package's hash as the base64 of its SHA-256
 * (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html, `CodeSha256`); the stack
 * sets it on each published version (`AWS::Lambda::Version` `CodeSha256`), and "if the code's hash doesn't
 * match, the version isn't published"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-lambda-version.html): only the
 * package the tests ran can go live.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import type { FunctionName } from '../functions';
import { bundlePath, DIST } from './options';

/** The earliest time a zip entry can hold (MS-DOS epoch, local time): the same on every machine. */
const FIXED_TIME = new Date(1980, 0, 1, 0, 0, 0);
/** `rw-r--r--`, in the high 16 bits of the external attributes (with `os: 3`, Unix). */
const FILE_ATTRS = 0o644 << 16;

export const packagePath = (name: FunctionName, outDir = DIST): string => path.join(outDir, `${name}.zip`);

/** Lambda's `CodeSha256` of a package: base64 of the SHA-256 of its bytes. */
export const codeSha256Of = (zip: Uint8Array): string => createHash('sha256').update(zip).digest('base64');

/** The package of one bundle's code, byte for byte the same for the same code. */
export function zipBundle(code: Uint8Array): Uint8Array {
  return zipSync(
    { 'index.js': [code, { level: 9, mtime: FIXED_TIME, os: 3, attrs: FILE_ATTRS }] },
    { level: 9, mtime: FIXED_TIME },
  );
}

export interface FunctionPackage {
  readonly name: FunctionName;
  readonly file: string;
  readonly bytes: number;
  readonly codeSha256: string;
}

/** Writes `<outDir>/<name>.zip` from `<outDir>/<name>/index.js` and returns its hash. */
export function packageBundle(name: FunctionName, outDir = DIST): FunctionPackage {
  const zip = zipBundle(readFileSync(bundlePath(name, outDir)));
  const file = packagePath(name, outDir);
  writeFileSync(file, zip);
  return { name, file, bytes: zip.length, codeSha256: codeSha256Of(zip) };
}

/** The hash of a package already written (what the stack sets on the version it publishes). */
export function packageSha256(name: FunctionName, outDir = DIST): string {
  const file = packagePath(name, outDir);
  if (!existsSync(file))
    throw new Error(
      `${path.relative(process.cwd(), file)} is missing: run npm run build (it packages ${name})`,
    );
  return codeSha256Of(readFileSync(file));
}
