import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GRAMMAR_VERSION } from '../core/closing-refs.ts';
import { startSimulator, type Simulator } from '../sim/index.ts';
import { loadDataset } from '../sim/loader.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { captureLogger } from '../test/logs.ts';
import { mirrorDifferences } from '../test/mirror.ts';
import { relinkRepository, reposNeedingRelink } from './relink.job.ts';
import { sqliteOnly } from '../test/store.ts';

let sim: Simulator | null = null;
let database: TestDatabase | null = null;
afterEach(async () => {
  await sim?.stop();
  await database?.dispose();
});

/** Makes the store look as if an older grammar had derived its links, some of them wrongly. */
async function ageLinks(db: TestDatabase['db']): Promise<{ bogus: number; dropped: number }> {
  await sql`UPDATE items SET links_grammar = 0 WHERE is_pull = 1`.execute(db);
  await sql`UPDATE sync_state SET relink_grammar = 0, relink_cursor = NULL`.execute(db);
  // The old grammar took "bugfix #1" as a link and missed some real ones.
  const bogus = await sql`INSERT INTO links (pull_id, issue_repo_key, issue_repo, issue_number, source, created_at)
    SELECT id, 'old/grammar', 'old/grammar', 42, 'text', '2020-01-01T00:00:00Z' FROM items WHERE is_pull = 1 AND id % 7 = 0`.execute(db);
  const dropped = await sql`DELETE FROM links WHERE pull_id % 5 = 0 AND issue_repo_key != 'old/grammar'`.execute(db);
  return { bogus: Number(bogus.numAffectedRows), dropped: Number(dropped.numAffectedRows) };
}

describe('relink', () => {
  it.skipIf(sqliteOnly('interrupts a batch with a SQLite trigger (RAISE); the batches themselves are plain queries'))('re-derives every text link with the current grammar, in resumable key-range batches', async () => {
    sim = await startSimulator({ seed: 71, repos: 2, itemsPerRepo: 900 });
    database = await createTestDatabase();
    await loadDataset(database.db, sim.dataset);
    const damage = await ageLinks(database.db);
    expect(damage.bogus).toBeGreaterThan(10);
    expect(damage.dropped).toBeGreaterThan(10);
    expect(await mirrorDifferences(database.db, sim, { links: 'text' })).not.toEqual([]);
    const repos = await reposNeedingRelink(database.db);
    expect(repos).toHaveLength(2);

    // A crash after the first batch: the cursor is durable and the next run resumes there.
    const stop = new AbortController();
    const { logger } = captureLogger();
    let batches = 0;
    const first = relinkRepository({ db: database.db, logger, batchSize: 100, signal: stop.signal }, repos[0]!);
    const watcher = setInterval(() => {
      if (++batches >= 1) stop.abort(new Error('killed'));
    }, 0);
    await expect(first).rejects.toThrow('killed');
    clearInterval(watcher);
    const mid = await database.db.selectFrom('sync_state').innerJoin('repos', 'repos.id', 'sync_state.repo_id').select(['relink_cursor', 'relink_grammar']).where('repos.name_key', '=', repos[0]!).executeTakeFirstOrThrow();
    expect(mid.relink_cursor).toBeGreaterThan(0);
    expect(mid.relink_grammar).toBe(0);

    for (const key of repos) {
      const out = await relinkRepository({ db: database.db, logger, batchSize: 100 }, key);
      expect(out.done).toBe(true);
    }
    expect(await mirrorDifferences(database.db, sim, { links: 'text' })).toEqual([]);
    expect(await reposNeedingRelink(database.db)).toEqual([]);
    const bogus = await database.db.selectFrom('links').selectAll().where('issue_repo_key', '=', 'old/grammar').execute();
    expect(bogus).toEqual([]);
    const grammars = await database.db.selectFrom('items').select('links_grammar').distinct().where('is_pull', '=', 1).execute();
    expect(grammars.map((g) => g.links_grammar)).toEqual([GRAMMAR_VERSION]);
  });

  it('keeps serving the old links of a pull request until its new set commits, and leaves GitHub answers alone', async () => {
    sim = await startSimulator({ seed: 72, repos: 1, itemsPerRepo: 1200 });
    database = await createTestDatabase();
    await loadDataset(database.db, sim.dataset);
    const db = database.db;
    // Pull requests whose links will be the same after the relink: they must never read as unlinked.
    const steady = (await sql<{ id: number }>`SELECT pull_id AS id FROM links GROUP BY pull_id HAVING count(*) > 0 LIMIT 50`.execute(db)).rows.map((r) => r.id);
    const answered = steady[0]!;
    await sql`UPDATE items SET links_source = 'graphql' WHERE id = ${answered}`.execute(db);
    await sql`UPDATE links SET source = 'graphql' WHERE pull_id = ${answered}`.execute(db);
    await sql`UPDATE items SET links_grammar = 0 WHERE is_pull = 1`.execute(db);
    await sql`UPDATE sync_state SET relink_grammar = 0`.execute(db);

    let reads = 0;
    let gaps = 0;
    let running = true;
    const reader = (async () => {
      while (running) {
        const counts = await db.selectFrom('links').select(['pull_id', (eb) => eb.fn.countAll<number>().as('n')]).where('pull_id', 'in', steady).groupBy('pull_id').execute();
        if (counts.length !== steady.length) gaps++;
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const [key] = await reposNeedingRelink(db);
    await relinkRepository({ db, logger: captureLogger().logger, batchSize: 50 }, key!);
    running = false;
    await reader;
    expect(reads).toBeGreaterThan(5);
    expect(gaps).toBe(0);
    const kept = await db.selectFrom('links').select('source').where('pull_id', '=', answered).execute();
    expect(kept.every((l) => l.source === 'graphql')).toBe(true);
  });
});
