import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page as PwPage } from 'playwright-core';
import type { Page, Issue, IssueDetail, Pull, PullDetail, Repo, ReposPage } from '../src/web/api/types.ts';
import { unnamedControls } from './support/a11y.ts';
import { launchBrowser, type Browser, type TrackedPage } from './support/browser.ts';
import { startHub, type Hub } from './support/hub.ts';
import { api, here, screenshot } from './support/page.ts';

let hub: Hub;
let browser: Browser;
let repos: Repo[];
/** The heaviest repository: the first row of the repository list. */
let R: string;
let tab: TrackedPage;

beforeAll(async () => {
  hub = await startHub();
  browser = await launchBrowser();
  repos = (await api<ReposPage>(hub.baseUrl, '/api/repos')).items;
  R = [...repos].sort((a, b) => b.weight - a.weight)[0]!.full_name;
});
afterAll(async () => {
  await browser?.close();
  await hub?.close();
});
afterEach(async () => {
  // Every page of this file must run without a console error, a page error or a failed request.
  if (tab) {
    expect(tab.errors).toEqual([]);
    await tab.page.close();
  }
});

const open = async (path: string) => {
  tab = await browser.newPage();
  await tab.page.goto(`${hub.baseUrl}${path}`);
  return tab.page;
};
const rowNumbers = (page: PwPage) => page.locator('.item-row .item-meta > span:first-child').allTextContents();

describe('the repositories view', () => {
  it('lists every tracked repository with its counts and freshness, sortable and searchable', async () => {
    const page = await open('/');
    const rows = page.locator('.repo-table tbody tr');
    await expect.poll(() => rows.count()).toBe(repos.length);
    // Heaviest first by default, with the counts the API reports.
    await expect.poll(() => rows.first().locator('th a').first().innerText()).toBe(R);
    const top = repos.find((r) => r.full_name === R)!;
    expect(await page.getByRole('link', { name: `${top.issues_open_unlinked} unclaimed open issues in ${R}` }).count()).toBe(1);
    expect(await page.getByRole('link', { name: `${top.pulls_open} open pull requests in ${R}` }).count()).toBe(1);
    expect(await rows.first().locator('td[data-label="Freshness"]').innerText()).toMatch(/^(Synced (just now|\d+ s ago|\d+ min\.? ago)|Stale: \d+ s ago)$/);

    await page.getByRole('button', { name: /^Open issues/ }).click();
    expect(here(page)).toBe('/?sort=issues_open');
    const most = [...repos].sort((a, b) => b.issues_open - a.issues_open)[0]!;
    await expect.poll(() => rows.first().locator('th a').first().innerText()).toBe(most.full_name);
    expect(await page.locator('th[aria-sort="descending"]').innerText()).toContain('Open issues');

    const name = repos[repos.length - 1]!.full_name;
    await page.getByRole('textbox', { name: 'Filter repositories by name' }).fill(name.slice(0, 6));
    await expect.poll(() => rows.allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining(name)]));
    expect(here(page)).toContain(`q=${name.slice(0, 6)}`);
    expect(await unnamedControls(page)).toEqual([]);
  });
});

describe('the repository explorer', () => {
  it('browses a repository, filters it, opens an issue and follows its linked pull request both ways', async () => {
    const page = await open('/');
    await page.getByRole('link', { name: R, exact: true }).click();
    await page.waitForURL(`**/repos/${R}/issues`);
    const list = page.getByRole('list', { name: `Issues of ${R}` });
    await list.waitFor();

    await page.getByRole('combobox', { name: 'Pull request' }).selectOption('true');
    await expect.poll(() => here(page)).toBe(`/repos/${R}/issues?linked=true`);
    const claimed = (await api<Page<Issue>>(hub.baseUrl, `/api/repos/${R}/issues?linked=true`)).items;
    expect(claimed.length).toBeGreaterThan(0);
    await expect.poll(() => rowNumbers(page)).toEqual(claimed.map((i) => `#${i.number}`));
    // Each claimed issue shows its pull request chips once the details arrive.
    await expect.poll(() => list.locator('a.chip').count()).toBeGreaterThanOrEqual(claimed.length);
    expect(await list.getByText('Unclaimed').count()).toBe(0);
    await screenshot(page, 'repository-issues');

    const first = claimed[0]!;
    const detail = await api<IssueDetail>(hub.baseUrl, `/api/repos/${R}/issues/${first.number}`);
    await list.getByRole('link', { name: first.title, exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: first.title }).waitFor();
    expect(here(page)).toBe(`/repos/${R}/issues?linked=true&item=${R}/issues/${first.number}`);
    const pull = detail.linked_pulls[0]!;
    const chip = dialog.getByRole('list', { name: 'Linked pull requests' }).getByRole('link', { name: new RegExp(`^Pull request #${pull.number}, ${pull.status}`, 'i') });
    await chip.waitFor();
    await expect.poll(() => dialog.locator('section[aria-labelledby="panel-body"]').innerText()).not.toContain('Loading');
    await screenshot(page, 'issue-panel');

    await chip.click();
    await dialog.getByRole('heading', { name: pull.title }).waitFor();
    expect(here(page)).toContain(`item=${pull.repo}/pull/${pull.number}`);
    const back = dialog.getByRole('list', { name: 'Issues this pull request closes' }).getByRole('link', { name: new RegExp(`^Issue #${first.number},`) });
    await back.waitFor();

    await page.goBack();
    await dialog.getByRole('heading', { name: first.title }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => here(page)).toBe(`/repos/${R}/issues?linked=true`);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('opens a deep link with its tab, filters and item panel, and keeps them on reload', async () => {
    const merged = (await api<Page<Pull>>(hub.baseUrl, `/api/repos/${R}/pulls?state=merged&linked=true&limit=1`)).items[0]!;
    const detail = await api<PullDetail>(hub.baseUrl, `/api/repos/${R}/pulls/${merged.number}`);
    const path = `/repos/${R}/pulls?state=merged&item=${R}/pull/${merged.number}`;
    const page = await open(path);
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: merged.title }).waitFor();
    for (const issue of detail.closing_issues) {
      await dialog.getByRole('link', { name: new RegExp(`^Issue ${issue.repo === R ? '' : issue.repo}#${issue.number},`) }).waitFor();
    }
    expect(await page.getByRole('navigation', { name: `${R} sections` }).getByRole('link', { name: /^Pull requests/ }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByRole('combobox', { name: 'State' }).inputValue()).toBe('merged');

    await page.reload();
    await dialog.getByRole('heading', { name: merged.title }).waitFor();
    await page.keyboard.press('Escape');
    const statuses = page.locator('.item-row .status-icon');
    await expect.poll(async () => new Set(await statuses.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))))).toEqual(new Set(['Merged pull request']));
    expect(here(page)).toBe(`/repos/${R}/pulls?state=merged`);
  });

  it('sorts pull requests by merge time, shows when each merged, and says how many match', async () => {
    const all = await api<Page<Pull>>(hub.baseUrl, `/api/repos/${R}/pulls?state=all&limit=1`);
    const merged = await api<Page<Pull>>(hub.baseUrl, `/api/repos/${R}/pulls?state=merged&sort=merged&limit=30`);
    expect(merged.items.length).toBeGreaterThan(1);
    const page = await open(`/repos/${R}/pulls?state=all`);
    const count = page.locator('main .list-count');
    await expect.poll(() => count.innerText()).toBe(`${all.total_count} pull requests`);

    await page.getByRole('combobox', { name: 'Sort' }).selectOption('merged:desc');
    await expect.poll(() => here(page)).toBe(`/repos/${R}/pulls?state=merged&sort=merged`);
    expect(await page.getByRole('combobox', { name: 'State' }).inputValue()).toBe('merged');
    await expect.poll(() => rowNumbers(page)).toEqual(merged.items.map((p) => `#${p.number}`));
    // Each row says when it merged, its exact time on hover.
    const first = page.locator('main .item-row').first().locator('time', { hasText: /^merged / });
    expect(await first.getAttribute('datetime')).toBe(merged.items[0]!.merged_at);

    await page.locator('main .item-title').first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: merged.items[0]!.title }).waitFor();
    expect(await dialog.locator('.panel-meta time', { hasText: /^merged / }).getAttribute('datetime')).toBe(merged.items[0]!.merged_at);
    await page.keyboard.press('Escape');

    // Another state leaves the merge-time sort, which only merged pull requests have.
    await page.getByRole('combobox', { name: 'State' }).selectOption('draft');
    await expect.poll(() => here(page)).toBe(`/repos/${R}/pulls?state=draft`);
  });

  it('shows who is assigned and filters by assignee', async () => {
    const assigned = (await api<Page<Issue>>(hub.baseUrl, '/api/issues?state=all&limit=100')).items.find((i) => i.assignees.length > 0)!;
    const login = assigned.assignees[0]!;
    const theirs = (await api<Page<Issue>>(hub.baseUrl, `/api/issues?state=all&assignee=${login}&limit=30`)).items;
    const page = await open('/issues?state=all');
    await page.getByRole('textbox', { name: 'Assignee' }).fill(login);
    await page.keyboard.press('Enter');
    await expect.poll(() => here(page)).toBe(`/issues?state=all&assignee=${login}`);
    const rows = page.locator('main .item-row');
    await expect.poll(() => rows.count()).toBe(theirs.length);
    for (const text of await rows.locator('.item-assignees').allInnerTexts()) expect(text).toContain(login);
    await page.locator('main .item-title').first().click();
    await expect.poll(() => page.getByRole('dialog').locator('.panel-meta').innerText()).toContain(`assigned to ${theirs[0]!.assignees.join(', ')}`);
  });

  it('moves through the list with j/k, opens with Enter, closes with Esc, and searches with /', async () => {
    const page = await open(`/repos/${R}/issues`);
    const titles = page.locator('main .item-title');
    await titles.first().waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    expect(focused).toBe(await titles.first().textContent());
    await page.keyboard.press('ArrowDown');
    const second = await titles.nth(1).textContent();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(second);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByRole('heading', { name: second! }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);
    // Focus is back on the row that opened the panel: j/k carry on from there.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(second);
    await page.keyboard.press('j');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(await titles.nth(2).textContent());

    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0);

    const issues = (await api<Page<Issue>>(hub.baseUrl, `/api/repos/${R}/issues?state=all&limit=100`)).items;
    const word = issues.flatMap((i) => i.title.split(/\W+/)).find((w) => w.length >= 6)!.toLowerCase();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('hub-search');
    await page.keyboard.type(word);
    await page.keyboard.press('Enter');
    await expect.poll(() => here(page)).toBe(`/search?q=${word}`);
    const marks = page.locator('main .item-list mark');
    await expect.poll(() => marks.count()).toBeGreaterThan(0);
    for (const text of await marks.allTextContents()) expect(text.toLowerCase()).toContain(word.slice(0, 4));
    await screenshot(page, 'search');
  });

  it('lists issues across repositories and narrows them to one', async () => {
    const page = await open('/issues');
    const repoNames = page.locator('main .item-row .item-repo');
    await expect.poll(async () => new Set((await repoNames.allTextContents()).map((t) => t.trim())).size).toBeGreaterThan(1);
    await page.getByRole('combobox', { name: 'Repository' }).selectOption(R);
    await expect.poll(() => here(page)).toBe(`/issues?repo=${R}`);
    await expect.poll(async () => [...new Set((await repoNames.allTextContents()).map((t) => t.trim()))]).toEqual([R]);
    await page.getByRole('link', { name: 'Pull requests', exact: true }).last().click();
    await expect.poll(() => here(page)).toBe(`/pulls?repo=${R}`);
    await page.goBack();
    await expect.poll(() => here(page)).toBe(`/issues?repo=${R}`);
  });

  it('pages through a long list with keyset cursors, forward and back', async () => {
    const first = await api<Page<Issue>>(hub.baseUrl, '/api/issues?state=all&limit=30');
    expect(first.next_cursor).not.toBeNull();
    const second = await api<Page<Issue>>(hub.baseUrl, `/api/issues?state=all&limit=30&cursor=${first.next_cursor}`);
    const page = await open('/issues?state=all');
    const numbers = () => page.locator('main .item-row').evaluateAll((rows) => rows.map((r) => `${r.querySelector('.item-repo')?.textContent?.trim()}${r.querySelector('.item-meta > span')?.textContent}`));
    const expected = (p: Page<Issue>) => p.items.map((i) => `${i.repo}#${i.number}`);
    await expect.poll(numbers).toEqual(expected(first));

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(() => here(page)).toBe(`/issues?state=all&cursor=${first.next_cursor}`);
    await expect.poll(numbers).toEqual(expected(second));
    expect(await page.getByRole('navigation', { name: 'Pages' }).innerText()).toContain('Page 2');

    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => here(page)).toBe('/issues?state=all');
    await expect.poll(numbers).toEqual(expected(first));
    // "Previous page" is a step of its own: Back undoes it, then the first step.
    await page.goBack();
    await expect.poll(numbers).toEqual(expected(second));
    expect(await page.getByRole('navigation', { name: 'Pages' }).innerText()).toContain('Page 2');
    await page.goBack();
    await expect.poll(numbers).toEqual(expected(first));
    expect(here(page)).toBe('/issues?state=all');
  });

  it('renders a body as sanitised markdown: no HTML from the body runs, links are safe', async () => {
    const target = (await api<Page<Issue>>(hub.baseUrl, `/api/repos/${R}/issues?limit=1`)).items[0]!;
    const body = [
      '<script>window.__pwned = 1</script>',
      '<img src="/x.png" onerror="window.__pwned = 2">',
      '[run me](javascript:window.__pwned=3) and [data](data:text/html,hi)',
      '[a page](https://example.com/page) and ![a picture](https://example.com/p.png)',
      '**bold** and `code`',
      '<!-- a template comment -->',
      '- [x] a finished task',
    ].join('\n\n');
    hub.harness.sim.mutate.editBody(R, target.number, { body: { text: body, refs: [] } });
    await hub.harness.syncAll();

    const page = await open(`/repos/${R}/issues?item=${R}/issues/${target.number}`);
    const md = page.getByRole('dialog').locator('.markdown');
    await md.locator('strong').waitFor();
    expect(await md.locator('script, img, iframe, [onerror], [style]').count()).toBe(0);
    expect(await md.innerText()).toContain('<script>window.__pwned = 1</script>');
    expect(await md.innerText()).not.toContain('a template comment');
    expect(await md.locator('a[href^="javascript:"], a[href^="data:"]').count()).toBe(0);
    expect(await md.getByText('run me').evaluate((el) => el.closest('a'))).toBeNull();
    const external = md.getByRole('link', { name: 'a page' });
    expect(await external.getAttribute('href')).toBe('https://example.com/page');
    expect(await external.getAttribute('target')).toBe('_blank');
    expect((await external.getAttribute('rel'))?.split(' ')).toEqual(expect.arrayContaining(['noopener', 'noreferrer']));
    // The picture is a link to it, never a request to its host.
    expect(await md.getByRole('link', { name: /Image: a picture/ }).getAttribute('href')).toBe('https://example.com/p.png');
    expect(await md.getByRole('checkbox', { name: 'Done' }).isChecked()).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await unnamedControls(page)).toEqual([]);
  });
});
