import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RepoRow } from '../db/schema.ts';
import { refreshMinerTotals } from '../db/scoring.queries.ts';
import { at, registerMiner, scoringRepo, T0 } from '../test/scoring-store.ts';
import { startTestApp, type TestApp } from './test-app.ts';

// Standings written as the scoring job stores them, so every total is known:
// alice 10 (widgets) + 5 (gadgets) = 15; bob 7 (widgets); Eve 20 (gadgets), whose
// login is made of what CSV must escape (GitHub's logins cannot hold these; titles can).
const EVE = 'Eve, "the" \nsecond line';
let t: TestApp;
let widgets: RepoRow;
let gadgets: RepoRow;

async function standing(repo: RepoRow, login: string, total: number, githubId: string | null = null) {
  await t.db
    .insertInto('hub_standings')
    .values({ repo_id: repo.id, author_key: login.toLowerCase(), login, github_id: githubId, registered: githubId ? 1 : 0, eligible: total > 8 ? 1 : 0, total, standing: '{}', computed_at: at(T0) })
    .execute();
}

beforeAll(async () => {
  t = await startTestApp();
  widgets = await scoringRepo(t.db, 'acme/widgets');
  gadgets = await scoringRepo(t.db, 'acme/gadgets');
  const bulk = await scoringRepo(t.db, 'acme/bulk');
  await standing(widgets, 'alice', 10, 'g-alice');
  await standing(gadgets, 'alice', 5, 'g-alice');
  await standing(widgets, 'bob', 7);
  await standing(gadgets, EVE, 20);
  await registerMiner(t.db, 7, 'alice', 'g-alice');
  await t.db.updateTable('subnet_miners').set({ total_score: 3.5, is_eligible: 1, credibility: 0.9 }).where('uid', '=', 7).execute();
  await t.db
    .insertInto('subnet_miner_repos')
    .values({ repo_key: 'acme/widgets', github_id: 'g-alice', uid: 7, total_score: 2.25, total_merged_prs: 3, total_closed_prs: 0, total_open_prs: 0, is_eligible: 1, credibility: 1, updated_at: at(T0) })
    .execute();
  // 1,100 authors in acme/bulk, totals 1100 down to 1: more than two of the export's 500-row reads.
  const rows = Array.from({ length: 1100 }, (_, i) => ({ repo_id: bulk.id, author_key: `m${i}`, login: `m${i}`, github_id: null, registered: 0, eligible: 0, total: 1100 - i, standing: '{}', computed_at: at(T0) }));
  for (let i = 0; i < rows.length; i += 200) await t.db.insertInto('hub_standings').values(rows.slice(i, i + 200)).execute();
  // The leaderboard's sums, as the scoring job keeps them after writing standings.
  await refreshMinerTotals(t.db, null);
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const logins = (body: { items: { login: string }[] }) => body.items.map((m) => m.login);

describe('GET /api/miners filters', () => {
  it('repo= keeps that repository’s standings, totals and official score', async () => {
    const body = (await get('/api/miners?repo=ACME/widgets')).json();
    expect(body.items.map((m: { login: string; total: number }) => [m.login, m.total])).toEqual([['alice', 10], ['bob', 7]]);
    // Per repository, official is the subnet's per-repository score (2.25), not the overall 3.5.
    expect(body.items[0].official).toMatchObject({ uids: [7], total_score: 2.25, is_eligible: true });
    expect((await get('/api/miners?registered=true')).json().items[0]).toMatchObject({ login: 'alice', total: 15, official: { total_score: 3.5 } });
  });

  it('sort=login pages by login', async () => {
    const first = (await get('/api/miners?repo=acme/gadgets&sort=login&limit=1')).json();
    expect(logins(first)).toEqual(['alice']);
    const second = (await get(`/api/miners?repo=acme/gadgets&sort=login&limit=1&cursor=${first.next_cursor}`)).json();
    expect(logins(second)).toEqual([EVE]);
    expect(second.next_cursor).toBeNull();
  });

  it('404 for a repository the hub does not track, 400 for a malformed one or sort', async () => {
    expect((await get('/api/miners?repo=acme/nope')).statusCode).toBe(404);
    expect((await get('/api/miners?repo=nope')).statusCode).toBe(400);
    expect((await get('/api/miners?sort=height')).statusCode).toBe(400);
  });
});

describe('GET /api/miners.csv', () => {
  it('downloads CSV with its type and file name, escaping commas, quotes and newlines', async () => {
    const res = await get('/api/miners.csv?repo=acme/gadgets');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="miners-acme-gadgets.csv"');
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe('rank,login,github_id,registered,eligible,total,repos,computed_at,official_uids,official_total_score,official_is_eligible,official_credibility,official_evaluated_at');
    // Eve 20 first, her login quoted with its quotes doubled and its newline kept inside the quotes; alice 5 with no official gadgets score.
    expect(lines[1]).toBe('1,"Eve, ""the"" \nsecond line",,false,true,20,1,2026-08-20T12:00:00Z,,,,,');
    expect(lines[2]).toBe('2,alice,g-alice,true,false,5,1,2026-08-20T12:00:00Z,,,,,');
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it('carries the official columns, and streams every row past the 500-row reads', async () => {
    const widgetsCsv = (await get('/api/miners.csv?repo=acme/widgets')).body.split('\r\n');
    expect(widgetsCsv[1]).toBe('1,alice,g-alice,true,true,10,1,2026-08-20T12:00:00Z,7,2.25,true,1,2026-08-20T12:00:00Z');
    const bulk = (await get('/api/miners.csv?repo=acme/bulk')).body.trimEnd().split('\r\n').slice(1);
    expect(bulk).toHaveLength(1100);
    // Ranks 1..1100 in order, each author once: m0 (1100) first, m1099 (1) last.
    expect(bulk[0]!.startsWith('1,m0,')).toBe(true);
    expect(bulk[499]!.startsWith('500,m499,')).toBe(true);
    expect(bulk[500]!.startsWith('501,m500,')).toBe(true);
    expect(bulk[1099]!.startsWith('1100,m1099,')).toBe(true);
    expect(new Set(bulk.map((l) => l.split(',')[1])).size).toBe(1100);
  });

  it('answers errors in the hub’s shape', async () => {
    const res = await get('/api/miners.csv?repo=acme/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('repo_not_tracked');
    expect((await get('/api/miners.csv?limit=3')).statusCode).toBe(400);
  });
});
