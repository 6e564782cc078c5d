import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { TEST_STORE } from '../test/db.ts';
import { sqliteOnly } from '../test/store.ts';

// The fixture's entries are built in SQL: SQLite's json_object, PostgreSQL's jsonb_build_object (stored as text).
const pgStore = TEST_STORE === 'postgres';
const obj = sql.raw(pgStore ? 'jsonb_build_object' : 'json_object');
const json = (text: string) => (pgStore ? sql`${sql.lit(text)}::jsonb` : sql`json(${sql.lit(text)})`);
const asText = sql.raw(pgStore ? '::text' : '');
import { buildRepo } from '../test/factories.ts';
import { refreshScoreDrift } from '../sync/score-drift.job.ts';
import { captureLogger } from '../test/logs.ts';
import { listStoredDrift, storedDriftCounts } from './score-drift.queries.ts';

// 20,000 scored pull requests over 4 repositories, each scored by both sides, 20 of them differing.
const N = 20_000;
let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  const repos = [];
  for (let k = 0; k < 4; k++) repos.push(await buildRepo(t.db, { full_name: `acme/r${k}` }));
  await t.db.insertInto('subnet_accounts').values({ github_id: '1', login: 'miner', miner_count: 1, first_seen_at: '2026-06-01T00:00:00Z', updated_at: '2026-06-01T00:00:00Z' }).execute();
  for (const r of repos) {
    const per = N / repos.length;
    await sql`
      WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < ${per})
      INSERT INTO items (repo_id, number, is_pull, title, state, status, created_at, updated_at, synced_at, merged, author, author_key)
      SELECT ${r.id}, x, 1, 'pull ' || x, 'closed', 'merged', '2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z', '2026-06-01T00:00:00Z', 1, 'miner', 'miner' FROM n`.execute(t.db);
    await sql`
      INSERT INTO subnet_pr_scores (repo_key, number, repository, github_id, pr_state, score, base_score, collateral_score, token_score, label_multiplier, issue_multiplier,
        time_decay_multiplier, review_quality_multiplier, open_pr_spam_multiplier, linked_issues, updated_at)
      SELECT ${r.name_key}, number, ${r.full_name}, '1', 'MERGED', 12.5, 10, 0, 100, 1, 1.25, 1, 1, 1, '[]', '2026-06-01T00:00:00Z' FROM items WHERE repo_id = ${r.id}`.execute(t.db);
    await sql`
      INSERT INTO hub_pull_scores (item_id, repo_id, author_key, earned, entry, computed_at)
      SELECT id, repo_id, 'miner', 12.5, ${obj}('number', number, 'state', 'merged', 'counted', ${json('true')}, 'excluded', NULL, 'base', 10,
        'multipliers', ${obj}('issue', 1.25, 'label', CASE WHEN number % 1000 = 7 THEN 1.5 ELSE 1 END, 'decay', 1, 'review', 1, 'spam', 1),
        'earned', 12.5, 'collateral', 0, 'reasons', ${json('[]')})${asText}, '2026-06-01T00:00:00Z' FROM items WHERE repo_id = ${r.id}`.execute(t.db);
  }
}, 120_000);
afterAll(async () => t.dispose());

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  await fn(); // warm the page cache, as a running server's is
  const runs: number[] = [];
  let value!: T;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    value = await fn();
    runs.push(performance.now() - started);
  }
  return { value, ms: Math.min(...runs) };
}

describe('the score drift report at 20,000 scored pull requests', () => {
  it('is computed by the worker in well under a second, and read a page at a time in milliseconds', async () => {
    const started = performance.now();
    const refresh = await refreshScoreDrift({ db: t.db, logger: captureLogger('error').logger });
    const computeMs = performance.now() - started;
    expect(refresh).toMatchObject({ status: 'computed', differing: 20, compared: N });
    expect(await refreshScoreDrift({ db: t.db, logger: captureLogger('error').logger })).toEqual({ status: 'unchanged' });

    const page = await timed(() => listStoredDrift(t.db, { limit: 50 }));
    expect(page.value).toHaveLength(20);
    expect(page.value.every((r) => r.number % 1000 === 7 && r.fields === '["label"]')).toBe(true);
    const counts = await timed(() => storedDriftCounts(t.db, {}));
    expect(counts.value).toEqual({ compared: N, differing: 20, officialOnly: 0, hubOnly: 0 });
    const oneRepo = await timed(() => storedDriftCounts(t.db, { repoKey: 'acme/r1' }));
    expect(oneRepo.value.compared).toBe(N / 4);
    // Recorded in docs/subnet-data.md (2-core machine, shared).
    console.log(`score drift at ${N}: computed in ${computeMs.toFixed(0)} ms; a page read in ${page.ms.toFixed(1)} ms, the counts in ${counts.ms.toFixed(1)} ms`);
    // The bounds hold the SQLite store to what docs/subnet-data.md records. On PostgreSQL the
    // comparison took 23.7 s before its CTE was materialised and 2.9 s after (docs/store.md,
    // the same loaded 2-core machine): the bound there is loose, to catch that regression only.
    if (TEST_STORE === 'sqlite') {
      expect(computeMs).toBeLessThan(5000);
      expect(page.ms).toBeLessThan(50);
      expect(counts.ms).toBeLessThan(50);
    } else {
      expect(computeMs).toBeLessThan(12_000);
    }
  });

  it.skipIf(sqliteOnly("reads SQLite's EXPLAIN QUERY PLAN"))('compares by looking up the hub side by index, never scanning items or evaluations', async () => {
    const { rows } = await sql<{ detail: string }>`EXPLAIN QUERY PLAN
      SELECT s.repo_key, h.entry FROM subnet_pr_scores s
      LEFT JOIN repos r ON r.name_key = s.repo_key
      LEFT JOIN items i ON i.repo_id = r.id AND i.number = s.number
      LEFT JOIN hub_pull_scores h ON h.item_id = i.id`.execute(t.db);
    const plan = rows.map((r) => r.detail).join('\n');
    expect(plan).toMatch(/SEARCH i USING (COVERING )?INDEX sqlite_autoindex_items_1/);
    expect(plan).toMatch(/SEARCH h USING INTEGER PRIMARY KEY/);
    expect(plan).not.toMatch(/SCAN (i|h)\b/);
  });
});
