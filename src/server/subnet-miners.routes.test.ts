import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreRepository } from '../sync/scoring.job.ts';
import { captureLogger } from '../test/logs.ts';
import { HOUR, insertPull, registerMiner, scoringRepo, T0 } from '../test/scoring-store.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
  const a = await scoringRepo(t.db, 'acme/widgets');
  const b = await scoringRepo(t.db, 'acme/gadgets');
  let n = 0;
  const merged = (repo: typeof a, author: string, count: number) => Promise.all(Array.from({ length: count }, () => insertPull(t.db, repo, { number: ++n, author, mergedAt: T0 - 2 * HOUR })));
  await merged(a, 'alice', 3);
  await merged(a, 'bob', 1);
  await merged(b, 'alice', 3);
  await merged(b, 'carol', 3);
  await insertPull(t.db, b, { number: ++n, author: 'carol', state: 'open' });
  await registerMiner(t.db, 1, 'alice', 'id-alice');
  await registerMiner(t.db, 2, 'alice', 'id-alice');
  await t.db.updateTable('subnet_miners').set({ total_score: 10, is_eligible: 1, credibility: 0.9, evaluated_at: '2026-08-20T11:00:00Z' }).where('uid', '=', 1).execute();
  await t.db.updateTable('subnet_miners').set({ total_score: 5.5 }).where('uid', '=', 2).execute();
  const deps = { db: t.db, logger: captureLogger('silent').logger, now: () => T0 };
  await scoreRepository(deps, 'acme/widgets');
  await scoreRepository(deps, 'acme/gadgets');
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('GET /api/miners', () => {
  it('lists every author by computed total, highest first, with the official standing where known', async () => {
    const res = await get('/api/miners');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    // alice: 3 × 20.87 in each repository = 125.22; carol: 62.61 − 20.87 × 0.2 = 58.436; bob: 1 merged, not eligible: 0.
    expect(body.items.map((m: { login: string; total: number }) => [m.login, m.total])).toEqual([['alice', 125.22], ['carol', 58.44], ['bob', 0]]);
    expect(body.items[0]).toMatchObject({ registered: true, repos: 2 });
    expect(body.items[0].official).toEqual({ uids: [1, 2], total_score: 15.5, is_eligible: true, credibility: 0.9, evaluated_at: '2026-08-20T11:00:00Z' });
    expect(body.items[1]).toMatchObject({ login: 'carol', registered: false, eligible: true, repos: 1, official: null });
    expect(body.next_cursor).toBeNull();
  });

  it('pages with next_cursor and filters by registration', async () => {
    const first = (await get('/api/miners?limit=2')).json();
    expect(first.items.map((m: { login: string }) => m.login)).toEqual(['alice', 'carol']);
    const second = (await get(`/api/miners?limit=2&cursor=${first.next_cursor}`)).json();
    expect(second).toMatchObject({ items: [{ login: 'bob' }], next_cursor: null });
    expect((await get('/api/miners?registered=true')).json().items.map((m: { login: string }) => m.login)).toEqual(['alice']);
    expect((await get('/api/miners?registered=false')).json().items.map((m: { login: string }) => m.login)).toEqual(['carol', 'bob']);
  });

  it('400 for unknown parameters, a bad limit and a forged cursor', async () => {
    expect((await get('/api/miners?sort=x')).statusCode).toBe(400);
    expect((await get('/api/miners?limit=0')).statusCode).toBe(400);
    const bad = await get('/api/miners?cursor=WyJsIl0');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_cursor');
  });
});
