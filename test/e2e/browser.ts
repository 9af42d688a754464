/// <reference lib="dom" />
/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Outside CI a missing browser
 * skips the suite with a loud reason; with CI=true it is a failure, because .ci/run installs it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

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

export interface Visitor {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors and warnings, uncaught exceptions and CSP violations, in the order they happened. */
  readonly problems: string[];
}

/**
 * A new visitor: a fresh context with a browser language (and the consent cookie for `url`, when the site
 * asks for one), whose page collects every problem across its navigations.
 */
export async function openVisitor(
  browser: Browser,
  options: { readonly locale: string; readonly url: string; readonly consentCookie?: string },
): Promise<Visitor> {
  const context = await browser.newContext({
    locale: options.locale,
    viewport: { width: 1280, height: 900 },
  });
  if (options.consentCookie)
    await context.addCookies([{ name: options.consentCookie, value: '1', url: options.url }]);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // The location names the failing resource, which a `Failed to load resource` message leaves out.
    const at = m.location().url ? ` (${m.location().url})` : '';
    if (m.type() === 'error' || m.type() === 'warning')
      problems.push(`console ${m.type()}: ${m.text()}${at}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // A violation is an event in the page, not a console message Playwright sees: the page reports it.
  await page.exposeFunction('__reportViolation', (v: string) => problems.push(`CSP violation: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __reportViolation(v: string): void }).__reportViolation(
        `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}`,
      ),
    );
  });
  return { context, page, problems };
}
