import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Issue, Page } from '../src/web/api/types.ts';
import { launchBrowser, type Browser, type TrackedPage } from './support/browser.ts';
import { heaviestRepo, startHub, type Hub } from './support/hub.ts';
import { api } from './support/page.ts';

let hub: Hub;
let browser: Browser;
let R: string;
let tab: TrackedPage | undefined;

beforeAll(async () => {
  // Enough open issues in the heaviest repository to fill more than a screen.
  hub = await startHub({ sim: { itemsPerRepo: 150 } });
  browser = await launchBrowser();
  R = await heaviestRepo(hub);
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});
afterEach(async () => {
  if (tab) {
    expect(tab.errors).toEqual([]);
    await tab.page.close();
    tab = undefined;
  }
});

describe('layout on a laptop screen (1440 × 900)', () => {
  it('shows at least 12 issues above the fold', async () => {
    const open = (await api<Page<Issue>>(hub.baseUrl, `/api/repos/${R}/issues?limit=30`)).items;
    expect(open.length).toBeGreaterThan(12);
    tab = await browser.newPage({ width: 1440, height: 900 });
    const { page } = tab;
    await page.goto(`${hub.baseUrl}/repos/${R}/issues`);
    const rows = page.getByRole('list', { name: `Issues of ${R}` }).locator('.item-row');
    await expect.poll(() => rows.count()).toBe(open.length);
    // Rows whose bottom edge is inside the first screen, without scrolling.
    const whole = await rows.evaluateAll((els) => els.filter((el) => el.getBoundingClientRect().bottom <= window.innerHeight).length);
    expect(whole).toBeGreaterThanOrEqual(12);
  });

  it('opens the item panel without a tooltip showing by itself, by click and by keyboard', async () => {
    tab = await browser.newPage({ width: 1440, height: 900 });
    const { page } = tab;
    await page.goto(`${hub.baseUrl}/repos/${R}/issues`);
    const titles = page.locator('main .item-title');
    await titles.first().waitFor();
    const openTooltips = () =>
      page.evaluate(() => [...document.querySelectorAll('[role="tooltip"], [popover]')].filter((el) => el.matches(':popover-open') || (el as HTMLElement).offsetParent !== null).map((el) => el.textContent));

    await titles.first().click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('.panel').waitFor();
    // A tooltip opens on hover or focus after a short delay: give it the time it would take.
    await page.waitForTimeout(700);
    expect(await openTooltips()).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await dialog.locator('.panel').waitFor();
    await page.waitForTimeout(700);
    expect(await openTooltips()).toEqual([]);
    // Esc still closes it, and the close button is there for pointer users.
    expect(await dialog.getByRole('button', { name: 'Close' }).count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);
  });

  it('outlines white labels (GitHub\'s "wontfix") so they do not vanish into the page', async () => {
    tab = await browser.newPage({ width: 1440, height: 900 });
    const { page } = tab;
    await page.goto(`${hub.baseUrl}/issues?state=all&label=wontfix`);
    const label = page.locator('main .label', { hasText: /^wontfix$/ }).first();
    await label.waitFor();
    const style = await label.evaluate((el) => {
      const cs = getComputedStyle(el);
      return { background: cs.backgroundColor, border: cs.borderTopColor, width: cs.borderTopWidth };
    });
    expect(style.background).toBe('rgb(255, 255, 255)');
    expect(style.width).toBe('1px');
    expect(style.border).not.toBe('rgba(0, 0, 0, 0)');
    expect(style.border).not.toBe(style.background);
  });
});
