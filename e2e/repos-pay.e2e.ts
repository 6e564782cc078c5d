import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Repo, ReposPage } from '../src/web/api/types.ts';
import { scoreAllRepositories } from '../src/sync/scoring.job.ts';
import { unnamedControls } from './support/a11y.ts';
import { launchBrowser, type Browser, type TrackedPage } from './support/browser.ts';
import { startHub, type Hub } from './support/hub.ts';
import { api, here, screenshot } from './support/page.ts';

let hub: Hub;
let browser: Browser;
let repos: Repo[];
let tab: TrackedPage | undefined;

beforeAll(async () => {
  hub = await startHub();
  // The subnet's miners arrived after the first scoring: the hourly run splits among registered miners.
  await scoreAllRepositories({ db: hub.harness.database.db, logger: hub.harness.logs.logger });
  browser = await launchBrowser();
  repos = (await api<ReposPage>(hub.baseUrl, '/api/repos')).items;
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});
afterEach(async () => {
  // No console error, page error or failed request on any page of this file.
  if (tab) {
    expect(tab.errors).toEqual([]);
    await tab.page.close();
    tab = undefined;
  }
});

const open = async (path: string, colorScheme?: 'dark') => {
  tab = await browser.newPage();
  if (colorScheme) await tab.page.emulateMedia({ colorScheme });
  await tab.page.goto(`${hub.baseUrl}${path}`);
  return tab.page;
};

describe('the repositories view around pay', () => {
  it('sorts repositories by pay and by opportunity, and shows the formula', async () => {
    expect(repos.every((r) => r.reward.pay !== null && r.reward.stats !== null)).toBe(true);
    // The demo's regulars (src/sim/regulars.ts) score somewhere, and the simulated prices put dollars on it.
    expect(repos.some((r) => r.reward.pay!.pr_scorers > 0 && r.reward.pay!.pr_pool.usd_per_day! > 0)).toBe(true);
    const page = await open('/');
    const rows = page.locator('.repo-table tbody tr');
    await expect.poll(() => rows.count()).toBe(repos.length);

    await page.getByRole('button', { name: /^PR pool/ }).click();
    expect(here(page)).toBe('/?sort=pr_pool');
    const richest = [...repos].sort((a, b) => b.reward.pay!.pr_pool.share - a.reward.pay!.pr_pool.share)[0]!;
    await expect.poll(() => rows.first().locator('th a').first().innerText()).toBe(richest.full_name);
    expect(await page.locator('th[aria-sort="descending"]').innerText()).toContain('PR pool');

    await page.getByRole('button', { name: /^Opportunity/ }).click();
    expect(here(page)).toBe('/?sort=opportunity');
    const best = [...repos].sort((a, b) => b.reward.pay!.opportunity - a.reward.pay!.opportunity)[0]!;
    await expect.poll(() => rows.first().locator('th a').first().innerText()).toBe(best.full_name);

    await page.getByText('How pay and opportunity are worked out').click();
    expect(await page.locator('.opportunity-formula').innerText()).toBe('Opportunity = pools × merge rate ÷ (1 + miners active in the window)');
    await page.getByText('How pay and opportunity are worked out').click();

    // The rules of the best one, with its decay curve (an accessible figure).
    await page.getByRole('link', { name: `Rules of ${best.full_name}` }).click();
    expect(here(page)).toBe(`/?sort=opportunity&rules=${best.full_name}`);
    await page.getByRole('heading', { name: `Rules of ${best.full_name}` }).waitFor();
    await page.locator('.decay-chart svg').first().waitFor();
    expect(await page.getByRole('img', { name: new RegExp(`^Decay in ${best.full_name}: 1.00 at merge`) }).count()).toBe(1);
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, 'repositories-pay', { fullPage: true });
  });

  it('reads well in the dark theme', async () => {
    const page = await open('/?sort=pool', 'dark');
    await page.locator('.repo-table tbody tr').first().waitFor();
    await screenshot(page, 'repositories-pay-dark');
  });
});

describe('the maintainers view', () => {
  it('opens from the repository list and explains each figure', async () => {
    const busiest = [...repos].sort((a, b) => b.reward.stats!.active_authors - a.reward.stats!.active_authors)[0]!;
    const page = await open('/');
    await page.getByRole('link', { name: `Maintainers of ${busiest.full_name}` }).click();
    await page.waitForURL(`**/repos/${busiest.full_name}/maintainers`);
    await page.getByRole('heading', { name: `How the maintainers of ${busiest.full_name} respond` }).waitFor();
    const figures = await page.locator('dl.figures').innerText();
    for (const term of ['Time to first review', 'Time to merge', 'Merge rate', 'Queue', 'Competition', 'Left out']) expect(figures).toContain(term);
    const body = await api<{ stats: { merged: number }; authors: { login: string; pulls: number }[] }>(hub.baseUrl, `/api/repos/${busiest.full_name}/responsiveness`);
    expect(figures).toContain(`of the ${body.stats.merged} pull requests merged in the window`);
    const authorRows = page.locator('table.repo-table tbody tr');
    await expect.poll(() => authorRows.count()).toBe(body.authors.length);
    await page.getByRole('button', { name: /^Author/ }).click();
    expect(here(page)).toBe(`/repos/${busiest.full_name}/maintainers?sort=login&dir=asc`);
    const first = [...body.authors].sort((a, b) => a.login.toLowerCase().localeCompare(b.login.toLowerCase()))[0]!;
    // The login opens the miner view on this repository; the icon beside it, their pull requests here.
    const login = authorRows.first().locator('th a.miner-link');
    await expect.poll(() => login.innerText()).toBe(first.login);
    expect(await login.getAttribute('href')).toBe(`/miners/${first.login}?repo=${busiest.full_name}`);
    expect(await authorRows.first().getByRole('link', { name: `Pull requests by ${first.login}` }).getAttribute('href')).toBe(`/repos/${busiest.full_name}/pulls?state=all&author=${first.login}`);
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, 'maintainers', { fullPage: true });
  });
});
