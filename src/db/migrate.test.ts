import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { TEST_STORE } from '../test/db.ts';
import { matchingIds } from './search-dialect.ts';
import { openDatabase } from './database.ts';
import { listMigrationFiles, loadMigrations, migrate, type Migration } from './migrate.ts';

let current: TestDatabase | null = null;
afterEach(async () => {
  await current?.dispose();
  current = null;
});

async function tables(database: TestDatabase): Promise<string[]> {
  const rows =
    TEST_STORE === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by name`.execute(database.db)
      : await sql<{ name: string }>`select name from sqlite_master where type in ('table') order by name`.execute(database.db);
  return rows.rows.map((r) => r.name);
}

describe('migrations', () => {
  it('create the whole schema on a fresh database, in WAL mode', async () => {
    current = await createTestDatabase({ migrated: false });
    const report = await migrate(current);
    expect(report.applied[0]).toBe('0001_initial');
    const names = await tables(current);
    for (const t of ['repos', 'master_list', 'items', 'item_labels', 'links', 'sync_state', 'jobs', 'changes', 'github_quota', 'meta', TEST_STORE === 'postgres' ? 'items_search' : 'items_fts', 'hub_migrations']) {
      expect(names).toContain(t);
    }
    if (TEST_STORE === 'sqlite') {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(current.db);
      expect(mode.rows[0]!.journal_mode).toBe('wal');
    }
  });

  it('are a no-op when re-run', async () => {
    current = await createTestDatabase();
    const again = await migrate(current);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe(listMigrationFiles().length);
  });

  it('keep the full-text index in step with items', async () => {
    current = await createTestDatabase();
    const now = '2024-01-01T00:00:00Z';
    const repo = await current.db.insertInto('repos').values({ full_name: 'a/b', name_key: 'a/b', owner: 'a', name: 'b', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const item = await current.db
      .insertInto('items')
      .values({ repo_id: repo.id, number: 1, is_pull: 0, title: 'Crash on startup', body: 'segfault in parser', state: 'open', status: 'open', created_at: now, updated_at: now, synced_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const search = (q: string) => matchingIds(current!.db, `"${q}"`, 10).execute(current!.db).then((r) => r.rows.map((x) => x.id));
    expect(await search('segfault')).toEqual([item.id]);
    await current.db.updateTable('items').set({ body: 'fixed now' }).where('id', '=', item.id).execute();
    expect(await search('segfault')).toEqual([]);
    expect(await search('fixed')).toEqual([item.id]);
    await current.db.deleteFrom('items').where('id', '=', item.id).execute();
    expect(await search('fixed')).toEqual([]);
  });

  it('refuse a migration inserted before an applied one', async () => {
    current = await createTestDatabase({ migrated: false });
    const noop = async () => {};
    const m = (name: string): Migration => ({ name, up: noop });
    await migrate(current, { migrations: [m('0001_a'), m('0003_c')] });
    await expect(migrate(current, { migrations: [m('0001_a'), m('0002_b'), m('0003_c')] })).rejects.toThrow(/forward-only/);
  });

  it('refuse a database migrated by a newer version', async () => {
    current = await createTestDatabase({ migrated: false });
    const noop = async () => {};
    await migrate(current, { migrations: [{ name: '0001_a', up: noop }, { name: '0002_b', up: noop }] });
    await expect(migrate(current, { migrations: [{ name: '0001_a', up: noop }] })).rejects.toThrow(/newer hub/);
  });

  it('roll back a failing migration whole', async () => {
    current = await createTestDatabase({ migrated: false });
    const failing: Migration = {
      name: '0001_bad',
      up: async (db) => {
        await db.schema.createTable('half_done').addColumn('x', 'integer').execute();
        throw new Error('boom');
      },
    };
    await expect(migrate(current, { migrations: [failing] })).rejects.toThrow('boom');
    expect(await tables(current)).not.toContain('half_done');
    expect(await current.db.selectFrom('hub_migrations').selectAll().execute()).toEqual([]);
  });

  it('refuse gaps in the numbering of migration files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-mig-'));
    writeFileSync(join(dir, '0001_a.ts'), 'export async function up() {}');
    writeFileSync(join(dir, '0003_c.ts'), 'export async function up() {}');
    expect(() => listMigrationFiles(dir)).toThrow(/without gaps/);
  });

  it('load every shipped migration', async () => {
    const all = await loadMigrations();
    expect(all.map((m) => m.name)).toEqual(listMigrationFiles().map((f) => f.replace(/\.ts$/, '')));
  });

  it('let two processes start together without both migrating', async () => {
    current = await createTestDatabase({ migrated: false });
    const run = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'migrate'], {
          env: { ...process.env, DATABASE_URL: `sqlite:${current!.path}`, LOG_LEVEL: 'silent' },
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', (code) => resolve({ code, out }));
      });
    const results = await Promise.all([run(), run()]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const applied = results.filter((r) => r.out.includes('Applied')).length;
    expect(applied).toBe(1);
    const check = openDatabase({ kind: 'sqlite', path: current.path });
    const rows = await check.db.selectFrom('hub_migrations').selectAll().execute();
    await check.close();
    expect(rows.map((r) => r.name)).toEqual(listMigrationFiles().map((f) => f.replace(/\.ts$/, '')));
  });
});
