import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's Chromium; the tests never download a browser. */
export const CHROMIUM = process.env.HUB_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Browser {
  context: BrowserContext;
  /** A new tab that records console errors and page errors, and refuses any request off loopback. */
  newPage(options?: { width?: number; height?: number }): Promise<TrackedPage>;
  close(): Promise<void>;
}

export interface TrackedPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

/** Chromium with a fresh profile of its own, deleted afterwards. */
export async function launchBrowser(options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'hub-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 860 },
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
    timeout: 30_000,
  });
  context.setDefaultTimeout(10_000);
  // Loopback only: anything else (a font, an avatar, a tracker) fails the request and shows up as an error.
  await context.route(/^(?!https?:\/\/(127\.0\.0\.1|localhost)[:/])/, (route) => route.abort('blockedbyclient'));
  return {
    context,
    async newPage(size = {}) {
      const page = await context.newPage();
      if (size.width) await page.setViewportSize({ width: size.width, height: size.height ?? 800 });
      const errors: string[] = [];
      page.on('console', (m: ConsoleMessage) => {
        // A pull request the scoring job has not evaluated yet answers 404 score_not_computed,
        // which the panel shows as "not evaluated yet"; Chromium still logs the 404. Only that
        // answer is let through: every other failed load stays an error.
        const expected = /status of 404/.test(m.text()) && /\/api\/repos\/[^/]+\/[^/]+\/pulls\/\d+\/score$/.test(m.location().url);
        if (m.type() === 'error' && !expected) errors.push(`console: ${m.text()} @ ${m.location().url}`);
      });
      page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
      page.on('requestfailed', (r) => {
        // A page navigating away cancels its event stream: that is not a failure.
        if (r.failure()?.errorText !== 'net::ERR_ABORTED') errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText}`);
      });
      return { page, errors };
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
