import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RepoEntry, ScoredPullEntry } from '../core/scoring/entries.ts';
import type { RepoRow } from '../db/schema.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { captureLogger } from '../test/logs.ts';
import { bumpDataVersion, DAY, HOUR, insertPull, registerMiner, scoringRepo, T0 } from '../test/scoring-store.ts';
import { scoreAfterSync, scoreAllRepositories, scoreRepository, type ScoringDeps } from './scoring.job.ts';
import { sqliteOnly } from '../test/store.ts';

let t: TestDatabase;
let a: RepoRow;
let b: RepoRow;
let clock = T0;
let deps: ScoringDeps;
const logs = captureLogger('info');

beforeEach(async () => {
  t = await createTestDatabase();
  clock = T0;
  deps = { db: t.db, logger: logs.logger, now: () => clock };
  a = await scoringRepo(t.db, 'acme/widgets');
  b = await scoringRepo(t.db, 'acme/gadgets');
});
afterEach(async () => t.dispose());

async function standing(repo: RepoRow, login: string) {
  const row = await t.db.selectFrom('hub_standings').selectAll().where('repo_id', '=', repo.id).where('author_key', '=', login).executeTakeFirst();
  return row ? { ...row, entry: JSON.parse(row.standing) as RepoEntry } : undefined;
}
async function pullEntry(itemId: number) {
  const row = await t.db.selectFrom('hub_pull_scores').selectAll().where('item_id', '=', itemId).executeTakeFirstOrThrow();
  return JSON.parse(row.entry) as ScoredPullEntry;
}

describe('the scoring job', () => {
  it('stores a standing per author and an entry per pull request, the projection with it', async () => {
    const merged = await insertPull(t.db, a, { number: 1, mergedAt: T0 - 2 * HOUR });
    const open = await insertPull(t.db, a, { number: 2, state: 'open' });
    await insertPull(t.db, a, { number: 3, author: 'someone', state: 'open' });
    const out = await scoreRepository(deps, 'acme/widgets');
    expect(out).toMatchObject({ skipped: false, authors: 2, evaluated: 2, removed: 0 });
    const s = (await standing(a, 'miner-one'))!;
    expect(s).toMatchObject({ login: 'miner-one', registered: 0, eligible: 0, total: 0 });
    expect(s.entry).toMatchObject({ repo: 'acme/widgets', merged: 1, open: 1, closed: 0, blocked_by: ['below_min_merged'] });
    // Merged 2 h ago: grace ends at 12 h, when decay first drops to 0.98.
    const m = await pullEntry(merged);
    expect(m).toMatchObject({ state: 'merged', earned: 20.87, projection: { earned_now: 20.87, next_drop_at: '2026-08-20T22:00:00Z', curve: { grace_ends_at: '2026-08-20T22:00:00Z' } } });
    // 20.87 × 0.98 = 20.4526, presented to 2 decimals.
    expect(m.projection!.earned_after_drop).toBe(20.45);
    // Open: 20.87 × 0.2 held; merged now it earns the base (decay 1, no issue, default label).
    expect(await pullEntry(open)).toMatchObject({ state: 'open', collateral: 4.17, earned: 0, projection: { earned_now: 20.87 } });
    expect((await t.db.selectFrom('scoring_state').selectAll().where('repo_id', '=', a.id).executeTakeFirstOrThrow()).data_version).toBe(1);
  });

  it('re-scores a changed repository, and only the authors whose inputs changed; an unchanged repository is skipped', async () => {
    await insertPull(t.db, a, { number: 1, mergedAt: T0 - 2 * HOUR });
    await insertPull(t.db, a, { number: 2, author: 'someone', mergedAt: T0 - 2 * HOUR });
    await insertPull(t.db, b, { number: 1, mergedAt: T0 - 2 * HOUR });
    await scoreRepository(deps, 'acme/widgets');
    await scoreRepository(deps, 'acme/gadgets');

    clock = T0 + HOUR;
    await insertPull(t.db, a, { number: 3, state: 'open' });
    await bumpDataVersion(t.db, a);
    expect(await scoreRepository(deps, 'acme/widgets')).toMatchObject({ skipped: false, evaluated: 1 });
    expect(await scoreRepository(deps, 'acme/gadgets')).toMatchObject({ skipped: true, evaluated: 0 });
    expect((await standing(a, 'miner-one'))!.computed_at).toBe('2026-08-20T13:00:00Z');
    expect((await standing(a, 'miner-one'))!.entry.open).toBe(1);
    expect((await standing(a, 'someone'))!.computed_at).toBe('2026-08-20T12:00:00Z');
    expect((await standing(b, 'miner-one'))!.computed_at).toBe('2026-08-20T12:00:00Z');

    // A fact arriving without a sync commit (a review) is seen too.
    clock = T0 + 2 * HOUR;
    const pr2 = await t.db.selectFrom('items').select('id').where('repo_id', '=', a.id).where('number', '=', 2).executeTakeFirstOrThrow();
    await t.db.insertInto('pull_reviews').values({ item_id: pr2.id, review_id: 'r9', author: 'boss', author_id: null, author_association: 'OWNER', state: 'CHANGES_REQUESTED', submitted_at: '2026-08-20T13:30:00Z' }).execute();
    expect(await scoreRepository(deps, 'acme/widgets')).toMatchObject({ skipped: false, evaluated: 1 });
    expect((await pullEntry(pr2.id)).multipliers.review).toBe(0.85);

    // Registration changes are inputs too.
    await registerMiner(t.db, 7, 'someone', 'id-someone');
    expect(await scoreRepository(deps, 'acme/widgets')).toMatchObject({ skipped: false, evaluated: 1 });
    expect((await standing(a, 'someone'))!.registered).toBe(1);
  });

  it('the hourly run re-evaluates everyone: decay moves with time', async () => {
    const id = await insertPull(t.db, a, { number: 1, mergedAt: T0 - 2 * HOUR });
    await scoreRepository(deps, 'acme/widgets');
    expect((await pullEntry(id)).earned).toBe(20.87);
    clock = T0 - 2 * HOUR + 5 * DAY;
    // Nothing changed: the post-sync check leaves it.
    expect(await scoreRepository(deps, 'acme/widgets')).toMatchObject({ skipped: true });
    expect((await pullEntry(id)).earned).toBe(20.87);
    const runs = await scoreAllRepositories(deps);
    expect(runs.map((r) => r.repo)).toEqual(['acme/gadgets', 'acme/widgets']);
    // 5 days after the merge the decay is 0.88 (docs/scoring.md): 20.87 × 0.88 = 18.3656.
    const e = await pullEntry(id);
    expect(e.multipliers.decay).toBe(0.88);
    expect(e.earned).toBe(18.37);
  });

  it.skipIf(sqliteOnly('makes the write fail with a SQLite trigger (RAISE); the transaction is the same on both stores'))('a crash while writing leaves the previous complete evaluation', async () => {
    const first = await insertPull(t.db, a, { number: 1, mergedAt: T0 - 2 * HOUR });
    await scoreRepository(deps, 'acme/widgets');
    const before = await t.db.selectFrom('hub_standings').selectAll().execute();
    const stateBefore = await t.db.selectFrom('scoring_state').selectAll().execute();

    clock = T0 + 5 * DAY;
    const second = await insertPull(t.db, a, { number: 2, mergedAt: T0 + 4 * DAY });
    await bumpDataVersion(t.db, a);
    // The store fails on the second pull request's row, after the standing rows were replaced.
    await sql`CREATE TRIGGER fail_write BEFORE INSERT ON hub_pull_scores WHEN NEW.item_id = ${sql.lit(second)} BEGIN SELECT RAISE(ABORT, 'disk on fire'); END`.execute(t.db);
    await expect(scoreRepository(deps, 'acme/widgets')).rejects.toThrow(/disk on fire/);
    expect(await t.db.selectFrom('hub_standings').selectAll().execute()).toEqual(before);
    expect(await t.db.selectFrom('scoring_state').selectAll().execute()).toEqual(stateBefore);
    expect((await pullEntry(first)).earned).toBe(20.87);
    expect(await t.db.selectFrom('hub_pull_scores').select('item_id').execute()).toEqual([{ item_id: first }]);

    // After sync the failure is logged, never thrown; the next run completes.
    expect(await scoreAfterSync(deps, 'acme/widgets')).toBeNull();
    expect(logs.text()).toContain('scoring after sync failed');
    await sql`DROP TRIGGER fail_write`.execute(t.db);
    expect(await scoreAfterSync(deps, 'acme/widgets')).toMatchObject({ skipped: false, evaluated: 1 });
    expect((await standing(a, 'miner-one'))!.entry.merged).toBe(2);
  });

  it('an author with no item left loses the standing', async () => {
    await insertPull(t.db, a, { number: 1, author: 'leaver', mergedAt: T0 - 2 * HOUR });
    await scoreRepository(deps, 'acme/widgets');
    expect(await standing(a, 'leaver')).toBeDefined();
    await t.db.updateTable('items').set({ gone: 'deleted' }).where('repo_id', '=', a.id).execute();
    await bumpDataVersion(t.db, a);
    expect(await scoreRepository(deps, 'acme/widgets')).toMatchObject({ removed: 1 });
    expect(await standing(a, 'leaver')).toBeUndefined();
    expect(await t.db.selectFrom('hub_pull_scores').selectAll().execute()).toEqual([]);
  });
});
