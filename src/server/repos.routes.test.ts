import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIssue, buildPull, buildRepo } from '../test/factories.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const NOW = Date.parse('2025-06-01T12:00:00Z');

beforeEach(async () => {
  t = await startTestApp({ env: { HUB_HOT_REPOS: '1', HUB_HOT_INTERVAL_SECONDS: '30', HUB_FRESHNESS_SECONDS: '600' }, deps: { now: () => NOW } });
});
afterEach(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('GET /api/repos', () => {
  it('links repositories to the configured GitHub web host (GitHub Enterprise) and says which host it is', async () => {
    const ghe = await startTestApp({ env: { GITHUB_API_URL: 'https://ghe.example.com/api/v3' } });
    try {
      await buildRepo(ghe.db, { full_name: 'acme/widgets' });
      const list = (await ghe.app.inject({ method: 'GET', url: '/api/repos' })).json();
      expect(list.web_url).toBe('https://ghe.example.com');
      expect(list.items[0].html_url).toBe('https://ghe.example.com/acme/widgets');
      expect((await ghe.app.inject({ method: 'GET', url: '/api/repos/acme/widgets' })).json().html_url).toBe('https://ghe.example.com/acme/widgets');
    } finally {
      await ghe.close();
    }
    expect((await get('/api/repos')).json().web_url).toBe('https://github.com');
  });

  it('lists tracked repositories by weight with counts from the sync state, not from counting rows', async () => {
    const heavy = await buildRepo(t.db, { full_name: 'Acme/Heavy', weight: 0.5 });
    const light = await buildRepo(t.db, { full_name: 'acme/light', weight: 0.1 });
    await buildRepo(t.db, { full_name: 'acme/retired', active: false });
    const issue = await buildIssue(t.db, heavy);
    await buildIssue(t.db, heavy);
    await buildPull(t.db, heavy, { body: `Fixes #${issue.number}`, draft: true });
    await t.db.updateTable('sync_state').set({ last_success_at: '2025-06-01T11:59:50Z', last_attempt_at: '2025-06-01T11:59:50Z' }).where('repo_id', '=', heavy.id).execute();
    await t.db.updateTable('sync_state').set({ last_error: 'GitHub answered 502', consecutive_failures: 2 }).where('repo_id', '=', light.id).execute();

    const res = await get('/api/repos');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.next_cursor).toBeNull();
    expect(body.items.map((r: { full_name: string }) => r.full_name)).toEqual(['Acme/Heavy', 'acme/light']);
    expect(body.items[0]).toMatchObject({
      owner: 'Acme', name: 'Heavy', weight: 0.5, active: true, html_url: 'https://github.com/Acme/Heavy',
      issues_open: 2, issues_open_unlinked: 1, issues_total: 2, pulls_open: 1, pulls_total: 1,
      sync: { state: 'ok', last_success_at: '2025-06-01T11:59:50Z', consecutive_failures: 0 },
    });
    expect(body.items[1].sync).toMatchObject({ state: 'failing', last_error: 'GitHub answered 502', consecutive_failures: 2 });

    // The counts are the stored columns: a row the worker has not counted yet does not show.
    await t.db.updateTable('sync_state').set({ issues_open: 41 }).where('repo_id', '=', heavy.id).execute();
    expect((await get('/api/repos')).json().items[0].issues_open).toBe(41);

    const all = (await get('/api/repos?include_inactive=true')).json();
    expect(all.items.map((r: { full_name: string; active: boolean }) => `${r.full_name}:${r.active}`)).toEqual(['Acme/Heavy:true', 'acme/light:true', 'acme/retired:false']);
    expect((await get('/api/repos?include_inactive=maybe')).statusCode).toBe(400);

    const etag = res.headers.etag as string;
    expect((await get('/api/repos', { 'if-none-match': etag })).statusCode).toBe(200);
    const current = await get('/api/repos');
    expect((await get('/api/repos', { 'if-none-match': current.headers.etag as string })).statusCode).toBe(304);
  });

  it('shows one repository in any case, 404 for unknown ones', async () => {
    await buildRepo(t.db, { full_name: 'Acme/Heavy', weight: 0.5 });
    expect((await get('/api/repos/acme/HEAVY')).json()).toMatchObject({ full_name: 'Acme/Heavy', sync: { state: 'never' } });
    expect((await get('/api/repos/acme/nope')).json().error.code).toBe('repo_not_tracked');
  });
});

describe('GET /api/sync', () => {
  it('reports every repository against its freshness target and the quota by token label', async () => {
    const hot = await buildRepo(t.db, { full_name: 'acme/hot', weight: 0.9 });
    const cold = await buildRepo(t.db, { full_name: 'acme/cold', weight: 0.1 });
    await buildRepo(t.db, { full_name: 'acme/new', weight: 0.05 });
    await t.db
      .updateTable('sync_state')
      .set({ last_success_at: '2025-06-01T11:58:00Z', requests_total: 40, quota_total: 35, last_pass_requests: 3, last_pass_quota: 2, last_pass_ms: 812, issues_watermark: '2025-06-01T11:57:00Z', relink_grammar: 1, relink_done_at: '2025-06-01T00:00:00Z' })
      .where('repo_id', '=', hot.id)
      .execute();
    await t.db.updateTable('sync_state').set({ last_success_at: '2025-06-01T11:55:00Z' }).where('repo_id', '=', cold.id).execute();
    await t.db.insertInto('github_quota').values({ token_label: 'token-1', resource: 'core', limit: 5000, remaining: 4321, reset_at: '2025-06-01T12:30:00Z', updated_at: '2025-06-01T11:59:00Z' }).execute();
    await t.db.insertInto('jobs').values({ kind: 'sync', key: 'sync:acme/cold', state: 'queued', run_after: '2025-06-01T12:00:00Z', created_at: '2025-06-01T12:00:00Z', updated_at: '2025-06-01T12:00:00Z' }).execute();

    const res = await get('/api/sync');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ generated_at: '2025-06-01T12:00:00Z', freshness_seconds: 600, hot_interval_seconds: 30 });
    const [h, c, n] = body.repos;
    expect(h).toMatchObject({
      repo: 'acme/hot', hot: true, target_seconds: 30, age_seconds: 120, lag_seconds: 90, requests_total: 40, quota_total: 35,
      last_pass: { requests: 3, quota: 2, ms: 812 }, issues_watermark: '2025-06-01T11:57:00Z', relink: { grammar: 1, done: true, current_grammar: 1 },
    });
    expect(c).toMatchObject({ repo: 'acme/cold', hot: false, target_seconds: 600, age_seconds: 300, lag_seconds: 0 });
    expect(n).toMatchObject({ repo: 'acme/new', age_seconds: null, lag_seconds: null });
    expect(body.quota).toEqual([{ token_label: 'token-1', resource: 'core', limit: 5000, remaining: 4321, reset_at: '2025-06-01T12:30:00Z', updated_at: '2025-06-01T11:59:00Z' }]);
    expect(body.jobs).toEqual([{ kind: 'sync', state: 'queued', count: 1 }]);
    expect(res.body).not.toContain('ghp_');
  });
});

describe('GET /api/repos/{owner}/{name}/authors/{login}', () => {
  it("shows an author's items with per-state counts, in any case", async () => {
    const repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
    const i1 = await buildIssue(t.db, repo, { author: 'Dana' });
    await buildIssue(t.db, repo, { author: 'dana', state: 'closed', state_reason: 'not_planned' });
    await buildIssue(t.db, repo, { author: 'someone-else' });
    await buildPull(t.db, repo, { author: 'Dana', merged: true, body: `Fixes #${i1.number}` });
    await buildPull(t.db, repo, { author: 'Dana', draft: true });

    const res = await get('/api/repos/ACME/widgets/authors/DANA?limit=1');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      repo: 'acme/widgets',
      author: 'Dana',
      counts: {
        issues: { open: 1, completed: 0, not_planned: 1, duplicate: 0, closed: 0, total: 2 },
        pulls: { open: 0, draft: 1, merged: 1, closed: 0, total: 2 },
      },
      counts_capped: false,
    });
    expect(body.issues.items).toHaveLength(1);
    expect(body.pulls.items[0]).toMatchObject({ status: 'draft' });
    // The first page's cursor continues the matching list route.
    const more = await get(`/api/repos/acme/widgets/issues?author=dana&state=all&cursor=${body.issues.next_cursor}`);
    expect(more.json().items.map((i: { author: string }) => i.author)).toEqual(['Dana']);
    expect((await get('/api/repos/acme/widgets/authors/not_a_login!')).statusCode).toBe(400);
    expect((await get('/api/repos/acme/widgets/authors/dependabot[bot]')).statusCode).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('exposes request counts, latency, loop delay, item counts and sync lag in Prometheus text', async () => {
    const repo = await buildRepo(t.db, { full_name: 'acme/widgets', weight: 0.9 });
    await buildIssue(t.db, repo);
    await t.db.updateTable('sync_state').set({ last_success_at: '2025-06-01T11:58:00Z' }).where('repo_id', '=', repo.id).execute();
    await get('/api/repos/acme/widgets/issues');
    await get('/api/repos/acme/widgets/issues?label=x');
    await get('/nope/at/all');
    const res = await get('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toContain('hub_http_requests_total{route="/api/repos/:owner/:name/issues",method="GET",status="200"} 2');
    expect(text).toContain('hub_http_requests_total{route="unmatched",method="GET",status="404"} 1');
    expect(text).toMatch(/hub_http_request_duration_seconds_bucket\{route="\/api\/repos\/:owner\/:name\/issues",le="\+Inf"\} 2/);
    expect(text).toMatch(/hub_event_loop_delay_seconds\{quantile="0.99"\} [0-9.e-]+/);
    expect(text).toContain('hub_repo_items{repo="acme/widgets",kind="issue",state="open"} 1');
    expect(text).toContain('hub_repo_sync_lag_seconds{repo="acme/widgets"} 90');
    expect(text).toMatch(/hub_list_requests_total\{route="\/api\/repos\/:owner\/:name\/issues",mode="index"\} 1/);
  });
});
