import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { at, scoringRepo, T0 } from '../test/scoring-store.ts';
import type { RepoRow } from './schema.ts';
import { listMinerSummaries, refreshMinerTotals, writeEvaluation, type StandingWrite } from './scoring.queries.ts';

let d: TestDatabase;
beforeEach(async () => {
  d = await createTestDatabase();
});
afterEach(async () => d.dispose());

const standing = (login: string, total: number, eligible = false): StandingWrite => ({
  authorKey: login.toLowerCase(), login, githubId: null, registered: false, eligible, total, issueTotal: 0, standing: '{}', projection: '{}', pulls: [],
});

async function evaluate(repo: RepoRow, standings: StandingWrite[], removed: string[] = []) {
  await d.db.transaction().execute((trx) =>
    writeEvaluation(trx, { repoId: repo.id, standings, removed, computedAt: at(T0), state: { repo_id: repo.id, data_version: 1, inputs_version: 'v', scored_at: at(T0) } }),
  );
}

const page = async (o: { repoId?: number; sort?: 'total' | 'login' } = {}) =>
  (await listMinerSummaries(d.db, { limit: 10, after: null, ...o })).map((r) => [r.login, r.total, r.repos, r.eligible]);

describe('the leaderboard sums the scoring job keeps', () => {
  it('follow every write of a standing, a removal and a deactivated repository', async () => {
    const widgets = await scoringRepo(d.db, 'acme/widgets');
    const gadgets = await scoringRepo(d.db, 'acme/gadgets');
    await evaluate(widgets, [standing('alice', 10, true), standing('bob', 7)]);
    await evaluate(gadgets, [standing('alice', 5), standing('carol', 12.5)]);
    // alice 10 + 5 = 15 over two repositories, eligible in one; carol 12.5; bob 7.
    expect(await page()).toEqual([['alice', 15, 2, 1], ['carol', 12.5, 1, 0], ['bob', 7, 1, 0]]);

    // alice re-evaluated in widgets at 12: 12 + 5 = 17. bob leaves widgets, so he has no row.
    await evaluate(widgets, [standing('alice', 12)], ['bob']);
    expect(await page()).toEqual([['alice', 17, 2, 0], ['carol', 12.5, 1, 0]]);

    // One repository's board is its own standings, one repository each.
    expect(await page({ repoId: gadgets.id })).toEqual([['carol', 12.5, 1, 0], ['alice', 5, 1, 0]]);
    expect(await page({ sort: 'login' })).toEqual([['alice', 17, 2, 0], ['carol', 12.5, 1, 0]]);

    // gadgets deactivated: the whole refresh (the hourly run) leaves it out: alice 12, carol none.
    await d.db.updateTable('repos').set({ active: 0 }).where('id', '=', gadgets.id).execute();
    await refreshMinerTotals(d.db, null);
    expect(await page()).toEqual([['alice', 12, 1, 0]]);
    expect(await page({ repoId: gadgets.id })).toEqual([]);
  });

  it('stay one row per author, with both repositories summed, when two scorers commit at once', async () => {
    const widgets = await scoringRepo(d.db, 'acme/widgets');
    const gadgets = await scoringRepo(d.db, 'acme/gadgets');
    const write = (repo: RepoRow, total: number) => ({ repoId: repo.id, standings: [standing('alice', total)], removed: [], computedAt: at(T0), state: { repo_id: repo.id, data_version: 1, inputs_version: 'v', scored_at: at(T0) } });
    // The first holds its transaction open after writing alice's sums; the second writes hers meanwhile.
    // Without a lock of their own, PostgreSQL's second insert of alice's row fails on the key once the first commits.
    const first = d.db.transaction().execute(async (trx) => {
      await writeEvaluation(trx, write(widgets, 10));
      await new Promise((r) => setTimeout(r, 300));
    });
    await new Promise((r) => setTimeout(r, 50));
    const second = d.db.transaction().execute((trx) => writeEvaluation(trx, write(gadgets, 4)));
    await Promise.all([first, second]);
    // By hand: alice 10 in widgets + 4 in gadgets = 14, over two repositories.
    expect(await page()).toEqual([['alice', 14, 2, 0]]);
  });

  it('pages by rank with the keyset after a tie', async () => {
    const widgets = await scoringRepo(d.db, 'acme/widgets');
    await evaluate(widgets, [standing('dora', 3), standing('abe', 3), standing('cy', 9)]);
    const first = await listMinerSummaries(d.db, { limit: 2, after: null });
    expect(first.map((r) => r.login)).toEqual(['cy', 'abe']);
    const next = await listMinerSummaries(d.db, { limit: 2, after: { total: 3, key: 'abe' } });
    expect(next.map((r) => r.login)).toEqual(['dora']);
  });
});
