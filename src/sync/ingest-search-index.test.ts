import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addOperatorRepo } from '../db/repos.queries.ts';
import type { GithubIssue } from '../github/schemas.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { ingestIssues, type RepoContext } from './ingest.ts';
import { TEST_STORE } from '../test/db.ts';
import { matchingIds } from '../db/search-dialect.ts';

let t: TestDatabase;
let repo: RepoContext;

beforeEach(async () => {
  t = await createTestDatabase();
  const row = await addOperatorRepo(t.db, 'acme/widgets');
  repo = { id: row.id, fullName: row.full_name, key: row.name_key, defaultBranch: 'main', trackedNames: new Map([[row.name_key, row.full_name]]) };
});
afterEach(async () => t.dispose());

const issue = (updatedAt: string, fields: Partial<GithubIssue> = {}): GithubIssue => ({
  id: 1001, number: 1, title: 'Validator crashes on restart', body: 'It exits without a log line.', state: 'open', labels: [], comments: 0, locked: false,
  user: { login: 'reporter' }, created_at: '2024-03-01T00:00:00Z', updated_at: updatedAt, ...fields,
});

// Every write to the FTS5 index adds rows to its data table (segments, until merged).
// On PostgreSQL a rewritten search row gets the (larger) id of the transaction that wrote it.
const indexRows = async () =>
  TEST_STORE === 'postgres'
    ? Number((await sql<{ n: string }>`SELECT coalesce(max(xmin::text::bigint), 0) AS n FROM items_search`.execute(t.db)).rows[0]!.n)
    : Number((await sql<{ n: number }>`SELECT count(*) AS n FROM items_fts_data`.execute(t.db)).rows[0]!.n);
const search = async (word: string) => (await matchingIds(t.db, `"${word}"`, 10).execute(t.db)).rows.length;

describe('ingest and the search index', () => {
  it('leaves the index alone when an update keeps title and body, and follows a changed title', async () => {
    await ingestIssues(t.db, repo, [issue('2024-03-01T00:00:00Z')], '2024-03-01T00:00:01Z');
    expect(await search('crashes')).toBe(1);
    const before = await indexRows();

    const counted = await ingestIssues(t.db, repo, [issue('2024-03-02T00:00:00Z', { comments: 4, state: 'closed', state_reason: 'completed' })], '2024-03-02T00:00:01Z');
    expect(counted.updated).toBe(1);
    expect(await indexRows()).toBe(before);
    const stored = await t.db.selectFrom('items').select(['comments', 'status', 'title', 'body']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ comments: 4, status: 'completed', title: 'Validator crashes on restart', body: 'It exits without a log line.' });

    await ingestIssues(t.db, repo, [issue('2024-03-03T00:00:00Z', { title: 'Miner hangs on restart' })], '2024-03-03T00:00:01Z');
    expect(await indexRows()).toBeGreaterThan(before);
    expect(await search('crashes')).toBe(0);
    expect(await search('hangs')).toBe(1);
    expect(await search('log')).toBe(1);
  });
});
