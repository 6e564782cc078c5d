import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { mirrorDifferences } from '../test/mirror.ts';
import { sqliteOnly } from '../test/store.ts';

let h: SyncHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sync errors say what happened, and transient ones pass', () => {
  it('takes rejected tokens back once GitHub accepts them again (a transient burst of 401)', async () => {
    const tokens = ['tok-a', 'tok-b'];
    h = await createSyncHarness({ seed: 61, repos: 1, itemsPerRepo: 80, tokens }, { tokens });
    h.sim.faults.script([{ match: { resource: 'core' }, range: [1, 4], action: { kind: 'unauthorized' } }]);
    const [first] = await h.syncAll();
    expect(first!.ok).toBe(false);
    expect(first!.error).toMatch(/^GitHub rejected every token as bad credentials \(401\): token 1 of 2, token 2 of 2; the next try is in \d+ s/);
    expect(h.logs.text()).toMatch(/GitHub rejected token 1 of 2 \(401\)/);
    expect(h.logs.text()).not.toContain('[redacted]');

    let passes = 1;
    for (; passes < 20; passes++) {
      await sleep(60);
      if ((await h.syncAll()).every((o) => o.ok)) break;
    }
    expect(passes).toBeLessThan(20);
    expect(h.sim.log().filter((e) => e.status === 401)).toHaveLength(4);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
    expect(h.gateway.pool.snapshot().filter((q) => q.resource === 'core').every((q) => q.remaining > 0)).toBe(true);
  });

  it('retries truncated, garbage and empty 200 bodies like a 5xx', async () => {
    h = await createSyncHarness({ seed: 62, repos: 1, itemsPerRepo: 600 });
    const issues = { path: /\/issues$/ };
    h.sim.faults.script([
      { match: issues, nth: 2, action: { kind: 'truncate' } },
      { match: issues, nth: 4, action: { kind: 'malformed' } },
      { match: issues, nth: 6, action: { kind: 'empty' } },
    ]);
    const outcomes = await h.syncAll();
    expect(outcomes.map((o) => o.error)).toEqual([null]);
    expect(h.sim.faults.fired()).toBe(3);
    expect(await mirrorDifferences(h.database.db, h.sim)).toEqual([]);
  });

  it('names a persisting bad body by its request', async () => {
    h = await createSyncHarness({ seed: 63, repos: 1, itemsPerRepo: 50 });
    const repo = h.sim.dataset.repos()[0]!.fullName;
    h.sim.faults.script([{ match: { path: /\/issues$/ }, range: [1, 100], action: { kind: 'empty' } }]);
    const [o] = await h.syncAll();
    expect(o!.error).toBe(`GitHub answered GET /repos/${repo}/issues with a body that is not valid JSON (truncated, garbage or empty), 3 times`);
  });

  it('reports a refused connection as such, without five retries', async () => {
    h = await createSyncHarness({ seed: 64, repos: 1, itemsPerRepo: 20 }, { retryBaseMs: 1000 });
    const repo = h.sim.dataset.repos()[0]!.fullName;
    const host = new URL(h.sim.url).host;
    await h.sim.stop();
    const started = Date.now();
    const [o] = await h.syncAll();
    expect(o!.error).toBe(`no answer from GitHub at ${host} for GET /repos/${repo}: connection refused`);
    // Octokit's own retries would wait 1 + 4 + 9 + 16 + 25 s.
    expect(Date.now() - started).toBeLessThan(3000);
    h.sim.stop = async () => {};
  });

  it('reports a connection closed without an answer as such, after a few tries', async () => {
    h = await createSyncHarness({ seed: 65, repos: 1, itemsPerRepo: 20 });
    const repo = h.sim.dataset.repos()[0]!.fullName;
    h.sim.faults.script([{ match: { path: /\/issues$/ }, range: [1, 100], action: { kind: 'reset' } }]);
    const [o] = await h.syncAll();
    expect(o!.error).toBe(`no answer from GitHub at ${new URL(h.sim.url).host} for GET /repos/${repo}/issues: the connection closed before an answer (3 tries)`);
    expect(h.sim.log().filter((e) => e.path.endsWith('/issues'))).toHaveLength(3);
  });

  it.skipIf(sqliteOnly('fills a SQLite file with PRAGMA max_page_count; a full PostgreSQL disk is the server\'s error'))('reports a full disk as a full disk', async () => {
    h = await createSyncHarness({ seed: 66, repos: 1, itemsPerRepo: 300 });
    const { db } = h.database;
    const pages = await sql<{ page_count: number }>`PRAGMA page_count`.execute(db);
    await sql.raw(`PRAGMA max_page_count = ${pages.rows[0]!.page_count + 2}`).execute(db);
    const [o] = await h.syncAll();
    expect(o!.ok).toBe(false);
    expect(o!.error).toMatch(/^the disk holding the database is full \(SQLITE_FULL\)/);
  });
});
