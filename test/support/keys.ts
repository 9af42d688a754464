/**
 * The fixed signing keys every fixture bundle is built with (global setup), so tests can tell a proof the
 * edge issued from a forged one. Test-only: real keys come from `EDGE_SIGNING_KEYS` or `.signing-keys`.
 */
export const TEST_SIGNING_KEYS = ['test-only-signing-key-0000000000000000000000'] as const;
/** A key the bundles do not hold: what an attacker who guessed the format would sign with. */
export const FOREIGN_KEY = 'not-the-edge-signing-key-111111111111111111111';
