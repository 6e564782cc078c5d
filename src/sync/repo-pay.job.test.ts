import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoPayRows } from '../db/repo-pay.queries.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildRepo } from '../test/factories.ts';
import { allocateRepoPay } from './repo-pay.job.ts';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.close();
});

describe('the emission split', () => {
  // Every worker splits after each repository it scores. On PostgreSQL, replacements that ran at
  // once used to collide on the primary key (each deleted only the rows it saw, then inserted).
  it('is replaced whole by splits that run at once, each of them stored, the last one standing', async () => {
    const repos = await Promise.all([1, 2, 3].map(() => buildRepo(database.db)));
    const inactive = await buildRepo(database.db, { active: false });
    const times = [1, 2, 3, 4, 5, 6].map((k) => Date.UTC(2026, 11, 3, 12, 0, k));
    const splits = await Promise.all(times.map((t) => allocateRepoPay(database.db, t)));
    for (const split of splits) expect(split.map((r) => r.repo_id).sort((a, b) => a - b)).toEqual(repos.map((r) => r.id).sort((a, b) => a - b));
    const stored = await repoPayRows(database.db);
    expect(stored.map((r) => r.repo_id).sort((a, b) => a - b)).toEqual(repos.map((r) => r.id).sort((a, b) => a - b));
    expect(stored.some((r) => r.repo_id === inactive.id)).toBe(false);
    // One split's rows, whole: all stored at the same time.
    expect(new Set(stored.map((r) => r.computed_at)).size).toBe(1);
  });
});
