import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** Saves a screenshot for the README (docs/screenshots/<name>.png), with moving parts stilled. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: options.fullPage ?? false, animations: 'disabled', caret: 'hide' });
}

/** A JSON answer of the hub's API, read from the test (Node) side. */
export async function api<T>(baseUrl: string, path: string): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** The path and query of the page's current URL, decoded for readable assertions. */
export function here(page: Page): string {
  const url = new URL(page.url());
  return decodeURIComponent(url.pathname + url.search);
}
