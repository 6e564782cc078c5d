import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestIssues } from '../sync/ingest.ts';
import { createTestDatabase, TEST_STORE, type TestDatabase } from '../test/db.ts';
import { buildRepo, githubIssue, type BuiltRepo } from '../test/factories.ts';
import { openDatabase } from './database.ts';
import { MARK_END, MARK_START, searchItems, searchTextVersion, SearchWindows, type SearchSpec } from './search.queries.ts';

// Ranked windows are kept by the version of the indexed text: these tests change
// one input at a time (a state, a title, a body, a new item) and say by hand what
// the next search must show and whether it may reuse the ranking.

let database: TestDatabase;
let repo: BuiltRepo;
let windows: SearchWindows;

beforeEach(async () => {
  database = await createTestDatabase();
  repo = await buildRepo(database.db, { full_name: 'acme/widgets' });
  windows = new SearchWindows();
});
afterEach(async () => database.dispose());

let clock = Date.parse('2030-01-01T00:00:00Z');
const later = () => new Date((clock += 60_000)).toISOString();

/** Stores an issue as sync does, at a newer updated_at than anything before. */
async function put(target: BuiltRepo, number: number, fields: { title: string; body: string; state?: 'open' | 'closed' }, db = database.db): Promise<void> {
  const at = later();
  await ingestIssues(db, await target.context(), [githubIssue(target, number, { ...fields, created_at: '2029-01-01T00:00:00Z', updated_at: at })], at);
}

const spec = (q: string, more: Partial<SearchSpec> = {}): SearchSpec => ({ q, repoIds: null, limit: 10, after: null, ...more });
const found = async (q: string, more: Partial<SearchSpec> = {}) =>
  (await searchItems(database.db, spec(q, more), windows)).rows.map((r) => `${r.number}:${r.status}`).sort();

describe('kept search windows', () => {
  it('ranks once while the text stands, and reads states and filters at every search', async () => {
    await put(repo, 1, { title: 'Parser crash on tables', body: 'the parser dies' });
    await put(repo, 2, { title: 'Parser docs', body: 'explain the parser' });
    await put(repo, 3, { title: 'Renderer docs', body: 'nothing about it' });
    expect(await found('parser', { statuses: ['open'] })).toEqual(['1:open', '2:open']);
    expect(windows).toMatchObject({ ranked: 1, reused: 0 });

    // Closed, same title and body: the text version stands, the filter and the row do not.
    const before = await searchTextVersion(database.db);
    await put(repo, 1, { title: 'Parser crash on tables', body: 'the parser dies', state: 'closed' });
    expect(await searchTextVersion(database.db)).toEqual(before);
    expect(await found('parser', { statuses: ['open'] })).toEqual(['2:open']);
    expect(await found('parser')).toEqual(['1:completed', '2:open']);
    expect(await found('parser', { repoIds: [repo.id + 1000] })).toEqual([]);
    expect(windows).toMatchObject({ ranked: 1, reused: 3 });
  });

  it('ranks again after a title or a body changes, and finds and marks the new text', async () => {
    await put(repo, 1, { title: 'Parser crash', body: 'stack trace' });
    await put(repo, 2, { title: 'Parser docs', body: 'explain it' });
    expect(await found('parser')).toEqual(['1:open', '2:open']);

    await put(repo, 2, { title: 'Renderer docs', body: 'explain it' });
    expect(await found('parser')).toEqual(['1:open']);
    const renamed = await searchItems(database.db, spec('renderer'), windows);
    expect(renamed.rows.map((r) => r.title_marked)).toEqual([`${MARK_START}Renderer${MARK_END} docs`]);

    await put(repo, 1, { title: 'Parser crash', body: 'stack trace from the zebra module' });
    const body = await searchItems(database.db, spec('zebra'), windows);
    expect(body.rows.map((r) => [r.number, r.body_marked])).toEqual([[1, `stack trace from the ${MARK_START}zebra${MARK_END} module`]]);
    // parser, parser after the rename, renderer, zebra after the body's change: each a new version or a new query.
    expect(windows).toMatchObject({ ranked: 4, reused: 0 });
    // The body's change moved the version for every query, parser's too.
    expect(await found('parser')).toEqual(['1:open']);
    expect(await found('parser')).toEqual(['1:open']);
    expect(windows).toMatchObject({ ranked: 5, reused: 1 });
  });

  it('ranks once for searches that arrive while the window is being ranked', async () => {
    await put(repo, 1, { title: 'Parser crash', body: 'stack trace' });
    const [a, b] = await Promise.all([found('parser'), found('parser')]);
    expect([a, b]).toEqual([['1:open'], ['1:open']]);
    expect(windows).toMatchObject({ ranked: 1, reused: 1 });
  });

  it('finds an item stored after the window was ranked', async () => {
    await put(repo, 1, { title: 'Token leak', body: 'one' });
    expect(await found('token')).toEqual(['1:open']);
    await put(repo, 2, { title: 'Token refresh', body: 'two' });
    expect(await found('token')).toEqual(['1:open', '2:open']);
    expect(windows).toMatchObject({ ranked: 2, reused: 0 });
  });

  it('keeps the continuation of a first page on its snapshot and its window', async () => {
    for (let n = 1; n <= 5; n++) await put(repo, n, { title: `Cache bug ${n}`, body: 'cache' });
    const first = await searchItems(database.db, spec('cache', { limit: 2 }), windows);
    const second = await searchItems(database.db, spec('cache', { limit: 2, after: first.next }), windows);
    const third = await searchItems(database.db, spec('cache', { limit: 2, after: second.next }), windows);
    const numbers = [...first.rows, ...second.rows, ...third.rows].map((r) => r.number).sort();
    expect(numbers).toEqual([1, 2, 3, 4, 5]);
    expect(third.next).toBeNull();
    expect(windows).toMatchObject({ ranked: 1, reused: 2 });
  });

  it('says truncated from the window alone, whatever the filters leave', async () => {
    for (let n = 1; n <= 4; n++) await put(repo, n, { title: `Crash ${n}`, body: 'crash', state: n === 1 ? 'closed' : 'open' });
    const cut = await searchItems(database.db, spec('crash', { window: 3, statuses: ['completed'] }), windows);
    // The newest three matches are ranked; the closed one is the oldest, outside them.
    expect(cut.rows).toEqual([]);
    expect(cut.truncated).toBe(true);
    const whole = await searchItems(database.db, spec('crash', { window: 4, statuses: ['completed'] }), windows);
    expect(whole.rows.map((r) => r.number)).toEqual([1]);
    expect(whole.truncated).toBe(true);
    expect((await searchItems(database.db, spec('crash', { window: 5 }), windows)).truncated).toBe(false);
  });

  // PostgreSQL's writers draw ids concurrently: an item may commit after a higher id was read.
  it.runIf(TEST_STORE === 'postgres')('moves the version when an item with a lower id commits after a higher one', async () => {
    const other = await buildRepo(database.db, { full_name: 'acme/other' });
    await put(repo, 1, { title: 'Zeta first', body: 'zeta' });
    const held = openDatabase(database.config);
    try {
      let inserted!: () => void;
      let release!: () => void;
      const insertedSignal = new Promise<void>((r) => (inserted = r));
      const releaseSignal = new Promise<void>((r) => (release = r));
      // A writer that has drawn its id and not yet committed (a copy of item 1 as item 2).
      const slow = held.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO items SELECT (jsonb_populate_record(NULL::items, to_jsonb(i) || jsonb_build_object(
            'id', nextval(pg_get_serial_sequence('items', 'id')), 'number', 2, 'github_id', 999002, 'node_id', 'I_held', 'title', 'Zeta held back'))).*
          FROM items i WHERE i.repo_id = ${repo.id} AND i.number = 1`.execute(trx);
        inserted();
        await releaseSignal;
      });
      await insertedSignal;
      await put(other, 1, { title: 'Zeta committed', body: 'zeta' });
      expect(await found('zeta')).toEqual(['1:open', '1:open']);
      release();
      await slow;
      const [held2] = (await searchItems(database.db, spec('zeta'), windows)).rows.filter((r) => r.number === 2);
      expect(held2?.title).toBe('Zeta held back');
      expect(windows).toMatchObject({ ranked: 2 });
    } finally {
      await held.close();
    }
  });
});
