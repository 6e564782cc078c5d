import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unnamedControls } from './support/a11y.ts';
import { launchBrowser, type Browser } from './support/browser.ts';
import { heaviestRepo, startHub, type Hub } from './support/hub.ts';
import { here, screenshot } from './support/page.ts';

let hub: Hub;
let browser: Browser;
let R: string;

beforeAll(async () => {
  hub = await startHub();
  browser = await launchBrowser();
  R = await heaviestRepo(hub);
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

const LIST = '**/api/repos/*/*/issues?*';
const failedLoad = /Failed to load resource: the server responded with a status of (500|404)/;

describe('failures, slowness and emptiness', () => {
  it('says what failed when the API fails, and Retry recovers', async () => {
    const { page, errors } = await browser.newPage();
    await page.route(LIST, (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'internal', message: 'Internal error; the server log has the details' } }) }),
    );
    await page.goto(`${hub.baseUrl}/repos/${R}/issues`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain(`Could not load issues of ${R}`);
    expect(await alert.innerText()).toContain('500 (internal)');
    expect(await page.locator('.skeleton').count()).toBe(0);
    await screenshot(page, 'error-state');

    await page.unroute(LIST);
    await page.getByRole('button', { name: `Retry loading issues of ${R}` }).click();
    await page.getByRole('list', { name: `Issues of ${R}` }).waitFor();
    expect(await page.getByRole('alert').count()).toBe(0);
    // The only errors are the browser's own reports of the refused requests.
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatch(failedLoad);
    await page.close();
  });

  it('shows progress while a request is slow, then the data', async () => {
    const { page, errors } = await browser.newPage();
    await page.route(LIST, async (route) => {
      await new Promise((r) => setTimeout(r, 3500));
      await route.continue();
    });
    await page.goto(`${hub.baseUrl}/repos/${R}/issues`);
    await page.getByText(/still waiting for the hub \(\d+ s\)/).waitFor();
    expect(await page.locator('[aria-busy="true"] .skeleton').count()).toBe(1);
    await page.getByRole('list', { name: `Issues of ${R}` }).waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says what to do when nothing matches, and when a repository is not tracked', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${hub.baseUrl}/repos/${R}/issues?author=nobody-writes-here`);
    await page.getByRole('heading', { name: 'No issues match these filters' }).waitFor();
    await page.locator('main').getByRole('button', { name: 'Clear filters' }).first().click();
    await expect.poll(() => here(page)).toBe(`/repos/${R}/issues`);
    await page.getByRole('list', { name: `Issues of ${R}` }).waitFor();
    expect(errors).toEqual([]);

    await page.goto(`${hub.baseUrl}/repos/nobody/nothing-here/issues`);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('404 (repo_not_tracked)');
    await page.getByText('The hub does not track nobody/nothing-here').waitFor();
    for (const e of errors) expect(e).toMatch(failedLoad);

    await page.goto(`${hub.baseUrl}/no/such/page`);
    await page.getByRole('heading', { name: 'No such page' }).waitFor();
    await page.close();
  });
});

describe('phone width and dark theme', () => {
  it('fits a 375 px screen without sideways scrolling, with the item panel full screen', async () => {
    const { page, errors } = await browser.newPage({ width: 375, height: 760 });
    await page.goto(`${hub.baseUrl}/repos/${R}/issues`);
    await page.getByRole('list', { name: `Issues of ${R}` }).waitFor();
    await page.locator('main a.chip').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'repository-issues-phone');
    expect(await unnamedControls(page)).toEqual([]);

    await page.getByRole('link', { name: 'Repositories' }).first().click();
    await page.locator('.repo-table tbody tr').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'repositories-phone');

    await page.getByRole('link', { name: R, exact: true }).click();
    await page.locator('main .item-title').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(370);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('follows the system dark theme and switches with the theme button', async () => {
    const dark = await launchBrowser({ colorScheme: 'dark' });
    try {
      const { page, errors } = await dark.newPage();
      await page.goto(`${hub.baseUrl}/repos/${R}/issues`);
      await page.getByRole('list', { name: `Issues of ${R}` }).waitFor();
      await page.locator('main a.chip').first().waitFor();
      const luminance = () =>
        page.evaluate(() => {
          const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g)!.map(Number) as [number, number, number];
          return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
        });
      expect(await luminance()).toBeLessThan(0.2);
      await screenshot(page, 'repository-issues-dark');

      // system -> light -> dark -> system
      await page.getByRole('button', { name: /^Theme: system/ }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.colorMode)).toBe('light');
      expect(await luminance()).toBeGreaterThan(0.8);
      await page.reload();
      await page.getByRole('list', { name: `Issues of ${R}` }).waitFor();
      expect(await luminance()).toBeGreaterThan(0.8);
      await page.getByRole('button', { name: /^Theme: light/ }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.colorMode)).toBe('dark');
      await page.getByRole('button', { name: /^Theme: dark/ }).click();
      expect(await page.evaluate(() => document.documentElement.dataset.colorMode)).toBe('auto');
      expect(errors).toEqual([]);
    } finally {
      await dark.close();
    }
  });
});
