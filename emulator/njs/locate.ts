/**
 * Where njs is: Debian's `njs` package (the engine CloudFront Functions' runtime appears to derive from), or
 * `NJS_PATH`. Without it the harness fails loudly with how to install it; it never runs Node instead, which
 * accepts what the real runtime refuses.
 */
import { spawnSync } from 'node:child_process';

export const NJS_INSTALL =
  "njs is not installed: CloudFront Functions run locally under Debian's njs, never Node. Install it with 'apt-get install -y njs' (Debian package; or set NJS_PATH to the binary).";

export class NjsMissingError extends Error {
  readonly code = 'E_NJS_MISSING';
  constructor(detail: string) {
    super(`${NJS_INSTALL} (${detail})`);
    this.name = 'NjsMissingError';
  }
}

let found: { readonly path: string; readonly version: string } | undefined;

/** The njs binary and its version, checked once per process; throws `NjsMissingError` without it. */
export function locateNjs(): { readonly path: string; readonly version: string } {
  if (found) return found;
  const path = process.env.NJS_PATH ?? 'njs';
  const run = spawnSync(path, ['-v'], { encoding: 'utf8', timeout: 10_000 });
  if (run.error || run.status !== 0)
    throw new NjsMissingError(`'${path} -v' failed: ${run.error?.message ?? run.stderr.trim()}`);
  found = { path, version: run.stdout.trim() };
  return found;
}

/** Whether njs can run here (no throw). */
export function njsAvailable(): boolean {
  try {
    locateNjs();
    return true;
  } catch {
    return false;
  }
}
