import { createServer } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_STORE, type TestDatabase } from '../test/db.ts';
import { buildIssue } from '../test/factories.ts';
import { connectDatabase } from './database.ts';
import { redactUrl, withoutNul } from './postgres.ts';
import { searchItems } from './search.queries.ts';

describe('the PostgreSQL pool helpers', () => {
  it('strips U+0000 from string parameters, leaving other values alone', () => {
    expect(withoutNul('a\u0000b\u0000')).toBe('ab');
    expect(withoutNul(['x\u0000', 5, null])).toEqual(['x', 5, null]);
    expect(withoutNul(7)).toBe(7);
    // JSON text carries the escape, not the character: untouched.
    expect(withoutNul(JSON.stringify('a\u0000'))).toBe('"a\\u0000"');
  });

  it('redacts the password of a URL for messages', () => {
    expect(redactUrl('postgres://hub:s3cret@db:5432/hub')).toBe('postgres://hub:***@db:5432/hub');
  });

  it('retries an unreachable database a bounded number of times, logging each, then fails clearly', async () => {
    // A port nobody listens on: taken, then released.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const logs: string[] = [];
    const url = `postgres://hub:s3cret@127.0.0.1:${port}/hub`;
    const err = await connectDatabase({ kind: 'postgres', url }, { attempts: 3, delayMs: 10, log: (m) => logs.push(m) }).catch((e: unknown) => e);
    // 3 attempts: the first two are logged as retries, the third fails.
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/attempt 1 of 3/);
    expect(err).toMatchObject({ code: 'database_unreachable' });
    expect((err as Error).message).toMatch(/after 3 attempts/);
    expect((err as Error).message).not.toContain('s3cret');
  });
});

describe('text and numbers on the test store', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.dispose());

  it('stores a write carrying U+0000 (stripped on PostgreSQL, whose text refuses it) and finds the item by its words', async () => {
    const item = await buildIssue(t.db, undefined, { title: 'plain title' });
    // A direct write, past ingest's own stripping: on PostgreSQL it would fail without the pool's net.
    await t.db.updateTable('items').set({ title: 'nul\u0000byte crash', body: 'zero\u0000 inside' }).where('id', '=', item.id).execute();
    const row = await t.db.selectFrom('items').select(['title', 'body']).where('id', '=', item.id).executeTakeFirstOrThrow();
    if (TEST_STORE === 'postgres') expect(row).toEqual({ title: 'nulbyte crash', body: 'zero inside' });
    else expect(row).toEqual({ title: 'nul\u0000byte crash', body: 'zero\u0000 inside' });
    const found = await searchItems(t.db, { q: 'crash', repoIds: null, limit: 10, after: null });
    expect(found.rows.map((r) => r.id)).toEqual([item.id]);
  });

  it('gives counts and sums as numbers, as SQLite does', async () => {
    const row = (await sql<{ n: unknown; s: unknown }>`SELECT count(*) AS n, sum(number) AS s FROM items`.execute(t.db)).rows[0]!;
    expect(typeof row.n).toBe('number');
    expect(typeof row.s).toBe('number');
  });
});
