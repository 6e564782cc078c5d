import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshScoreDrift } from '../sync/score-drift.job.ts';
import { addMinerAccounts, hubScore, MERGED, officialScore } from '../test/drift-fixtures.ts';
import { buildRepo } from '../test/factories.ts';
import { captureLogger } from '../test/logs.ts';
import { startTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
  await addMinerAccounts(t.db);
});
afterEach(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('GET /api/subnet/drift', () => {
  it('answers an empty report before the worker first compared, with zero counts', async () => {
    const res = await get('/api/subnet/drift');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ computed_at: null, tolerance: 0.01, counts: { compared: 0, differing: 0, official_only: 0, hub_only: 0 }, items: [], next_cursor: null });
  });

  it('lists the differing pull requests with both breakdowns, paged, filtered by repository and miner', async () => {
    const widgets = await buildRepo(t.db, { full_name: 'Acme/Widgets' });
    for (const n of [1, 2, 3, 4]) {
      await officialScore(t.db, n, MERGED, { githubId: n === 4 ? '1002' : '1001' });
      await hubScore(t.db, widgets, n, n === 3 ? MERGED : { ...MERGED, review: 1.1, score: 13.75 }, { author: n === 4 ? 'miner-two' : 'Miner-One' });
    }
    await officialScore(t.db, 9, MERGED, { repoKey: 'other/untracked', repository: 'other/untracked' });
    await refreshScoreDrift({ db: t.db, logger: captureLogger('error').logger, now: () => Date.parse('2026-06-01T12:05:00Z') });

    const first = (await get('/api/subnet/drift?limit=2')).json();
    expect(first.computed_at).toBe('2026-06-01T12:05:00Z');
    expect(first.counts).toEqual({ compared: 4, differing: 3, official_only: 1, hub_only: 0 });
    expect(first.items.map((i: { number: number }) => i.number)).toEqual([1, 2]);
    expect(first.items[0]).toEqual({
      repo: 'Acme/Widgets', number: 1, github_id: '1001', miner: 'Miner-One', fields: ['score', 'review'],
      official: { state: 'merged', score: 12.5, collateral: 0, base: 10, token_score: 120, multipliers: { issue: 1.25, label: 1, decay: 1, review: 1, spam: 1 } },
      hub: { state: 'merged', score: 13.75, collateral: 0, base: 10, counted: true, excluded: null, reasons: [], multipliers: { issue: 1.25, label: 1, decay: 1, review: 1.1, spam: 1 } },
      official_at: '2026-06-01T12:00:00Z', hub_at: '2026-06-01T12:01:00Z',
    });
    const second = (await get(`/api/subnet/drift?limit=2&cursor=${first.next_cursor}`)).json();
    expect(second.items.map((i: { number: number }) => i.number)).toEqual([4]);
    expect(second.next_cursor).toBeNull();

    expect((await get('/api/subnet/drift?repo=acme/WIDGETS')).json().items).toHaveLength(3);
    expect((await get('/api/subnet/drift?repo=other/untracked')).json()).toMatchObject({ items: [], counts: { compared: 0, official_only: 1 } });
    const byMiner = (await get('/api/subnet/drift?miner=OLD-two')).json();
    expect(byMiner.items.map((i: { number: number }) => i.number)).toEqual([4]);
    expect(byMiner.counts).toEqual({ compared: 1, differing: 1, official_only: 0, hub_only: 0 });
  });

  it('answers 400 for unknown or malformed parameters and 404 for a miner it has never seen', async () => {
    expect((await get('/api/subnet/drift?minr=x')).statusCode).toBe(400);
    expect((await get('/api/subnet/drift?repo=not-a-repo')).statusCode).toBe(400);
    expect((await get('/api/subnet/drift?limit=0')).statusCode).toBe(400);
    const bad = await get('/api/subnet/drift?cursor=abc');
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'invalid_cursor']);
    const unknown = await get('/api/subnet/drift?miner=nobody');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'miner_not_found']);
  });
});
