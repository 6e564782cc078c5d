import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/db.ts';
import { claimJob, completeJob, enqueueJob, extendLease, failJob, pruneJobs, releaseJob } from './jobs.queries.ts';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(async () => database.dispose());

describe('job queue', () => {
  it('keeps one pending job per key, raising its priority on repeat', async () => {
    expect(await enqueueJob(database.db, { kind: 'sync', key: 'sync:a/b', priority: 1 })).toBe(true);
    expect(await enqueueJob(database.db, { kind: 'sync', key: 'sync:a/b', priority: 5 })).toBe(false);
    const rows = await database.db.selectFrom('jobs').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.priority).toBe(5);
  });

  it('claims the most urgent due job, and never the same job twice', async () => {
    await enqueueJob(database.db, { kind: 'sync', key: 'k1', priority: 1 });
    await enqueueJob(database.db, { kind: 'sync', key: 'k2', priority: 9 });
    await enqueueJob(database.db, { kind: 'sync', key: 'later', priority: 99, runAfter: new Date(Date.now() + 60_000) });
    const a = await claimJob(database.db, 'w1', 10_000);
    const b = await claimJob(database.db, 'w2', 10_000);
    const c = await claimJob(database.db, 'w3', 10_000);
    expect([a?.key, b?.key, c]).toEqual(['k2', 'k1', undefined]);
  });

  it('hands each job to exactly one of many workers claiming at the same moment', async () => {
    for (let i = 0; i < 12; i++) await enqueueJob(database.db, { kind: 'sync', key: `k${i}` });
    // 6 workers claim 3 times each, all at once: 18 claims for 12 jobs, so 12 succeed and 6 find nothing.
    const claims = await Promise.all(Array.from({ length: 18 }, (_, i) => claimJob(database.db, `w${i % 6}`, 10_000)));
    const got = claims.filter((j) => j !== undefined).map((j) => j.key);
    expect(got.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `k${i}`).sort());
    expect(claims.filter((j) => j === undefined)).toHaveLength(6);
  });

  it('lets another worker take over an expired lease, and stops the old holder from completing', async () => {
    await enqueueJob(database.db, { kind: 'sync', key: 'k' });
    const first = await claimJob(database.db, 'dead', 1);
    await new Promise((r) => setTimeout(r, 10));
    const second = await claimJob(database.db, 'alive', 10_000);
    expect(second?.id).toBe(first?.id);
    expect(second?.attempts).toBe(2);
    expect(await extendLease(database.db, first!.id, 'dead', 10_000)).toBe(false);
    await completeJob(database.db, first!.id, 'dead');
    expect((await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow()).state).toBe('running');
    await completeJob(database.db, first!.id, 'alive');
    expect((await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow()).state).toBe('done');
    // A finished key can be queued again.
    expect(await enqueueJob(database.db, { kind: 'sync', key: 'k' })).toBe(true);
  });

  it('retries failures with backoff, then fails for good', async () => {
    await enqueueJob(database.db, { kind: 'sync', key: 'k', maxAttempts: 2 });
    const j1 = (await claimJob(database.db, 'w', 10_000))!;
    expect(await failJob(database.db, j1, 'w', 'boom', 0)).toBe('retry');
    const j2 = (await claimJob(database.db, 'w', 10_000))!;
    expect(j2.attempts).toBe(2);
    expect(await failJob(database.db, j2, 'w', 'boom again')).toBe('failed');
    const row = await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'failed', last_error: 'boom again' });
    expect(await pruneJobs(database.db, new Date(Date.now() + 1000))).toBe(1);
  });

  it('gives a job back on release without counting the attempt', async () => {
    await enqueueJob(database.db, { kind: 'sync', key: 'k' });
    const j = (await claimJob(database.db, 'w', 10_000))!;
    await releaseJob(database.db, j.id, 'w');
    const again = (await claimJob(database.db, 'w2', 10_000))!;
    expect(again.attempts).toBe(1);
  });

  it('never claims a job whose attempts ran out, failing it when its last lease expires', async () => {
    await enqueueJob(database.db, { kind: 'sync', key: 'k', maxAttempts: 2 });
    expect((await claimJob(database.db, 'crashed-1', 1))?.attempts).toBe(1);
    await new Promise((r) => setTimeout(r, 5));
    expect((await claimJob(database.db, 'crashed-2', 1))?.attempts).toBe(2);
    await new Promise((r) => setTimeout(r, 5));
    expect(await claimJob(database.db, 'alive', 10_000)).toBeUndefined();
    const row = await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'failed', attempts: 2, locked_by: null });
    expect(row.finished_at).not.toBeNull();
  });
});
