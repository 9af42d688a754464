/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Outside CI a missing browser
 * skips the suite with a loud reason; with CI=true it is a failure, because .ci/run installs it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags from DEVELOPERS.md: headless, no sandbox (CI runs as root), and nothing that phones home, since this
// machine's network is closed.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `Chromium not found at ${CHROMIUM}: install it with 'apt-get install -y chromium' (or set CHROMIUM_PATH).`;
  if (process.env.CI === 'true')
    throw new Error(`${reason} CI=true, so the browser suite cannot be skipped.`);
  console.warn(`\n*** SKIPPING the browser end-to-end suite. ${reason} ***\n`);
  return false;
}

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}
