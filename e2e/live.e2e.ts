import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReposPage } from '../src/web/api/types.ts';
import { launchBrowser, type Browser } from './support/browser.ts';
import { catchUpClock, startHub, type Hub } from './support/hub.ts';
import { api, here, screenshot } from './support/page.ts';

let hub: Hub;
let browser: Browser;
let R: string;
/** The lightest repository, whose sync is made to fail. */
let L: string;

beforeAll(async () => {
  hub = await startHub();
  browser = await launchBrowser();
  const repos = [...(await api<ReposPage>(hub.baseUrl, '/api/repos')).items].sort((a, b) => b.weight - a.weight);
  R = repos[0]!.full_name;
  L = repos[repos.length - 1]!.full_name;
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});

describe('live updates', () => {
  it('shows a new issue as it arrives: a toast, the list updated without a reload, and counted as new', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${hub.baseUrl}/repos/${R}/issues?sort=created`);
    const titles = page.locator('main .item-row .item-meta > span:first-child');
    await titles.first().waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    // Survives only if the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));

    catchUpClock(hub);
    const event = hub.harness.sim.mutate.createIssue(R);
    await hub.harness.syncAll();

    const toasts = page.getByRole('status', { name: 'Notifications' });
    await toasts.getByText(`New issue ${R}#${event.number}`).waitFor({ timeout: 15_000 });
    await expect.poll(() => titles.first().textContent(), { timeout: 10_000 }).toBe(`#${event.number}`);
    const row = page.locator('main .item-row').first();
    expect(await row.getByText('New', { exact: true }).count()).toBe(1);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    await screenshot(page, 'live-new-issue');

    // The toast opens the issue; the repository list counts it as new since the last visit.
    await toasts.getByRole('link', { name: 'Open' }).click();
    await expect.poll(() => here(page)).toBe(`/repos/${R}/issues?item=${R}/issues/${event.number}`);
    await page.getByRole('dialog').getByRole('heading').first().waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Repositories' }).first().click();
    const newCell = page.getByRole('row', { name: new RegExp(`^${R.replace('/', '\\/')}`) }).locator('td[data-label="New"]');
    await expect.poll(() => newCell.innerText()).toMatch(/^1\b/);
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a repository whose sync fails, with the error, in the list and the freshness bar', async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${hub.baseUrl}/`);
    const row = page.getByRole('row', { name: new RegExp(`^${L.replace('/', '\\/')}`) });
    await row.waitFor();
    expect(await row.locator('td[data-label="Freshness"]').innerText()).not.toContain('Failing');

    // Something changed in the repository (so its list is not a 304), and GitHub answers the list with something that is not JSON.
    hub.harness.sim.mutate.createIssue(L);
    const remove = hub.harness.sim.faults.add({ match: { path: `/repos/${L}/issues` }, action: { kind: 'malformed' } });
    const outcomes = await hub.harness.syncAll();
    remove();
    expect(outcomes.find((o) => o.repo === L)?.ok).toBe(false);

    // The sync commits no item, so no change event: the lists refresh on their own schedule or on focus; ask now.
    await page.reload();
    const fresh = row.locator('td[data-label="Freshness"]');
    await expect.poll(() => fresh.innerText(), { timeout: 5_000 }).toMatch(/^Failing \(1×\): GitHub answered .* not valid JSON/);
    await page.getByRole('region', { name: 'Data freshness' }).getByText('1 failing').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows the subnet's data with its age in the freshness bar, and a failing service with its error, not an error page", async () => {
    const { page, errors } = await browser.newPage();
    await page.goto(`${hub.baseUrl}/`);
    const bar = page.getByRole('region', { name: 'Data freshness' });
    await bar.getByText(/^Subnet data as of/).waitFor();
    await bar.locator('summary').click();
    const table = bar.getByRole('table', { name: 'Subnet data' });
    const miners = table.getByRole('row', { name: /^Miners 127/ });
    await miners.waitFor();
    expect(await miners.innerText()).toMatch(/127\.0\.0\.1:\d+/);
    expect(await table.getByRole('row', { name: /^TAO price\b/ }).innerText()).not.toMatch(/not configured/i);

    // The subnet API goes down; its next run (made due now) fails and keeps the last good data.
    const remove = hub.harness.sim.faults.add({ match: { path: '/subnet/api/' }, action: { kind: 'status', status: 503 } });
    await hub.harness.database.db.updateTable('subnet_fetch_state').set({ last_attempt_at: null }).where('source', '=', 'job:subnet-miners').execute();
    await hub.mirrorSubnet();
    remove();
    await page.reload();
    await bar.getByText(/miners, official scores, repository standings, miners per repository failing/).waitFor();
    await bar.locator('summary').click();
    await expect.poll(() => bar.getByRole('table', { name: 'Subnet data' }).getByRole('row', { name: /^Miners 127/ }).innerText()).toMatch(/subnet API GET \/miners: HTTP 503/);
    await screenshot(page, 'freshness-subnet-failing');
    expect(errors).toEqual([]);
    await page.close();
  });
});
