import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page as PwPage } from 'playwright-core';
import type { Issue, MinerProjection, MinerStanding, Page } from '../src/web/api/types.ts';
import { scoreAllRepositories } from '../src/sync/scoring.job.ts';
import { unnamedControls } from './support/a11y.ts';
import { launchBrowser, type Browser } from './support/browser.ts';
import { startHub, type Hub } from './support/hub.ts';
import { api, here, screenshot } from './support/page.ts';

let hub: Hub;
let browser: Browser;
let dark: Browser;
/**
 * An eligible miner with open pull requests, and the repository they are eligible in: the demo's
 * regulars (src/sim/regulars.ts) are registered miners active in the lookback window, so after the
 * scoring job some miner passes both gates somewhere and has a projected pay above zero.
 */
let miner: string;
let repo: string;

beforeAll(async () => {
  hub = await startHub();
  // What the worker's scoring job does after each sync: the miner view reads its stored evaluations.
  await scoreAllRepositories({ db: hub.harness.database.db, logger: hub.harness.logs.logger });
  const page = await api<{ items: Array<{ login: string }> }>(hub.baseUrl, '/api/miners?limit=100');
  let best = -1;
  for (const m of page.items) {
    const s = await api<MinerStanding>(hub.baseUrl, `/api/miners/${m.login}/standing`);
    for (const r of s.repos) {
      const rank = r.eligible ? r.merged * 10 + Math.min(r.open, 9) : -1;
      if (rank > best) [best, miner, repo] = [rank, s.login, r.repo];
    }
  }
  expect(best, 'the demo has a miner eligible in some repository').toBeGreaterThan(0);
  const projection = await api<MinerProjection>(hub.baseUrl, `/api/miners/${miner}/projection`);
  expect(projection.prices.known, 'the simulated subnet supplies prices').toBe(true);
  expect(projection.points[0]!.usd, 'today\'s projected pay').toBeGreaterThan(0);
  browser = await launchBrowser();
  dark = await launchBrowser({ colorScheme: 'dark' });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await dark?.close();
  await hub?.close();
});

describe('the miner view', () => {
  it('shows the gates, the cliff meter, each pull request’s breakdown and a projection chart', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${hub.baseUrl}/miners/${miner}?repo=${repo}`);
    await page.getByRole('heading', { level: 1, name: miner }).waitFor();
    const card = page.locator('.repo-standing').first();
    await card.waitFor();
    // Gates as progress: "N of M merged", "credibility x of y"; the cliff: "N of M open, K slots left".
    // Both gates met: at least the threshold merged, credibility at least the minimum.
    const merged = (await card.getByRole('meter', { name: 'Merged' }).getAttribute('aria-valuetext'))!.match(/^(\d+) of (\d+) merged$/);
    expect(merged).not.toBeNull();
    expect(Number(merged![1])).toBeGreaterThanOrEqual(Number(merged![2]));
    const cred = (await card.getByRole('meter', { name: 'Credibility' }).getAttribute('aria-valuetext'))!.match(/^credibility (\d\.\d\d) of (\d\.\d\d)$/);
    expect(cred).not.toBeNull();
    expect(Number(cred![1])).toBeGreaterThanOrEqual(Number(cred![2]));
    expect(await card.getByRole('meter', { name: 'Open pull requests' }).getAttribute('aria-valuetext')).toMatch(/\d+ (of \d+ open, \d+ slots? left|open, over the cliff)/);
    await card.getByText('Collateral held').waitFor();
    // The breakdown: a row per pull request with its factors.
    const table = card.getByRole('table', { name: `Pull requests in ${repo} and how each scores` });
    expect(await table.getByRole('row').count()).toBeGreaterThan(1);
    expect(await table.getByRole('columnheader', { name: '× decay' }).count()).toBe(1);
    // The projection: a chart and its table alternative.
    // Prices are known in the demo: a chart whose caption gives a dollar figure above zero for today.
    const caption = page.locator('.projection-caption').first();
    await caption.waitFor();
    const today = (await caption.innerText()).match(/: \$([\d,.]+)\S* today/);
    expect(today, await caption.innerText()).not.toBeNull();
    expect(Number(today![1]!.replace(/,/g, ''))).toBeGreaterThan(0);
    await page.getByTestId('projection-chart').waitFor();
    await page.getByRole('button', { name: 'share of emission' }).click();
    await page.getByTestId('projection-chart').locator('.recharts-line-curve').waitFor({ state: 'attached' });
    expect(page.url()).toContain('unit=share');
    await page.getByText('Show the figures as a table').click();
    expect(await page.locator('.projection-table tbody tr').count()).toBe(10);
    expect(await unnamedControls(page)).toEqual([]);
    await page.getByText('Show the figures as a table').click();
    await page.getByRole('button', { name: 'dollars' }).click();
    await screenshot(page, 'miner-view');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('stars a miner and shows their standing in the header, linking to the view', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${hub.baseUrl}/miners/${miner}`);
    await page.getByRole('button', { name: `Star ${miner}` }).click();
    await page.getByRole('button', { name: `Unstar ${miner}` }).waitFor();
    const glance = page.locator('.starred-glance');
    await glance.getByText(/\d+ eligible/).waitFor();
    // Elsewhere in the hub the header still shows it, after a reload (kept in the browser).
    await page.goto(`${hub.baseUrl}/`);
    await page.locator('.starred-glance').getByText(miner).waitFor();
    await page.locator('.starred-glance').click();
    await page.getByRole('heading', { level: 1, name: miner }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/miners/${miner}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reaches a miner from the login box, and says so when a login was never seen', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${hub.baseUrl}/`);
    const box = page.getByRole('textbox', { name: "Miner's GitHub login" });
    await box.fill(miner);
    await box.press('Enter');
    await page.getByRole('heading', { level: 1, name: miner }).waitFor();
    await page.goto(`${hub.baseUrl}/miners/nobody-ever-seen-here`);
    await page.getByText('The hub has never seen nobody-ever-seen-here').waitFor();
    for (const e of errors) expect(e).toMatch(/status of 404/);
    await page.close();
  });

  it('reads in the dark theme and at phone width', async () => {
    const d = await dark.newPage();
    await d.page.goto(`${hub.baseUrl}/miners/${miner}?repo=${repo}&unit=share`);
    await d.page.getByTestId('projection-chart').locator('.recharts-line-curve').waitFor({ state: 'attached' });
    await screenshot(d.page, 'miner-view-dark');
    expect(d.errors).toEqual([]);
    await d.page.close();
    const { page, errors } = await browser.newPage({ width: 375, height: 800 });
    await page.goto(`${hub.baseUrl}/miners/${miner}?repo=${repo}&unit=share`);
    await page.locator('.repo-standing').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await screenshot(page, 'miner-view-phone');
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** A mark on the window: still there after a click means the page moved without a reload. */
const markWindow = (page: PwPage) => page.evaluate(() => ((window as unknown as { hubMark: number }).hubMark = 1));
const stillMarked = (page: PwPage) => page.evaluate(() => (window as unknown as { hubMark?: number }).hubMark === 1);

describe('author links', () => {
  it('opens the miner view from an author in the issue list and in the item panel, without a reload', async () => {
    const { page, errors } = await browser.newPage();
    // The first issue of the list whose author is a GitHub user (not an app, not ghost).
    const issues = (await api<Page<Issue>>(hub.baseUrl, `/api/repos/${repo}/issues`)).items;
    const issue = issues.find((i) => i.author && !i.author.endsWith('[bot]') && i.author !== 'ghost')!;
    expect(issue, 'an open issue by a user').toBeTruthy();
    const author = issue.author!;
    await page.goto(`${hub.baseUrl}/repos/${repo}/issues`);
    const row = page.locator('.item-row', { has: page.locator('.item-meta > span:first-child', { hasText: new RegExp(`^#${issue.number}$`) }) });
    const link = row.getByRole('link', { name: author, exact: true });
    expect(await link.getAttribute('href')).toBe(`/miners/${author}`);
    // The list filter the login used to open is still one click away, beside it.
    expect(await row.getByRole('link', { name: `Issues by ${author}` }).getAttribute('href')).toBe(`/repos/${repo}/issues?state=all&author=${author}`);
    await markWindow(page);
    // By keyboard: focus the link and press Enter.
    await link.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: author }).waitFor();
    expect(here(page)).toBe(`/miners/${author}`);
    expect(await stillMarked(page)).toBe(true);

    // The item panel: the author of the miner's own pull request.
    const pull = (await api<MinerStanding>(hub.baseUrl, `/api/miners/${miner}/standing`)).repos.find((r) => r.repo === repo)!.pulls[0]!;
    await page.goto(`${hub.baseUrl}/repos/${repo}/pulls?item=${repo}/pull/${pull.number}`);
    const dialog = page.getByRole('dialog');
    await dialog.locator('.panel-meta').waitFor();
    // No star for a pull request: stars are for issues.
    expect(await dialog.getByRole('button', { name: /^Star issue/ }).count()).toBe(0);
    await markWindow(page);
    await dialog.locator('.panel-meta').getByRole('link', { name: miner, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: miner }).waitFor();
    expect(here(page)).toBe(`/miners/${miner}`);
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await stillMarked(page)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('starred issues', () => {
  it('stars an issue in its panel, lists it under Starred across a reload, opens it from there, and unstars it', async () => {
    const { page, errors } = await browser.newPage();
    const issue = (await api<Page<Issue>>(hub.baseUrl, `/api/repos/${repo}/issues`)).items[0]!;
    const ref = `${repo}#${issue.number}`;
    await page.goto(`${hub.baseUrl}/starred`);
    await page.getByText('No starred issue yet').waitFor();
    await page.goto(`${hub.baseUrl}/repos/${repo}/issues?item=${repo}/issues/${issue.number}`);
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: `Star issue ${ref}` }).click();
    await dialog.getByRole('button', { name: `Unstar issue ${ref}` }).waitFor();
    expect(await dialog.getByRole('button', { name: `Unstar issue ${ref}` }).getAttribute('aria-pressed')).toBe('true');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Starred' }).click();
    await page.getByRole('heading', { level: 1, name: 'Starred' }).waitFor();
    const list = page.getByRole('list', { name: 'Starred issues' });
    // The ref at once, the title once the mirror answers.
    await list.getByRole('link', { name: `${ref} ${issue.title}` }).waitFor();
    await page.reload();
    const entry = list.getByRole('link', { name: `${ref} ${issue.title}` });
    await entry.waitFor();
    expect(await unnamedControls(page)).toEqual([]);
    await screenshot(page, 'starred');

    // The entry opens the issue's panel on its repository.
    await entry.click();
    await page.waitForURL((u) => u.pathname === `/repos/${repo}/issues`);
    expect(here(page)).toBe(`/repos/${repo}/issues?item=${repo}/issues/${issue.number}`);
    await page.getByRole('dialog').getByRole('button', { name: `Unstar issue ${ref}` }).waitFor();

    await page.goto(`${hub.baseUrl}/starred`);
    await page.getByRole('list', { name: 'Starred issues' }).getByRole('button', { name: `Unstar issue ${ref}` }).click();
    await page.getByText('No starred issue yet').waitFor();
    await page.reload();
    await page.getByText('No starred issue yet').waitFor();
    expect(await page.getByRole('list', { name: 'Starred issues' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
