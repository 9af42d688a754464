/**
 * The keys that sign proofs of enrollment (`shared/proof.ts`), read at build time and baked into the
 * viewer-request bundle only (Lambda@Edge has no environment variables or secrets at run time:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/edge-functions-restrictions.html).
 *
 * From `EDGE_SIGNING_KEYS` (a deploy pipeline sets it from its secret store), else from `.signing-keys`
 * next to the configuration file (git-ignored), which the first build creates with one random key. One key
 * per entry, comma- or line-separated; the first signs, all verify: rotate by putting a new key first and
 * removing the old one once every cookie it signed has expired (docs/deploy.md#signing-keys). A key is
 * never printed, logged or put in an error message: problems name the entry by its position.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export const SIGNING_KEYS_ENV = 'EDGE_SIGNING_KEYS';
export const SIGNING_KEYS_FILE = '.signing-keys';
/** 32 characters of base64 is 24 random bytes at least; a generated key has 32 bytes (RFC 2104 §3). */
export const MIN_KEY_LENGTH = 32;
/** Each key is tried on every cookie that does not verify with the first: a handful is plenty. */
export const MAX_KEYS = 4;
const KEY = /^[A-Za-z0-9+/=_-]+$/;

export interface SigningKeys {
  readonly keys: readonly string[];
  /** Where they came from, for the build's summary (never the keys). */
  readonly source: string;
  /** The file was created by this build. */
  readonly created: boolean;
}

export class SigningKeyError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid signing keys:\n  - ${problems.join('\n  - ')}`);
    this.name = 'SigningKeyError';
  }
}

/** The keys in a list, or the problems with it, each naming the entry by position only. */
export function parseSigningKeys(text: string, source: string): string[] {
  // `#` starts a comment to the end of its line.
  const keys = text
    .replace(/#.*$/gm, '')
    .split(/[\s,]+/)
    .filter((k) => k !== '');
  const problems: string[] = [];
  if (keys.length === 0) problems.push(`${source} holds no key; ${fix}`);
  if (keys.length > MAX_KEYS)
    problems.push(`${source} holds ${keys.length} keys; at most ${MAX_KEYS} (remove expired ones)`);
  keys.forEach((k, i) => {
    if (k.length < MIN_KEY_LENGTH || !KEY.test(k))
      problems.push(
        `${source} entry ${i + 1} is not a key (${k.length} characters); use ${MIN_KEY_LENGTH}+ characters of base64, ${fix}`,
      );
    if (keys.indexOf(k) !== i) problems.push(`${source} entry ${i + 1} repeats entry ${keys.indexOf(k) + 1}`);
  });
  if (problems.length > 0) throw new SigningKeyError(problems);
  return keys;
}

const fix = 'for example the output of `openssl rand -base64 32`';

/** `EDGE_SIGNING_KEYS`, else `<configDir>/.signing-keys`, created with a fresh key when missing. */
export function loadSigningKeys(configDir: string, env: NodeJS.ProcessEnv = process.env): SigningKeys {
  const fromEnv = env[SIGNING_KEYS_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '')
    return { keys: parseSigningKeys(fromEnv, SIGNING_KEYS_ENV), source: SIGNING_KEYS_ENV, created: false };
  const file = path.join(configDir, SIGNING_KEYS_FILE);
  const shown = path.relative(process.cwd(), file) || file;
  if (existsSync(file))
    return { keys: parseSigningKeys(readFileSync(file, 'utf8'), shown), source: shown, created: false };
  const key = randomBytes(32).toString('base64url');
  writeFileSync(
    file,
    `# Signs proofs of enrollment; keep it secret and keep it (docs/deploy.md#signing-keys).\n${key}\n`,
    {
      mode: 0o600,
      flag: 'wx',
    },
  );
  return { keys: [key], source: shown, created: true };
}
