import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIssue, buildPull, buildRepo, type BuiltRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let repo: BuiltRepo;

beforeEach(async () => {
  t = await startTestApp();
  repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
});
afterEach(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const numbers = (res: { json: () => { items: { number: number }[] } }) => res.json().items.map((i) => i.number);

describe('GET /api/repos/{owner}/{name}/pulls', () => {
  it('sorts merged pull requests by when they merged (sort=merged), showing merged_at in lists and details, across pages', async () => {
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    // Merge order differs from creation and update order on purpose.
    const a = await buildPull(t.db, repo, { merged: true, merged_at: '2024-03-01T00:00:00Z', updated_at: '2024-05-01T00:00:00Z' });
    const b = await buildPull(t.db, repo, { merged: true, merged_at: '2024-01-01T00:00:00Z', updated_at: '2024-06-01T00:00:00Z' });
    const c = await buildPull(t.db, other, { merged: true, merged_at: '2024-02-01T00:00:00Z', updated_at: '2024-04-01T00:00:00Z' });
    await buildPull(t.db, repo, { title: 'still open' });
    await buildPull(t.db, repo, { state: 'closed', title: 'abandoned' });

    const list = (await get('/api/repos/acme/widgets/pulls?sort=merged')).json();
    expect(list.items.map((p: { number: number; merged_at: string }) => `${p.number}:${p.merged_at}`)).toEqual([`${a.number}:2024-03-01T00:00:00Z`, `${b.number}:2024-01-01T00:00:00Z`]);
    expect(numbers(await get('/api/repos/acme/widgets/pulls?sort=merged&direction=asc&state=merged'))).toEqual([b.number, a.number]);
    expect((await get(`/api/repos/acme/widgets/pulls/${a.number}`)).json().merged_at).toBe('2024-03-01T00:00:00Z');

    // Across repositories, one per page: 2024-03 (widgets), 2024-02 (other), 2024-01 (widgets).
    const seen: string[] = [];
    let url = '/api/pulls?sort=merged&limit=1';
    for (let i = 0; i < 6; i++) {
      const page = (await get(url)).json();
      seen.push(...page.items.map((p: { repo: string; number: number }) => `${p.repo}#${p.number}`));
      if (!page.next_cursor) break;
      url = `/api/pulls?sort=merged&limit=1&cursor=${page.next_cursor}`;
    }
    expect(seen).toEqual([`acme/widgets#${a.number}`, `acme/other#${c.number}`, `acme/widgets#${b.number}`]);

    const bad = await get('/api/repos/acme/widgets/pulls?sort=merged&state=open');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toBe('state: must be merged with sort=merged (only merged pull requests have a merge time)');
    expect((await get('/api/repos/acme/widgets/issues?sort=merged')).statusCode).toBe(400);
  });

  it('lists open and draft pull requests by default, with the pull request fields', async () => {
    const issue = await buildIssue(t.db, repo);
    const open = await buildPull(t.db, repo, { body: `Fixes #${issue.number}`, head_ref: 'fix-it', head_repo: 'fork/widgets' });
    const draft = await buildPull(t.db, repo, { draft: true });
    const merged = await buildPull(t.db, repo, { merged: true });
    const closed = await buildPull(t.db, repo, { state: 'closed' });

    const res = await get('/api/repos/acme/widgets/pulls');
    expect(numbers(res)).toEqual([draft.number, open.number]);
    expect(res.json().items[1]).toEqual({
      repo: 'acme/widgets',
      number: open.number,
      title: open.title,
      state: 'open',
      state_reason: null,
      status: 'open',
      author: 'alice',
      author_association: 'CONTRIBUTOR',
      labels: [],
      assignees: [],
      comments: 0,
      created_at: open.created_at,
      updated_at: open.updated_at,
      closed_at: null,
      html_url: `https://github.com/acme/widgets/pull/${open.number}`,
      gone: null,
      draft: false,
      merged: false,
      merged_at: null,
      base_ref: 'main',
      head_ref: 'fix-it',
      head_repo: 'fork/widgets',
      closing_issues_count: 1,
      closing_issues: [{ repo: 'acme/widgets', number: issue.number, state: 'open', status: 'open', title: issue.title, tracked: true, source: 'text' }],
    });
    expect(numbers(await get('/api/repos/acme/widgets/pulls?state=merged'))).toEqual([merged.number]);
    expect(numbers(await get('/api/repos/acme/widgets/pulls?state=closed'))).toEqual([closed.number]);
    expect(numbers(await get('/api/repos/acme/widgets/pulls?state=all&sort=number&direction=asc'))).toEqual([open.number, draft.number, merged.number, closed.number]);
    expect(numbers(await get('/api/repos/acme/widgets/pulls?linked=true&state=all'))).toEqual([open.number]);
    expect(numbers(await get('/api/repos/acme/widgets/pulls?linked=false&state=all&sort=number&direction=asc'))).toEqual([draft.number, merged.number, closed.number]);
    expect((await get('/api/repos/acme/widgets/pulls?state=completed')).statusCode).toBe(400);
  });

  it('ignores keywords against a non-default base branch, as GitHub does', async () => {
    const issue = await buildIssue(t.db, repo);
    const pull = await buildPull(t.db, repo, { body: `Fixes #${issue.number}`, base_ref: 'release-1.x' });
    const detail = (await get(`/api/repos/acme/widgets/pulls/${pull.number}`)).json();
    expect(detail.closing_issues).toEqual([]);
    expect(detail.closing_issues_count).toBe(0);
  });
});

describe('GET /api/repos/{owner}/{name}/pulls/{number}', () => {
  it('shows the issues it closes: tracked ones with state and title, untracked ones with nulls, never pull requests', async () => {
    const other = await buildRepo(t.db, { full_name: 'Acme/Other' });
    const here = await buildIssue(t.db, repo, { title: 'Here' });
    const there = await buildIssue(t.db, other, { title: 'There', state: 'closed', state_reason: 'not_planned' });
    const target = await buildPull(t.db, repo);
    const pull = await buildPull(t.db, repo, {
      body: [`Fixes #${here.number}`, `Fixes acme/other#${there.number}`, 'Fixes stranger/elsewhere#7', `Fixes #${target.number}`].join('\n'),
      labels: ['feature'],
    });

    const res = await get(`/api/repos/acme/widgets/pulls/${pull.number}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.body).toContain('Fixes #');
    expect(body.labels).toEqual([{ name: 'feature', color: 'ededed', description: null }]);
    expect(body.closing_issues).toEqual([
      { repo: 'Acme/Other', number: there.number, state: 'closed', status: 'not_planned', title: 'There', tracked: true, source: 'text' },
      { repo: 'acme/widgets', number: here.number, state: 'open', status: 'open', title: 'Here', tracked: true, source: 'text' },
      { repo: 'stranger/elsewhere', number: 7, state: null, status: null, title: null, tracked: false, source: 'text' },
    ]);
    expect(body.closing_issues_count).toBe(3);

    const list = (await get('/api/repos/acme/widgets/pulls')).json();
    const row = list.items.find((i: { number: number }) => i.number === pull.number);
    expect(row.closing_issues).toEqual(body.closing_issues);
    expect(list.items.find((i: { number: number }) => i.number === target.number).closing_issues).toEqual([]);
  });

  it('answers 404 pull_not_found for issues and unknown numbers', async () => {
    const issue = await buildIssue(t.db, repo);
    expect((await get(`/api/repos/acme/widgets/pulls/${issue.number}`)).json().error.code).toBe('pull_not_found');
    expect((await get('/api/repos/acme/widgets/pulls/12345')).json().error.code).toBe('pull_not_found');
    expect((await get('/api/repos/acme/nothing/pulls/1')).json().error.code).toBe('repo_not_tracked');
  });

  it('changes its ETag when a closed issue in another repository changes', async () => {
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    const issue = await buildIssue(t.db, other, { number: 5, title: 'Old title' });
    const pull = await buildPull(t.db, repo, { body: 'Fixes acme/other#5' });
    const first = await get(`/api/repos/acme/widgets/pulls/${pull.number}`);
    expect((await get(`/api/repos/acme/widgets/pulls/${pull.number}`, { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
    await buildIssue(t.db, other, { number: issue.number, title: 'New title', updated_at: '2030-01-01T00:00:00Z' });
    const after = await get(`/api/repos/acme/widgets/pulls/${pull.number}`, { 'if-none-match': first.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.json().closing_issues[0].title).toBe('New title');
  });
});

describe('GET /api/pulls', () => {
  it('lists pull requests across tracked repositories with every filter', async () => {
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    const a = await buildPull(t.db, repo, { author: 'Dana', labels: ['ready'], title: 'Speed up the cache' });
    const b = await buildPull(t.db, other, { author: 'dana', title: 'Tidy the docs' });
    await buildPull(t.db, other, { author: 'erin' });

    expect(numbers(await get('/api/pulls?author=DANA'))).toEqual([b.number, a.number]);
    expect(numbers(await get('/api/pulls?author=dana&label=READY'))).toEqual([a.number]);
    expect(numbers(await get('/api/pulls?q=cache'))).toEqual([a.number]);
    expect(numbers(await get('/api/pulls?repo=acme/other&author=dana&sort=created&direction=asc'))).toEqual([b.number]);
    expect((await get('/api/pulls?sort=comments')).json().items).toHaveLength(3);
    expect((await get('/api/pulls?sort=number&direction=asc')).json().items).toHaveLength(3);
  });
});
