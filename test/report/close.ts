/** Relative closeness for reference values: |a − e| ≤ rel·|e|, and an exact match where e is 0. */
export function expectRelClose(actual: number | null | undefined, expected: number, rel = 1e-9): void {
  expect(typeof actual).toBe('number');
  const a = actual as number;
  if (expected === 0) {
    expect(a).toBe(0);
    return;
  }
  const err = Math.abs(a - expected) / Math.abs(expected);
  if (!(err <= rel))
    throw new Error(`expected ${a} to be within ${rel} (relative) of ${expected}; off by ${err}`);
}
