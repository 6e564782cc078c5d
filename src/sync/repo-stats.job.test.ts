import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoPayRows, repoStatsRows } from '../db/repo-pay.queries.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { captureLogger } from '../test/logs.ts';
import { DAY, HOUR, insertPull, scoringRepo, T0 } from '../test/scoring-store.ts';
import { refreshRepoStats } from './repo-stats.job.ts';
import { scoreAllRepositories } from './scoring.job.ts';

let d: TestDatabase;
beforeEach(async () => {
  d = await createTestDatabase();
});
afterEach(async () => d.close());

const hourly = (now: number) => scoreAllRepositories({ db: d.db, logger: captureLogger('silent').logger, now: () => now });

describe('repository statistics and the pay split in the hourly run', () => {
  it('with no registration known, every author shares the pools and competition counts authors only', async () => {
    const repo = await scoringRepo(d.db, 'acme/widgets', { emission_share: 0.4 });
    for (const n of [1, 2, 3]) await insertPull(d.db, repo, { number: n, author: 'dev', mergedAt: T0 - 2 * HOUR, createdAt: T0 - DAY });
    await hourly(T0);
    const [pay] = await repoPayRows(d.db);
    // dev scores (unregistered): the repository is active, slice 0.4 of the pool, all of it the PR pool.
    expect(pay).toMatchObject({ basis: 'all_authors', active: 1, pr_scorers: 1, maintainer_cut_applies: 0 });
    expect(pay!.slice).toBeCloseTo(0.4, 12);
    expect(pay!.pr_pool).toBeCloseTo(0.4, 12);
    const [stats] = await repoStatsRows(d.db);
    expect(stats).toMatchObject({ active_authors: 1, active_miners: null, merged: 3, merge_rate: 1, merge_median_s: 22 * 3600 });
  });

  it('time moves the window and the ages; a repository no longer tracked loses its figures', async () => {
    const repo = await scoringRepo(d.db, 'acme/widgets');
    const other = await scoringRepo(d.db, 'acme/gadgets');
    await insertPull(d.db, repo, { number: 1, author: 'dev', createdAt: T0 - 2 * DAY, state: 'open' });
    await insertPull(d.db, repo, { number: 2, author: 'dev', createdAt: T0 - 20 * DAY, state: 'closed', closedAt: T0 - 19 * DAY });
    await hourly(T0);
    let rows = await repoStatsRows(d.db);
    expect(rows.map((r) => r.repo_id).sort()).toEqual([repo.id, other.id].sort());
    expect(rows.find((r) => r.repo_id === repo.id)).toMatchObject({ queue: 1, stale: 0, queue_oldest_age_s: 2 * 86400, closed_unmerged: 1, merge_rate: 0 });

    await d.db.updateTable('repos').set({ active: 0 }).where('id', '=', other.id).execute();
    // Six days on: #1 has waited 8 days with no review (stale); #2 was closed 25 days ago, still in the 30-day window;
    // fifteen days on, it has left the window and no pull request was decided.
    await hourly(T0 + 6 * DAY);
    rows = await repoStatsRows(d.db);
    expect(rows.map((r) => r.repo_id)).toEqual([repo.id]);
    expect(rows[0]).toMatchObject({ stale: 1, queue_oldest_age_s: 8 * 86400, closed_unmerged: 1 });
    await hourly(T0 + 15 * DAY);
    expect((await repoStatsRows(d.db))[0]).toMatchObject({ closed_unmerged: 0, merge_rate: null, active_authors: 1 });
  });

  // Two workers on PostgreSQL may refresh one repository at once (its sync's scoring, the hourly run):
  // a delete then an insert used to fail the second on the key.
  it('refreshes that run at once for one repository leave one row, with its figures', async () => {
    const repo = await scoringRepo(d.db, 'acme/widgets');
    await insertPull(d.db, repo, { number: 1, author: 'dev', createdAt: T0 - 2 * DAY, state: 'open' });
    await insertPull(d.db, repo, { number: 2, author: 'dev', mergedAt: T0 - 2 * HOUR, createdAt: T0 - DAY });
    const deps = { db: d.db, logger: captureLogger('silent').logger, now: () => T0 };
    expect(await Promise.all([1, 2, 3, 4, 5, 6].map(() => refreshRepoStats(deps, 'acme/widgets')))).toEqual([true, true, true, true, true, true]);
    const rows = await repoStatsRows(d.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ repo_id: repo.id, queue: 1, merged: 1, queue_oldest_age_s: 2 * 86400, merge_median_s: 22 * 3600 });
  });

  it('two hourly runs at once (two workers) both store every repository\'s evaluation, split and figures', async () => {
    const a = await scoringRepo(d.db, 'acme/widgets', { emission_share: 0.4 });
    const b = await scoringRepo(d.db, 'acme/gadgets', { emission_share: 0.6 });
    for (const n of [1, 2, 3]) await insertPull(d.db, a, { number: n, author: 'dev', mergedAt: T0 - 2 * HOUR, createdAt: T0 - DAY });
    for (const n of [1, 2, 3, 4]) await insertPull(d.db, b, { number: n, author: 'dev', mergedAt: T0 - 2 * HOUR, createdAt: T0 - DAY });
    const logs = captureLogger('warn');
    await Promise.all([1, 2, 3].map(() => scoreAllRepositories({ db: d.db, logger: logs.logger, now: () => T0 })));
    expect(logs.text()).toBe('');
    const standings = await d.db.selectFrom('hub_standings').select(['repo_id', 'author_key']).orderBy('repo_id').execute();
    expect(standings).toEqual([
      { repo_id: a.id, author_key: 'dev' },
      { repo_id: b.id, author_key: 'dev' },
    ]);
    const pay = await repoPayRows(d.db);
    // Three merged pull requests or more each: both repositories active, each with its one scorer.
    expect(pay.map((r) => [r.repo_id, r.active, r.pr_scorers]).sort()).toEqual([[a.id, 1, 1], [b.id, 1, 1]].sort());
    expect((await repoStatsRows(d.db)).map((r) => [r.repo_id, r.merged]).sort()).toEqual([[a.id, 3], [b.id, 4]].sort());
  });
});
