/**
 * The order jest hands files to its 2 workers: the slowest first, so that the last files to start are short
 * and both workers finish together. Jest's own order uses the durations it cached from earlier runs, and on a
 * fresh clone (CI, a new checkout) it has none and goes by file size, which put the CLI synth and a browser
 * suite last, leaving one worker alone for their last 10–15 s. The files below are the slowest measured on
 * the 2-core machine (roughly most to least); a renamed or deleted file is simply not found here. The rest keep
 * jest's order, which is by cached duration once there is one.
 */
import Sequencer from '@jest/test-sequencer';

// Browser suites alternate with suites that only compute: one waiting on Chromium leaves a core to the other.
const SLOWEST = [
  'e2e/site.e2e.test.ts',
  'infra/synth.test.ts',
  'e2e/conversions.e2e.test.ts',
  'emulator/experiments-simulation.test.ts',
  'e2e/locales.e2e.test.ts',
  'cloudfront-functions/parity.test.ts',
  'bench/fuzz.test.ts',
  'infra/nag.test.ts',
  'bench/events.test.ts',
  'bench/proof.test.ts',
  'infra/function-monitoring.test.ts',
  'infra/behaviors.test.ts',
  'emulator/forgery.test.ts',
  'infra/edge-region-stack.test.ts',
  'viewer-request/locale-differential.test.ts',
  'e2e/cross-site.e2e.test.ts',
];

/** The rank of a test file in SLOWEST (by its path under test/), or -1. */
const rank = (test) =>
  SLOWEST.findIndex((tail) => test.path.split(/[\\/]/).join('/').endsWith(`/test/${tail}`));

class SlowestFirst extends Sequencer {
  sort(tests) {
    const rest = super.sort(tests.filter((t) => rank(t) < 0));
    const slow = tests.filter((t) => rank(t) >= 0).sort((a, b) => rank(a) - rank(b));
    return [...slow, ...rest];
  }
}

export default SlowestFirst;
