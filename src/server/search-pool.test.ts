import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { searchItems, type SearchSpec } from '../db/search.queries.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { buildIssue, buildPull, buildRepo } from '../test/factories.ts';
import { buildListPage, type ListJob } from './list-build.ts';
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

  it('builds list pages on its threads, the same text as on the event loop, from the live store', async () => {
    pool = new SearchPool(database.path, 2);
    const repo = await database.db.selectFrom('repos').select(['id', 'full_name']).executeTakeFirstOrThrow();
    const issues: ListJob = { kind: 'issue', query: { state: ['open'], sort: 'number', direction: 'asc', limit: 1 }, after: null, repos: [repo], excludeRepoIds: [] };
    const first = await pool.list(issues);
    expect(first.text).toBe((await buildListPage(database.db, issues)).text);
    const page = JSON.parse(first.text) as { items: { number: number; title: string }[]; next_cursor: string | null; total_count: number | null };
    // Written by hand: two open issues, the first by number, a cursor to the second, the stored total of open issues.
    expect(page.items.map((i) => [i.number, i.title])).toEqual([[1, 'Validator crashes on start']]);
    expect(page.next_cursor).not.toBeNull();
    expect(page.total_count).toBe(2);
    const pulls: ListJob = { kind: 'pull', query: { state: ['open', 'draft'], sort: 'updated', direction: 'desc', limit: 20 }, after: null, repos: null, excludeRepoIds: [] };
    const pullPage = await pool.list(pulls);
    expect(pullPage.text).toBe((await buildListPage(database.db, pulls)).text);
    expect((JSON.parse(pullPage.text) as { items: { title: string; repo: string }[] }).items.map((p) => [p.repo, p.title])).toEqual([['acme/widgets', 'Fix the validator crash']]);
    // A row written after the thread opened its connection is on the next page it builds.
    await buildIssue(database.db, undefined, { title: 'Zanzibar support' });
    const all: ListJob = { ...issues, query: { ...issues.query, limit: 20 }, repos: null };
    expect((JSON.parse((await pool.list(all)).text) as { items: { title: string }[] }).items.map((i) => i.title)).toContain('Zanzibar support');
  });

  it('fails a list build that cannot be answered with the error, not a hang', async () => {
    pool = new SearchPool(database.path, 1);
    // A sort the list query does not know: the build throws on the thread, the error comes back.
    const job = { kind: 'issue', query: { state: ['open'], sort: 'nonsense', direction: 'asc', limit: 5 }, after: null, repos: null, excludeRepoIds: [] } as unknown as ListJob;
    await expect(pool.list(job)).rejects.toThrow(/no such column/);
    expect((await pool.search(spec('validator'))).rows.length).toBe(3);
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
