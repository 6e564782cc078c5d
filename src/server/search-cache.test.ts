import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/database.ts';
import type * as searchQueries from '../db/search.queries.ts';
import { searchItems } from '../db/search.queries.ts';
import { ingestIssues } from '../sync/ingest.ts';
import { buildIssue, buildPull, buildRepo, githubIssue, type BuiltRepo } from '../test/factories.ts';
import { TEST_STORE } from '../test/db.ts';
import { startTestApp, type TestApp } from './test-app.ts';

// Every search the server runs, counted: the inline query (as most tests and PostgreSQL run it) wrapped.
vi.mock('../db/search.queries.ts', async (importOriginal) => {
  const real = await importOriginal<typeof searchQueries>();
  return { ...real, searchItems: vi.fn(real.searchItems) };
});
const searches = vi.mocked(searchItems);

let t: TestApp;
let repo: BuiltRepo;

beforeEach(async () => {
  t = await startTestApp();
  repo = await buildRepo(t.db, { full_name: 'acme/widgets' });
  searches.mockClear();
});
afterEach(async () => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
type Hit = { type: string; item: { repo: string; number: number; title: string }; score: number };
const found = async (url: string) => {
  const res = await get(url);
  expect(res.statusCode, url).toBe(200);
  return (res.json() as { items: Hit[] }).items.map((h) => `${h.type}:${h.item.number}`);
};

/** Changes an item's title as sync does (one transaction through ingest), on a connection of its own: as another process would. */
async function retitle(target: BuiltRepo, number: number, title: string): Promise<void> {
  const writer = openDatabase(t.database.config);
  try {
    const ctx = await target.context();
    await writer.db.transaction().execute((trx) => ingestIssues(trx, ctx, [githubIssue(target, number, { title, updated_at: '2030-01-01T00:00:00Z' })], '2030-01-01T00:00:01Z'));
  } finally {
    await writer.close();
  }
}

describe('kept search answers', () => {
  it('answers a repeated search from the kept answer, whatever order or defaults its URL spells', async () => {
    await buildIssue(t.db, repo, { title: 'Cache eviction is slow' });
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    await buildIssue(t.db, other, { title: 'Cache warm-up' });
    const first = await get('/api/search?q=cache&type=issue');
    expect(first.statusCode).toBe(200);
    expect(first.json().items).toHaveLength(2);
    for (const url of ['/api/search?q=cache&type=issue', '/api/search?type=issue&q=cache', '/api/search?q=cache&type=issue&limit=20']) {
      const again = await get(url);
      expect(again.body, url).toBe(first.body);
    }
    expect(searches).toHaveBeenCalledTimes(1);

    // The repository filter is a set: its order and case do not make another answer.
    const scoped = await get('/api/search?q=cache&repo=acme/widgets,acme/other');
    expect(scoped.json().items).toHaveLength(2);
    expect((await get('/api/search?q=cache&repo=ACME/Other,acme/widgets,acme/other')).body).toBe(scoped.body);
    expect(searches).toHaveBeenCalledTimes(2);
  });

  it('finds a title changed through the store’s write path by the very next search', async () => {
    const issue = await buildIssue(t.db, repo, { title: 'Validator restarts' });
    await buildIssue(t.db, repo, { title: 'Miner docs' });
    expect(await found('/api/search?q=zanzibar')).toEqual([]);
    expect(await found('/api/search?q=zanzibar')).toEqual([]);
    expect(await found('/api/search?q=validator&repo=acme/widgets')).toEqual([`issue:${issue.number}`]);
    expect(searches).toHaveBeenCalledTimes(2);

    await retitle(repo, issue.number, 'Zanzibar support');
    expect(await found('/api/search?q=zanzibar')).toEqual([`issue:${issue.number}`]);
    // The old title is gone from the kept answers too (here with repo=, scoped to the repository that changed).
    expect(await found('/api/search?q=validator&repo=acme/widgets')).toEqual([]);
    expect((await get('/api/search?q=zanzibar')).json().items[0].item.title).toBe('Zanzibar support');
  });

  it('lets a change in another repository move a repository-scoped answer: the index ranks over every repository', async () => {
    // Items without the word, so the word is rare in the index (bm25 weighs rare words higher).
    for (let i = 0; i < 6; i++) await buildIssue(t.db, repo, { title: `Unrelated ${i}` });
    await buildIssue(t.db, repo, { title: 'Tokenizer drops words' });
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    const elsewhere = await buildIssue(t.db, other, { title: 'Unrelated elsewhere' });
    const url = '/api/search?q=tokenizer&repo=acme/widgets';
    const before = (await get(url)).json().items[0].score as number;

    // Only acme/other changes: its item now holds the word too.
    await retitle(other, elsewhere.number, 'Tokenizer in other places');
    const after = (await get(url)).json().items[0].score as number;
    // The score a fresh search gives now, from the query itself (bm25 is lower-is-better; the API flips it).
    const fresh = await searchItems(t.db, { q: 'tokenizer', repoIds: [repo.id], limit: 20, after: null });
    expect(after).toBe(-fresh.rows[0]!.rank);
    // SQLite's bm25 reads how many items of the whole index hold the word; PostgreSQL's ts_rank does not.
    if (TEST_STORE === 'sqlite') expect(after).not.toBe(before);
  });

  it('gives each parameter that changes the answer its own answer', async () => {
    const open = await buildIssue(t.db, repo, { title: 'cache eviction' });
    const closed = await buildIssue(t.db, repo, { title: 'cache warm-up', state: 'closed', state_reason: 'completed' });
    const pull = await buildPull(t.db, repo, { title: 'cache fix', merged: true });
    const other = await buildRepo(t.db, { full_name: 'acme/other' });
    const elsewhere = await buildIssue(t.db, other, { title: 'cache elsewhere' });
    expect((await found('/api/search?q=cache')).sort()).toEqual([`issue:${open.number}`, `issue:${closed.number}`, `pull:${pull.number}`, `issue:${elsewhere.number}`].sort());
    expect(await found('/api/search?q=cache&type=pull')).toEqual([`pull:${pull.number}`]);
    expect((await found('/api/search?q=cache&type=issue')).sort()).toEqual([`issue:${open.number}`, `issue:${closed.number}`, `issue:${elsewhere.number}`].sort());
    expect(await found('/api/search?q=cache&state=completed')).toEqual([`issue:${closed.number}`]);
    expect(await found('/api/search?q=cache&repo=acme/other')).toEqual([`issue:${elsewhere.number}`]);
    expect(await found('/api/search?q=cache&limit=1')).toHaveLength(1);
    expect(await found('/api/search?q=eviction')).toEqual([`issue:${open.number}`]);
    // Same words, other case: the text is kept as typed, so it is its own (equal) answer.
    expect(await found('/api/search?q=EVICTION')).toEqual([`issue:${open.number}`]);
    const page = (await get('/api/search?q=cache&limit=1')).json();
    const next = await found(`/api/search?q=cache&limit=1&cursor=${page.next_cursor}`);
    expect(next).toHaveLength(1);
    expect(next).not.toEqual(await found('/api/search?q=cache&limit=1'));
  });

  it('keeps no error: a failed search is run again by the next request', async () => {
    await buildIssue(t.db, repo, { title: 'flaky store' });
    searches.mockRejectedValueOnce(new Error('store went away'));
    expect((await get('/api/search?q=flaky')).statusCode).toBe(500);
    expect(await found('/api/search?q=flaky')).toEqual(['issue:1']);
    const nine = encodeURIComponent('one two three four five six seven eight nine');
    expect((await get(`/api/search?q=${nine}`)).json().error.code).toBe('query_too_long');
    expect((await get(`/api/search?q=${nine}`)).json().error.code).toBe('query_too_long');
    expect(searches).toHaveBeenCalledTimes(4);
    // An untracked repository is a 404 each time, with no tag to send back, and a search once it is tracked.
    const missing = await get('/api/search?q=flaky&repo=acme/later');
    expect([missing.statusCode, missing.headers.etag]).toEqual([404, undefined]);
    const later = await buildRepo(t.db, { full_name: 'acme/later' });
    await buildIssue(t.db, later, { title: 'flaky later' });
    expect(await found('/api/search?q=flaky&repo=acme/later')).toEqual(['issue:1']);
  });
});
