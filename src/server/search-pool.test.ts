import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchItems, type SearchSpec } from '../db/search.queries.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildIssue, buildPull, buildRepo } from '../test/factories.ts';
import { SearchPool } from './search-pool.ts';
import { sqliteOnly } from '../test/store.ts';

let database: TestDatabase;
let pool: SearchPool | null = null;
beforeEach(async () => {
  database = await createTestDatabase();
  const repo = await buildRepo(database.db, { full_name: 'acme/widgets' });
  await buildIssue(database.db, repo, { title: 'Validator crashes on start', body: 'The validator crashes when the list is empty.' });
  await buildIssue(database.db, repo, { title: 'Docs for the miner', body: 'Explain how the validator scores.' });
  await buildPull(database.db, repo, { title: 'Fix the validator crash', body: 'Fixes #1' });
});
afterEach(async () => {
  await pool?.close();
  pool = null;
  await database.dispose();
});

const spec = (q: string, extra: Partial<SearchSpec> = {}): SearchSpec => ({ q, repoIds: null, limit: 20, after: null, ...extra });

describe.skipIf(sqliteOnly('the search thread pool opens the SQLite file; PostgreSQL searches run on the main pool'))('SearchPool', () => {
  it('answers searches on its own threads exactly as the inline query does', async () => {
    pool = new SearchPool(database.path, 2);
    for (const s of [spec('validator'), spec('validator', { isPull: true }), spec('"validator crashes"'), spec('nothing-matches-this')]) {
      expect(await pool.search(s)).toEqual(await searchItems(database.db, s));
    }
    const many = await Promise.all(Array.from({ length: 20 }, () => pool!.search(spec('validator'))));
    expect(new Set(many.map((r) => r.rows.length))).toEqual(new Set([3]));
  });

  it('sees rows written after it started (a live store, not a copy)', async () => {
    pool = new SearchPool(database.path, 1);
    expect((await pool.search(spec('zanzibar'))).rows).toEqual([]);
    await buildIssue(database.db, undefined, { title: 'Zanzibar support' });
    expect((await pool.search(spec('zanzibar'))).rows.map((r) => r.title)).toEqual(['Zanzibar support']);
  });

  it('shows a state or a title written after its window was ranked, by another connection', async () => {
    pool = new SearchPool(database.path, 1);
    const open = spec('validator', { statuses: ['open'], isPull: false });
    expect((await pool.search(open)).rows.map((r) => r.number).sort()).toEqual([1, 2]);
    // Issue 1 closed by the store's writer: no title or body moved, the thread keeps its window and still reads the state.
    await database.db.updateTable('items').set({ state: 'closed', status: 'completed' }).where('number', '=', 1).execute();
    expect((await pool.search(open)).rows.map((r) => r.number)).toEqual([2]);
    await database.db.updateTable('items').set({ title: 'Docs for the operator', body: 'Explain the scores.' }).where('number', '=', 2).execute();
    expect((await pool.search(open)).rows).toEqual([]);
    expect((await pool.search(spec('operator'))).rows.map((r) => r.number)).toEqual([2]);
  });

  it('replaces a thread that dies, failing only what it had in hand', async () => {
    pool = new SearchPool(database.path, 1);
    await pool.search(spec('validator'));
    const threads = (pool as unknown as { threads: { worker: { terminate(): Promise<number> } }[] }).threads;
    await threads[0]!.worker.terminate();
    await expect.poll(async () => (await pool!.search(spec('validator')).catch(() => null))?.rows.length, { timeout: 10_000 }).toBe(3);
  });

  it('refuses work once closed', async () => {
    pool = new SearchPool(database.path, 1);
    await pool.close();
    await expect(pool.search(spec('validator'))).rejects.toThrow(/closed/);
  });
});
