import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MinerPage, MinerSummary, ReposPage } from '../src/web/api/types.ts';
import { refreshDashboard } from '../src/sync/dashboard.job.ts';
import { scoreAllRepositories } from '../src/sync/scoring.job.ts';
import { launchBrowser, type Browser, type TrackedPage } from './support/browser.ts';
import { startHub, type Hub } from './support/hub.ts';
import { api, here, screenshot } from './support/page.ts';

let hub: Hub;
let browser: Browser;
let tab: TrackedPage | null = null;

beforeAll(async () => {
  hub = await startHub();
  // What the worker does after syncing: evaluate every repository, then the dashboard's snapshot.
  const deps = { db: hub.harness.database.db, logger: hub.harness.logs.logger };
  await scoreAllRepositories(deps);
  await refreshDashboard({ ...deps, force: true });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});
afterEach(async () => {
  // Every page of this file must run without a console error, a page error or a failed request.
  if (tab) {
    expect(tab.errors).toEqual([]);
    await tab.page.close();
    tab = null;
  }
});

const open = async (path: string, b: Browser = browser) => {
  tab = await b.newPage();
  await tab.page.goto(`${hub.baseUrl}${path}`);
  return tab.page;
};

describe('dashboard', () => {
  it('renders its activity and pipeline charts, with their tables, and no console error', async () => {
    const page = await open('/dashboard');
    await page.getByRole('heading', { name: 'Activity' }).waitFor();
    // One activity chart and two pipelines, each an SVG with bars.
    await page.locator('.recharts-surface').nth(2).waitFor();
    expect(await page.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await page.getByRole('img', { name: /Last 7 days, per day:/ }).count()).toBe(1);
    // Some merged pull requests earn (the demo's regulars, src/sim/regulars.ts): the scored stage is not empty.
    expect(await page.getByRole('img', { name: /^Pull requests: \d+ drafting → \d+ open → \d+ merged → [1-9]\d* scored$/ }).count()).toBe(1);
    // The numbers are in a table too.
    expect(await page.locator('.chart-table tbody tr').count()).toBe(7);
    await page.getByRole('link', { name: 'Last 24 hours' }).click();
    expect(here(page)).toBe('/dashboard?window=24h');
    expect(await page.locator('.chart-table tbody tr').count()).toBe(24);
    await page.getByRole('link', { name: 'Last 30 days' }).click();
    await page.getByRole('heading', { name: 'Sources' }).waitFor();
    expect(await page.getByRole('row', { name: /Miners/ }).count()).toBeGreaterThan(0);
    await screenshot(page, 'dashboard', { fullPage: true });
  });

  it('is themed dark with the system setting', async () => {
    const dark = await launchBrowser({ colorScheme: 'dark' });
    try {
      const page = await open('/dashboard', dark);
      await page.locator('.recharts-surface').nth(2).waitFor();
      await screenshot(page, 'dashboard-dark', { fullPage: true });
      expect(tab!.errors).toEqual([]);
      await tab!.page.close();
      tab = null;
    } finally {
      await dark.close();
    }
  });
});

describe('item panel', () => {
  it('opens a pull request and says why its score is what it is', async () => {
    // An evaluated pull request: the first of the leaderboard's first author with one.
    const miners = await api<{ items: { login: string }[] }>(hub.baseUrl, '/api/miners?limit=20');
    let pull: { repo: string; number: number } | null = null;
    for (const m of miners.items) {
      const s = await api<{ repos: { repo: string; pulls: { number: number }[] }[] }>(hub.baseUrl, `/api/miners/${m.login}/standing`);
      const r = s.repos.find((x) => x.pulls.length > 0);
      if (r) {
        pull = { repo: r.repo, number: r.pulls[0]!.number };
        break;
      }
    }
    expect(pull).not.toBeNull();
    const score = await api<{ earned: number }>(hub.baseUrl, `/api/repos/${pull!.repo}/pulls/${pull!.number}/score`);
    const page = await open(`/repos/${pull!.repo}/pulls?item=${pull!.repo}/pull/${pull!.number}`);
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Score' }).waitFor();
    await dialog.locator('.score-earned', { hasText: score.earned.toFixed(2) }).waitFor();
    const table = dialog.getByRole('table', { name: 'Score multipliers' });
    for (const name of ['Issue', 'Label', 'Decay', 'Review', 'Open-PR spam']) expect(await table.getByRole('rowheader', { name, exact: true }).count()).toBe(1);
    // Either reasons in words or the statement that nothing lowers it.
    const reasons = await dialog.getByRole('list', { name: 'Why the score is what it is' }).count();
    if (reasons === 0) await dialog.getByText('Nothing lowers it').waitFor();
    else expect((await dialog.getByRole('list', { name: 'Why the score is what it is' }).textContent())!.length).toBeGreaterThan(10);
  });

  it('warns of a collision on an issue several miners claim, and says what solving it pays', async () => {
    const repos = (await api<ReposPage>(hub.baseUrl, '/api/repos')).items;
    let found: { repo: string; number: number; authors: string[] } | null = null;
    for (const r of repos) {
      const c = await api<{ items: { number: number; collision: { authors: string[] } }[] }>(hub.baseUrl, `/api/repos/${r.full_name}/collisions`);
      if (c.items[0]) found = { repo: r.full_name, number: c.items[0].number, authors: c.items[0].collision.authors };
    }
    // The simulator's seeded world holds at least one issue claimed by two miners' open pull requests.
    expect(found).not.toBeNull();
    const page = await open(`/repos/${found!.repo}/issues?item=${found!.repo}/issues/${found!.number}`);
    const alert = page.getByRole('dialog').locator('.collision');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(found!.authors.join(', '));
    await page.getByRole('heading', { name: 'What solving it pays' }).waitFor();
    await page.getByText(/multiplied by × \d+\.\d\d/).waitFor();
    await screenshot(page, 'collision-panel');
  });
});

describe('leaderboard', () => {
  it('filters by repository in the URL and links the CSV of the same filter', async () => {
    const page = await open('/leaderboard');
    await page.getByRole('table').waitFor();
    // A repository whose leader is an eligible miner with a total above zero (the demo's regulars, src/sim/regulars.ts).
    let repo = '';
    let leader: MinerSummary | undefined;
    for (const r of (await api<ReposPage>(hub.baseUrl, '/api/repos')).items) {
      const top = (await api<MinerPage>(hub.baseUrl, `/api/miners?repo=${r.full_name}&limit=1`)).items[0];
      if (top?.eligible && top.total > 0) [repo, leader] = [r.full_name, top];
      if (leader) break;
    }
    expect(leader, 'some repository has an eligible miner with a total above zero').toBeDefined();
    await page.getByLabel('Repository').selectOption(repo);
    await page.waitForURL((u) => u.search.includes('repo='));
    expect(here(page)).toBe(`/leaderboard?repo=${repo}`);
    // Highest total first: the leader heads the table.
    await expect.poll(() => page.locator('.board-table tbody tr').first().innerText()).toContain(leader!.login);
    await screenshot(page, 'leaderboard');
    const csv = page.getByRole('link', { name: 'Download CSV' });
    const href = await csv.getAttribute('href');
    expect(decodeURIComponent(href!)).toBe(`/api/miners.csv?repo=${repo}`);
    const res = await fetch(`${hub.baseUrl}${href}`);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect((await res.text()).split('\r\n')[0]).toMatch(/^rank,login,/);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL((u) => u.search.includes('sort=login'));
    await page.getByRole('table').waitFor();
  });
});
