import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { runCopyStore } from '../commands/copy-store.command.ts';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { sink } from '../test/command-io.ts';
import { createSyncHarness, type SyncHarness } from '../test/sync-harness.ts';
import { copyStore } from './copy-store.ts';
import { enqueueJob } from './jobs.queries.ts';
import { dependencyOrder, storeLayout } from './store-layout.ts';

let harness: SyncHarness | null = null;
const extra: TestDatabase[] = [];
afterEach(async () => {
  await harness?.dispose();
  harness = null;
  for (const d of extra.splice(0)) await d.dispose();
});

/** Every copied table's rows, in key order, as plain JSON: what two stores must agree on. */
async function dump(d: TestDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const t of await storeLayout(d)) {
    const order = sql.join((t.key.length ? t.key : t.columns).map((c) => sql.id(c)));
    out[t.name] = (await sql`SELECT * FROM ${sql.id(t.name)} ORDER BY ${order}`.execute(d.db)).rows;
  }
  return out;
}

async function syncedStore(): Promise<SyncHarness> {
  const h = await createSyncHarness({ seed: 91, repos: 2, itemsPerRepo: 120 }, {}, { store: 'sqlite' });
  const outcomes = await h.syncAll();
  expect(outcomes.every((o) => o.ok)).toBe(true);
  return h;
}

// SQLite to SQLite, whatever store the run uses: the PostgreSQL direction is copy-store.postgres.test.ts.
describe('copy-store between SQLite stores', () => {
  it('orders tables so every referenced table comes first', async () => {
    const d = await createTestDatabase({ store: 'sqlite' });
    extra.push(d);
    const order = dependencyOrder(await storeLayout(d)).map((t) => t.name);
    // items reference repos; labels, links and sync state reference items or repos.
    expect(order.indexOf('repos')).toBeLessThan(order.indexOf('items'));
    expect(order.indexOf('items')).toBeLessThan(order.indexOf('item_labels'));
    expect(order.indexOf('items')).toBeLessThan(order.indexOf('links'));
    expect(order.indexOf('repos')).toBeLessThan(order.indexOf('sync_state'));
    // The migration ledger and FTS5's own tables are not copied.
    expect(order).not.toContain('hub_migrations');
    expect(order.filter((n) => n.startsWith('items_fts'))).toEqual([]);
  });

  it('copies a synced SQLite store into another, row for row, in small batches, with search working in the copy', async () => {
    harness = await syncedStore();
    const target = await createTestDatabase({ store: 'sqlite' });
    extra.push(target);
    for (const key of ['a', 'b', 'c']) await enqueueJob(harness.database.db, { kind: 'sync', key: `sync:${key}` });
    const report = await copyStore(harness.database, target, { batchRows: 7 });
    const source = await dump(harness.database);
    expect(await dump(target)).toEqual(source);
    // Every item the simulator holds (its own count, over both repositories) was mirrored, and copied.
    const live = harness.sim.dataset.repos().reduce((n, r) => n + harness!.sim.dataset.numbers(r.fullName).length, 0);
    expect(live).toBeGreaterThan(200);
    expect(source.items!.length).toBe(live);
    expect(report.tables.find((t) => t.table === 'items')).toEqual({ table: 'items', source: live, target: live });
    expect(report.rows).toBe(Object.values(source).reduce((s, rows) => s + rows.length, 0));
    // FTS5 is rebuilt by its triggers as the items arrive: a title word finds the same items.
    const word = String((source.items![0] as { title: string }).title).split(/\s+/).find((w) => /^[a-z]{4,}$/i.test(w))!;
    const match = (d: TestDatabase) => sql<{ n: number }>`SELECT count(*) AS n FROM items_fts WHERE items_fts MATCH ${`"${word}"`}`.execute(d.db).then((r) => r.rows[0]!.n);
    expect(await match(target)).toBeGreaterThan(0);
    expect(await match(target)).toBe(await match(harness.database));
    // New rows continue after the copied ids.
    const maxJob = Math.max(...source.jobs!.map((j) => (j as { id: number }).id));
    expect(maxJob).toBeGreaterThanOrEqual(3);
    await enqueueJob(target.db, { kind: 'sync', key: 'sync:after-copy' });
    const next = await target.db.selectFrom('jobs').select('id').where('key', '=', 'sync:after-copy').executeTakeFirstOrThrow();
    expect(next.id).toBeGreaterThan(maxJob);
  }, 60_000);

  it('refuses a target that holds data unless --force, which replaces it', async () => {
    harness = await syncedStore();
    const target = await createTestDatabase({ store: 'sqlite' });
    extra.push(target);
    await target.db.insertInto('meta').values({ key: 'left-over', value: 'x' }).execute();
    const out = sink();
    const err = sink();
    const args = { from: `sqlite:${harness.database.path}`, to: `sqlite:${target.path}`, force: false };
    expect(await runCopyStore(args, out.stream, err.stream)).toBe(1);
    expect(err.text()).toMatch(/not copied: the target already holds data \(meta\); pass --force/);
    expect(await target.db.selectFrom('items').selectAll().execute()).toEqual([]);

    expect(await runCopyStore({ ...args, force: true }, out.stream, err.stream)).toBe(0);
    expect(out.text()).toMatch(/every table's row count matches/);
    const live = harness.sim.dataset.repos().reduce((n, r) => n + harness!.sim.dataset.numbers(r.fullName).length, 0);
    expect(out.text()).toContain(`  items: ${live} rows`);
    expect(await dump(target)).toEqual(await dump(harness.database));
  }, 60_000);

  it('refuses stores at different migrations, and a missing source', async () => {
    const source = await createTestDatabase({ store: 'sqlite' });
    extra.push(source);
    await sql`DELETE FROM hub_migrations WHERE name = (SELECT max(name) FROM hub_migrations)`.execute(source.db);
    const target = await createTestDatabase({ migrated: false, store: 'sqlite' });
    extra.push(target);
    const err = sink();
    expect(await runCopyStore({ from: `sqlite:${source.path}`, to: `sqlite:${target.path}`, force: false }, sink().stream, err.stream)).toBe(1);
    expect(err.text()).toMatch(/different migrations/);
    expect(await runCopyStore({ from: `sqlite:${source.dir}/none.sqlite`, to: `sqlite:${target.path}`, force: false }, sink().stream, err.stream)).toBe(2);
    expect(await runCopyStore({ from: 'mysql://x', to: `sqlite:${target.path}`, force: false }, sink().stream, err.stream)).toBe(2);
  });
});
