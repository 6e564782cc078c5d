import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshRepoCounts } from '../db/items.write.ts';
import { buildIssue, buildPull, buildRepo, type BuiltRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let repo: BuiltRepo;

beforeEach(async () => {
  t = await startTestApp();
  repo = await buildRepo(t.db, { full_name: 'Acme/Widgets' });
});
afterEach(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const numbers = (res: { json: () => { items: { number: number }[] } }) => res.json().items.map((i) => i.number);

describe('GET /api/repos/{owner}/{name}/issues', () => {
  it('lists open issues, newest activity first, in the documented shape', async () => {
    const a = await buildIssue(t.db, repo, { title: 'First', labels: [{ name: 'Bug', color: 'ff0000', description: 'Broken' }], comments: 3 });
    await buildIssue(t.db, repo, { state: 'closed', state_reason: 'completed' });
    const c = await buildIssue(t.db, repo, { title: 'Third', author: 'Bob' });
    await buildPull(t.db, repo, { title: 'A pull request is not an issue' });

    const res = await get('/api/repos/acme/widgets/issues');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.next_cursor).toBeNull();
    expect(body.items.map((i: { number: number }) => i.number)).toEqual([c.number, a.number]);
    expect(body.items[1]).toEqual({
      repo: 'Acme/Widgets',
      number: a.number,
      title: 'First',
      state: 'open',
      state_reason: null,
      status: 'open',
      author: 'alice',
      author_association: 'CONTRIBUTOR',
      labels: [{ name: 'Bug', color: 'ff0000', description: 'Broken' }],
      assignees: [],
      comments: 3,
      created_at: a.created_at,
      updated_at: a.updated_at,
      closed_at: null,
      html_url: `https://github.com/Acme/Widgets/issues/${a.number}`,
      linked_pulls_count: 0,
      linked_pulls: [],
      gone: null,
    });
  });

  it('filters by one or more states, or all, and refuses unknown ones', async () => {
    const open = await buildIssue(t.db, repo);
    const done = await buildIssue(t.db, repo, { state: 'closed', state_reason: 'completed' });
    const wont = await buildIssue(t.db, repo, { state: 'closed', state_reason: 'not_planned' });
    const dup = await buildIssue(t.db, repo, { state: 'closed', state_reason: 'duplicate' });
    const other = await buildIssue(t.db, repo, { state: 'closed', state_reason: null });

    expect(numbers(await get('/api/repos/acme/widgets/issues?state=not_planned'))).toEqual([wont.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?state=completed,duplicate'))).toEqual([dup.number, done.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?state=closed'))).toEqual([other.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?state=all'))).toEqual([other.number, dup.number, wont.number, done.number, open.number]);

    for (const bad of ['merged', 'OPEN', 'open,bogus', '', ',,,']) {
      const res = await get(`/api/repos/acme/widgets/issues?state=${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('invalid_parameter');
    }
    const repeated = await get('/api/repos/acme/widgets/issues?state=open&state=closed');
    expect(repeated.statusCode).toBe(400);
    expect(repeated.json().error.code).toBe('invalid_parameter');
  });

  it('filters by author and labels in any case, by linked state, and by words', async () => {
    const bob = await buildIssue(t.db, repo, { author: 'BobTheBuilder', labels: ['Good First Issue', 'ui'], title: 'Render the sidebar' });
    const claimed = await buildIssue(t.db, repo, { title: 'Parser crashes on empty input', labels: ['ui'] });
    const freed = await buildIssue(t.db, repo, { title: 'Cache grows without bound' });
    await buildPull(t.db, repo, { body: `Fixes #${claimed.number}` });
    // An abandoned (closed, unmerged) pull request does not claim the issue.
    await buildPull(t.db, repo, { body: `Closes #${freed.number}`, state: 'closed' });

    expect(numbers(await get('/api/repos/acme/widgets/issues?author=bobthebuilder'))).toEqual([bob.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?label=GOOD%20FIRST%20ISSUE'))).toEqual([bob.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?label=ui,good%20first%20issue'))).toEqual([bob.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?label=ui'))).toEqual([claimed.number, bob.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?linked=true'))).toEqual([claimed.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?linked=false'))).toEqual([freed.number, bob.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?q=parser%20empty'))).toEqual([claimed.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?q=%22without%20bound%22'))).toEqual([freed.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?q=sidebar&author=BOBTHEBUILDER&label=ui'))).toEqual([bob.number]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?author=nobody'))).toEqual([]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?q=%2A%2A%2A'))).toEqual([]);
    expect(numbers(await get('/api/repos/acme/widgets/issues?q=%20'))).toHaveLength(3);
    const detail = (await get(`/api/repos/acme/widgets/issues/${claimed.number}`)).json();
    expect(detail.linked_pulls_count).toBe(1);
  });

  it('sorts by updated, created, comments and number in both directions, id breaking ties', async () => {
    const a = await buildIssue(t.db, repo, { created_at: '2024-03-01T00:00:00Z', updated_at: '2024-03-05T00:00:00Z', comments: 5 });
    const b = await buildIssue(t.db, repo, { created_at: '2024-03-02T00:00:00Z', updated_at: '2024-03-03T00:00:00Z', comments: 5 });
    const c = await buildIssue(t.db, repo, { created_at: '2024-03-03T00:00:00Z', updated_at: '2024-03-04T00:00:00Z', comments: 9 });
    const url = (q: string) => `/api/repos/acme/widgets/issues?${q}`;
    expect(numbers(await get(url('sort=updated')))).toEqual([a.number, c.number, b.number]);
    expect(numbers(await get(url('sort=updated&direction=asc')))).toEqual([b.number, c.number, a.number]);
    expect(numbers(await get(url('sort=created')))).toEqual([c.number, b.number, a.number]);
    expect(numbers(await get(url('sort=comments')))).toEqual([c.number, b.number, a.number]);
    expect(numbers(await get(url('sort=comments&direction=asc')))).toEqual([a.number, b.number, c.number]);
    expect(numbers(await get(url('sort=number&direction=asc')))).toEqual([a.number, b.number, c.number]);
    expect((await get(url('sort=title'))).statusCode).toBe(400);
    expect((await get(url('direction=up'))).statusCode).toBe(400);
  });

  it('pages with opaque cursors, stable while new items arrive between pages', async () => {
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await buildIssue(t.db, repo));
    const expected = made.map((i) => i.number).reverse();

    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await get(`/api/repos/acme/widgets/issues?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode).toBe(200);
      seen.push(...numbers(res));
      cursor = res.json().next_cursor;
      // Newer activity arrives while the client pages: it sorts before the cursor, so the walk neither repeats nor skips.
      await buildIssue(t.db, repo);
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);
  });

  it('caps limit and refuses malformed, forged or foreign cursors with invalid_cursor', async () => {
    for (let i = 0; i < 3; i++) await buildIssue(t.db, repo);
    expect((await get('/api/repos/acme/widgets/issues?limit=101')).statusCode).toBe(400);
    expect((await get('/api/repos/acme/widgets/issues?limit=0')).statusCode).toBe(400);
    expect((await get('/api/repos/acme/widgets/issues?limit=1e3')).statusCode).toBe(400);
    const first = (await get('/api/repos/acme/widgets/issues?limit=1')).json();
    expect(first.items).toHaveLength(1);

    const forged = [
      'not base64!',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from('["l","updated","desc","yesterday",1]').toString('base64url'),
      Buffer.from('["l","updated","desc","2024-01-01T00:00:00Z",-4]').toString('base64url'),
      Buffer.from('["l","updated","desc","2024-01-01T00:00:00Z",1,"extra"]').toString('base64url'),
      Buffer.from("'; DROP TABLE items; --").toString('base64url'),
      'A'.repeat(600),
    ];
    for (const c of forged) {
      const res = await get(`/api/repos/acme/widgets/issues?cursor=${encodeURIComponent(c)}`);
      expect(res.statusCode, c).toBe(400);
      expect(['invalid_cursor', 'invalid_parameter']).toContain(res.json().error.code);
      expect(res.headers.etag).toBeUndefined();
    }
    const foreign = await get(`/api/repos/acme/widgets/issues?sort=created&cursor=${first.next_cursor}`);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.code).toBe('invalid_cursor');
  });

  it('matches owner and name in any case and answers 404 repo_not_tracked otherwise', async () => {
    await buildIssue(t.db, repo);
    expect((await get('/api/repos/ACME/wIdGeTs/issues')).statusCode).toBe(200);
    const res = await get('/api/repos/acme/gadgets/issues');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'repo_not_tracked', message: expect.any(String) } });
    const retired = await buildRepo(t.db, { full_name: 'acme/retired', active: false });
    await buildIssue(t.db, retired);
    expect((await get('/api/repos/acme/retired/issues')).json().error.code).toBe('repo_not_tracked');
    for (const bad of ['-acme/widgets', 'acme/..', 'ac_me/widgets', `${'a'.repeat(40)}/x`]) {
      const [o, n] = bad.split('/');
      expect((await get(`/api/repos/${o}/${n}/issues`)).statusCode, bad).toBeGreaterThanOrEqual(400);
      expect((await get(`/api/repos/${o}/${n}/issues`)).statusCode, bad).toBeLessThan(500);
    }
  });

  it('answers 304 to a current ETag and a new ETag after the next sync commit', async () => {
    await buildIssue(t.db, repo);
    const first = await get('/api/repos/acme/widgets/issues');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    const again = await get('/api/repos/acme/widgets/issues', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Another query has its own tag.
    const other = await get('/api/repos/acme/widgets/issues?state=all', { 'if-none-match': etag });
    expect(other.statusCode).toBe(200);

    await buildIssue(t.db, repo);
    const changed = await get('/api/repos/acme/widgets/issues', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(numbers(changed)).toHaveLength(2);
  });
});

describe('GET /api/repos/{owner}/{name}/issues/{number}', () => {
  it('shows the body and the pull requests that claim it, from any tracked repository, earliest first; an abandoned one frees it', async () => {
    const other = await buildRepo(t.db, { full_name: 'Acme/Other' });
    const issue = await buildIssue(t.db, repo, { body: 'It breaks.' });
    const abandoned = await buildPull(t.db, repo, { body: `Fixes #${issue.number}`, state: 'closed', title: 'Abandoned' });
    const here = await buildPull(t.db, repo, { body: `Fixes #${issue.number}`, title: 'Here', author: 'carol' });
    const there = await buildPull(t.db, other, { body: `Resolves acme/widgets#${issue.number}`, title: 'There', draft: true });
    const merged = await buildPull(t.db, other, { body: `fixes https://github.com/ACME/WIDGETS/issues/${issue.number}`, merged: true });

    const res = await get(`/api/repos/acme/widgets/issues/${issue.number}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.body).toBe('It breaks.');
    expect(body.linked_pulls_count).toBe(3);
    expect(body.linked_pulls.map((p: { repo: string; number: number }) => `${p.repo}#${p.number}`)).toEqual([
      `Acme/Widgets#${here.number}`,
      `Acme/Other#${there.number}`,
      `Acme/Other#${merged.number}`,
    ]);
    // Closed without merging: no longer on the issue, in the detail as in the count and the list.
    expect(body.linked_pulls.map((p: { repo: string; number: number }) => `${p.repo}#${p.number}`)).not.toContain(`Acme/Widgets#${abandoned.number}`);
    expect(body.linked_pulls[0]).toEqual({ repo: 'Acme/Widgets', number: here.number, state: 'open', status: 'open', merged: false, draft: false, title: 'Here', author: 'carol', source: 'text' });
    expect(body.linked_pulls[1]).toMatchObject({ status: 'draft', draft: true });
    expect(body.linked_pulls[2]).toMatchObject({ status: 'merged', merged: true, state: 'closed' });

    // The list carries the first three of the same list: no detail request per row.
    const list = (await get('/api/repos/acme/widgets/issues')).json();
    const row = list.items.find((i: { number: number }) => i.number === issue.number);
    expect(row.linked_pulls_count).toBe(3);
    expect(row.linked_pulls.map((p: { number: number }) => p.number)).toEqual([here.number, there.number, merged.number]);
    expect(row.linked_pulls[0]).toEqual(body.linked_pulls[0]);
  });

  it('answers 404 for unknown numbers and pull requests, 400 for malformed numbers, 304 for a current copy', async () => {
    const issue = await buildIssue(t.db, repo);
    const pull = await buildPull(t.db, repo);
    const missing = await get('/api/repos/acme/widgets/issues/999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('issue_not_found');
    expect((await get(`/api/repos/acme/widgets/issues/${pull.number}`)).json().error.code).toBe('issue_not_found');
    for (const bad of ['0', '-1', 'abc', '1.5', '99999999999', '2147483648', '0x10', '%20']) {
      const res = await get(`/api/repos/acme/widgets/issues/${bad}`);
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe('invalid_parameter');
    }
    const first = await get(`/api/repos/acme/widgets/issues/${issue.number}`);
    expect((await get(`/api/repos/acme/widgets/issues/${issue.number}`, { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);
  });
});

describe('GET /api/issues', () => {
  it('lists across tracked repositories, filters by repositories, and leaves out retired ones', async () => {
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    const retired = await buildRepo(t.db, { full_name: 'acme/retired', active: false });
    const a = await buildIssue(t.db, repo);
    const b = await buildIssue(t.db, other);
    await buildIssue(t.db, retired);

    const all = (await get('/api/issues')).json();
    expect(all.items.map((i: { repo: string }) => i.repo)).toEqual(['acme/other', 'Acme/Widgets']);
    expect(all.items.map((i: { number: number }) => i.number)).toEqual([b.number, a.number]);
    const some = (await get('/api/issues?repo=ACME/WIDGETS')).json();
    expect(some.items.map((i: { repo: string }) => i.repo)).toEqual(['Acme/Widgets']);
    const both = (await get('/api/issues?repo=acme/widgets,acme/other&sort=number&direction=asc')).json();
    expect(both.items).toHaveLength(2);
    expect((await get('/api/issues?repo=acme/retired')).json().error.code).toBe('repo_not_tracked');
    expect((await get('/api/issues?repo=not-a-name')).statusCode).toBe(400);
    expect((await get(`/api/issues?repo=${Array.from({ length: 21 }, (_, i) => `o/r${i}`).join(',')}`)).statusCode).toBe(400);
  });

  it('changes its ETag when any repository changes', async () => {
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    await buildIssue(t.db, repo);
    const etag = (await get('/api/issues')).headers.etag as string;
    expect((await get('/api/issues', { 'if-none-match': etag })).statusCode).toBe(304);
    await buildIssue(t.db, other);
    expect((await get('/api/issues', { 'if-none-match': etag })).statusCode).toBe(200);
  });
});

describe('total_count', () => {
  it('moves with the counts refreshed at the end of a pass, though no item changed since the page was read', async () => {
    await buildIssue(t.db, repo);
    await buildIssue(t.db, repo);
    const url = '/api/repos/acme/widgets/issues';
    expect((await get(url)).json().total_count).toBe(2);
    // A page of a pass commits a third issue and bumps the version; the counts are refreshed when the pass ends.
    await buildIssue(t.db, repo);
    await sql`UPDATE sync_state SET issues_open = 2, issues_total = 2, data_version = data_version + 1 WHERE repo_id = ${repo.id}`.execute(t.db);
    const during = await get(url);
    expect([during.json().items.length, during.json().total_count]).toEqual([3, 2]);
    // The pass ends: the counts move, and so must the answer kept (or validated) under the version before.
    await refreshRepoCounts(t.db, repo.id);
    const after = await get(url, { 'if-none-match': during.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.json().total_count).toBe(3);
  });

  it("says how many items a list holds, from the stored per-repository counts, and null where they do not cover the filter", async () => {
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    const claimed = await buildIssue(t.db, repo);
    await buildIssue(t.db, repo);
    await buildIssue(t.db, repo, { state: 'closed', state_reason: 'completed' });
    await buildIssue(t.db, other);
    await buildPull(t.db, repo, { body: `Fixes #${claimed.number}` });
    await buildPull(t.db, repo, { draft: true });
    await buildPull(t.db, other, { merged: true });
    const total = async (url: string) => (await get(url)).json().total_count;
    // By hand: widgets has 2 open issues (1 claimed), 3 issues, 2 open or draft pulls; other has 1 open issue, 1 merged pull.
    expect(await total('/api/repos/acme/widgets/issues')).toBe(2);
    expect(await total('/api/repos/acme/widgets/issues?linked=false')).toBe(1);
    expect(await total('/api/repos/acme/widgets/issues?linked=true')).toBe(1);
    expect(await total('/api/repos/acme/widgets/issues?state=all&limit=1')).toBe(3);
    expect(await total('/api/repos/acme/widgets/pulls')).toBe(2);
    expect(await total('/api/issues')).toBe(3);
    expect(await total('/api/issues?repo=acme/other')).toBe(1);
    expect(await total('/api/pulls?state=all')).toBe(3);
    // And each is what the list holds, walked in full.
    for (const url of ['/api/repos/acme/widgets/issues?linked=true', '/api/issues', '/api/pulls?state=all']) {
      const body = (await get(url)).json();
      expect(body.items.length, url).toBe(body.total_count);
    }
    // Filters the stored counts do not cover.
    expect(await total('/api/repos/acme/widgets/issues?author=alice')).toBeNull();
    expect(await total('/api/repos/acme/widgets/issues?state=completed')).toBeNull();
    expect(await total('/api/pulls?state=merged')).toBeNull();
  });
});
