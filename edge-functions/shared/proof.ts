/**
 * Proof of enrollment: the experiment cookie's value is `<variant>.<ref>.<sig>`, where `ref` is the kind of
 * enrollment (`e`, counted when issued; `l`, a cookie from before proofs existed, re-issued without being
 * counted) followed by a random, pseudonymous identifier, and `sig` an HMAC-SHA-256 (RFC 2104) of the
 * experiment, the variant and `ref`, truncated to 128 bits (RFC 2104 §5 allows truncation to ≥ half the
 * output). Only viewer-request's generated responses set it, never a cached one, so it is per browser; a
 * conversion counts only for a proof of kind `e` that verifies with one of the configured keys.
 *
 * The keys are baked into the viewer bundle at build time (never in the repository, a log line or an error
 * message); the first signs, every one verifies, so a key can be rotated without invalidating live
 * enrollments (docs/deploy.md#signing-keys). The HMAC itself is injected: Node's `crypto` in the bundle.
 */
import type { ExperimentConfig } from '../config/schema';

/** `e`: an enrollment the edge counted; `l`: a pre-proof cookie re-issued, never counted. */
export type ProofKind = 'e' | 'l';

export interface Proof {
  readonly variant: string;
  readonly kind: ProofKind;
  /** The enrollment identifier: 16 base64url characters (96 random bits). */
  readonly id: string;
  /**
   * The experiment's phase when the proof was issued (`shared/live.ts`), signed with the rest: a conversion
   * counts in its enrollment's phase, however the experiment was re-weighted since. 0 when absent.
   */
  readonly phase?: number;
}

/** HMAC-SHA-256 of `data` under `key`, base64url (RFC 4648 §5). */
export type Hmac = (key: string, data: string) => string;

export interface Signer {
  readonly keys: readonly string[];
  readonly hmac: Hmac;
}

export const ID_LENGTH = 16;
const SIG_LENGTH = 22;
/** Kind, identifier, then the phase in base 36 when above 0 (a proof from before phases has none). */
const REF = /^[el][A-Za-z0-9_-]{16}[0-9a-z]{0,8}$/;
const SIG = /^[A-Za-z0-9_-]{22}$/;

const payload = (e: ExperimentConfig, variant: string, ref: string): string => `${e.id}.${variant}.${ref}`;

const signWith = (signer: Signer, key: string, data: string): string =>
  signer.hmac(key, data).slice(0, SIG_LENGTH);

/** Equal strings, in time that depends on their length only. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The cookie value proving `proof` for `e`, signed with the first key. */
export function issueProof(e: ExperimentConfig, proof: Proof, signer: Signer): string {
  const ref = proof.kind + proof.id + (proof.phase ? proof.phase.toString(36) : '');
  return `${proof.variant}.${ref}.${signWith(signer, signer.keys[0]!, payload(e, proof.variant, ref))}`;
}

/** The proof a cookie value carries, when it is well formed, names a current variant and verifies. */
export function readProof(e: ExperimentConfig, value: string | undefined, signer: Signer): Proof | undefined {
  if (value === undefined || value.length > 80) return undefined;
  const parts = value.split('.');
  if (parts.length !== 3) return undefined;
  const variant = parts[0]!;
  const ref = parts[1]!;
  const sig = parts[2]!;
  if (!e.variants.some((v) => v.name === variant) || !REF.test(ref) || !SIG.test(sig)) return undefined;
  const data = payload(e, variant, ref);
  for (let i = 0; i < signer.keys.length; i++)
    if (sameText(signWith(signer, signer.keys[i]!, data), sig))
      return {
        variant,
        kind: ref[0] as ProofKind,
        id: ref.slice(1, ID_LENGTH + 1),
        phase: ref.length > ID_LENGTH + 1 ? parseInt(ref.slice(ID_LENGTH + 1), 36) : 0,
      };
  return undefined;
}
