import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import SQLite from 'better-sqlite3';
import { openDatabase, statementCache } from './database.ts';
import { sqliteOnly } from '../test/store.ts';

let database: TestDatabase | null = null;
afterEach(async () => database?.dispose());

describe('openDatabase', () => {
  it.skipIf(sqliteOnly('SQLite write locks between processes (BEGIN IMMEDIATE); PostgreSQL locks rows'))('lets two processes write read-then-write transactions at the same time without SQLITE_BUSY', async () => {
    database = await createTestDatabase();
    await database.db.insertInto('meta').values({ key: 'counter', value: '0' }).execute();
    // Each child runs many transactions that read the counter, then write it back + 1.
    const script = `
      import { openDatabase } from './src/db/database.ts';
      const d = openDatabase({ kind: 'sqlite', path: process.argv[1] });
      for (let i = 0; i < 150; i++) {
        await d.db.transaction().execute(async (trx) => {
          const row = await trx.selectFrom('meta').select('value').where('key', '=', 'counter').executeTakeFirstOrThrow();
          await new Promise((r) => setTimeout(r, 1));
          await trx.updateTable('meta').set({ value: String(Number(row.value) + 1) }).where('key', '=', 'counter').execute();
        });
      }
      await d.close();`;
    const run = () =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const c = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, database!.path]);
        let err = '';
        c.stderr.on('data', (d: Buffer) => (err += d.toString()));
        c.on('close', (code) => resolve({ code, err }));
      });
    const results = await Promise.all([run(), run()]);
    expect(results.map((r) => r.err)).toEqual(['', '']);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const check = openDatabase({ kind: 'sqlite', path: database.path });
    const row = await check.db.selectFrom('meta').select('value').where('key', '=', 'counter').executeTakeFirstOrThrow();
    await check.close();
    // No lost update either: every increment of both processes is there.
    expect(row.value).toBe('300');
  }, 60_000);
});

describe('statementCache', () => {
  it('prepares each statement text once, keeps the most recently used, and answers as before', () => {
    const sqlite = new SQLite(':memory:');
    const prepared: string[] = [];
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((text: string) => {
      prepared.push(text);
      return prepare(text);
    }) as typeof sqlite.prepare;
    const cache = statementCache(sqlite, 2);
    const one = cache.prepare('SELECT 1 AS v');
    expect(cache.prepare('SELECT 1 AS v')).toBe(one);
    cache.prepare('SELECT 2 AS v');
    cache.prepare('SELECT 1 AS v'); // most recent again: 2 is now the oldest
    cache.prepare('SELECT 3 AS v'); // evicts 2
    cache.prepare('SELECT 1 AS v');
    cache.prepare('SELECT 2 AS v');
    expect(prepared).toEqual(['SELECT 1 AS v', 'SELECT 2 AS v', 'SELECT 3 AS v', 'SELECT 2 AS v']);
    expect((cache.prepare('SELECT 1 AS v') as SQLite.Statement).get()).toEqual({ v: 1 });
    cache.close();
  });
});
