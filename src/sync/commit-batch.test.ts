import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nowIso } from '../core/time.ts';
import { writeTransaction } from '../db/transaction.ts';
import { createTestDatabase, TEST_STORE, type TestDatabase } from '../test/db.ts';
import { buildRepo, githubIssue, githubPull, type BuiltRepo } from '../test/factories.ts';
import { waitFor } from '../test/hub-process.ts';
import { CommitBatch } from './commit-batch.ts';
import { ingestIssues, ingestPulls } from './ingest.ts';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await database.close();
});

const conflict = (code: string) => Object.assign(new Error(`conflict ${code}`), { code });
const titles = async () => (await database.db.selectFrom('items').select('title').orderBy('id').execute()).map((r) => r.title);

describe('write transactions that PostgreSQL rolls back to break a conflict', () => {
  it('run again from the start, the rolled-back attempt leaving nothing behind', async () => {
    const repo = await buildRepo(database.db);
    const ctx = await repo.context();
    let runs = 0;
    const conflicts: number[] = [];
    const created = await writeTransaction(
      database.db,
      async (trx) => {
        runs += 1;
        const r = await ingestIssues(trx, ctx, [githubIssue(repo, runs, { title: `attempt ${runs}` })], nowIso());
        if (runs < 3) throw conflict(runs === 1 ? '40P01' : '40001');
        return r.created;
      },
      { baseDelayMs: 1, onConflict: (_err, attempt) => conflicts.push(attempt) },
    );
    expect(runs).toBe(3);
    expect(conflicts).toEqual([1, 2]);
    expect(created).toBe(1);
    expect(await titles()).toEqual(['attempt 3']);
  });

  it('surface any other error at once, and a conflict that persists after the last attempt', async () => {
    let runs = 0;
    await expect(
      writeTransaction(database.db, async () => {
        runs += 1;
        throw Object.assign(new Error('unique violation'), { code: '23505' });
      }),
    ).rejects.toThrow('unique violation');
    expect(runs).toBe(1);

    runs = 0;
    await expect(
      writeTransaction(
        database.db,
        async () => {
          runs += 1;
          throw conflict('40P01');
        },
        { attempts: 3, baseDelayMs: 1 },
      ),
    ).rejects.toThrow('conflict 40P01');
    expect(runs).toBe(3);
  });

  // A pass commits while another one's write holds rows of its own repository: the committing
  // one refreshes the link count of an issue the other holds, and the other waits for the lock
  // that orders change ids (change-notifier.ts), which the first holds. The server breaks the
  // deadlock by rolling one back. SQLite's writers take turns, so this cannot happen there.
  it.runIf(TEST_STORE === 'postgres')('commit both of two passes that deadlock, each write\'s tally counted once', async () => {
    const x = await buildRepo(database.db, { full_name: 'acme/x' });
    const y = await buildRepo(database.db, { full_name: 'acme/y' });
    const [cx, cy] = [await x.context(), await y.context()];
    await ingestIssues(database.db, cx, [githubIssue(x, 1)], nowIso());
    await ingestIssues(database.db, cy, [githubIssue(y, 1)], nowIso());

    let xHolds!: () => void;
    const xWrote = new Promise<void>((r) => (xHolds = r));
    // Until the other pass's transaction waits for a lock (polled from a third connection).
    const otherWaits = () =>
      waitFor('the other transaction to wait for a lock', async () => {
        const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(database.db);
        return rows.rows[0]!.n > 0;
      }, 10_000);
    const tally = { x: 0, y: 0 };
    const writes = { x: 0, y: 0 };
    const pass = async (repo: BuiltRepo, ctx: typeof cx, other: BuiltRepo, key: 'x' | 'y') => {
      const batch = new CommitBatch(database.db, repo.id);
      await batch.add(
        2,
        async (trx, pending) => {
          writes[key] += 1;
          // Edits the repository's issue (its row is now this transaction's) and stores a pull
          // request that closes the other repository's issue #1, whose count the commit refreshes.
          const r = await ingestIssues(trx, ctx, [githubIssue(repo, 1, { title: `edited ${key}` })], nowIso(), pending);
          const pull = githubIssue(repo, 2, { pull: { merged_at: null }, body: `Fixes ${other.full_name}#1` });
          const p = await ingestPulls(trx, ctx, [githubPull(repo, pull)], nowIso(), pending);
          if (key === 'x' && writes.x === 1) {
            xHolds();
            await otherWaits();
          }
          return () => (tally[key] += r.created + r.updated + p.created + p.updated);
        },
        {},
      );
      await batch.flush();
      return batch.conflicts;
    };
    const first = pass(x, cx, y, 'x');
    await xWrote;
    const conflicts = await Promise.all([first, pass(y, cy, x, 'y')]);
    // One of the two was rolled back once and ran its write again.
    expect(conflicts[0]! + conflicts[1]!).toBe(1);
    expect(writes.x + writes.y).toBe(3);
    expect(tally).toEqual({ x: 2, y: 2 });

    const rows = await database.db.selectFrom('items').innerJoin('repos', 'repos.id', 'items.repo_id').select(['repos.full_name', 'items.number', 'items.title', 'items.linked_count']).orderBy('repos.full_name').orderBy('items.number').execute();
    expect(rows.map((r) => [r.full_name, r.number, r.title, r.linked_count])).toEqual([
      ['acme/x', 1, 'edited x', 1],
      ['acme/x', 2, 'Item 2 of acme/x', 1],
      ['acme/y', 1, 'edited y', 1],
      ['acme/y', 2, 'Item 2 of acme/y', 1],
    ]);
    const links = await database.db.selectFrom('links').select(['issue_repo_key', 'issue_number']).orderBy('issue_repo_key').execute();
    expect(links).toEqual([
      { issue_repo_key: 'acme/x', issue_number: 1 },
      { issue_repo_key: 'acme/y', issue_number: 1 },
    ]);
  }, 30_000);
});
