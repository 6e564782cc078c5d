import { sql, type Kysely, type Transaction } from 'kysely';
import { nowIso, toGithubTime } from '../core/time.ts';
import { dialectOf, greatest, least } from './dialect.ts';
import type { DB, JobRow } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface EnqueueOptions {
  kind: string;
  key: string;
  payload?: unknown;
  priority?: number;
  runAfter?: Date;
  maxAttempts?: number;
}

/**
 * Queues a job unless one with the same key is already queued or running (a
 * partial unique index enforces "one pending job per key"). Asking again for a
 * queued job can only make it sooner and more urgent. Returns whether a new job was created.
 */
export async function enqueueJob(db: Db, o: EnqueueOptions): Promise<boolean> {
  const now = nowIso();
  const runAfter = toGithubTime(o.runAfter ?? Date.now());
  const res = await sql<{ id: number }>`
    INSERT INTO jobs (kind, key, payload, state, priority, run_after, max_attempts, created_at, updated_at)
    VALUES (${o.kind}, ${o.key}, ${JSON.stringify(o.payload ?? {})}, 'queued', ${o.priority ?? 0}, ${runAfter}, ${o.maxAttempts ?? 5}, ${now}, ${now})
    ON CONFLICT (key) WHERE state IN ('queued', 'running') DO NOTHING
    RETURNING id`.execute(db);
  if (res.rows.length > 0) return true;
  await sql`
    UPDATE jobs SET priority = ${greatest(db, sql`priority`, sql`${o.priority ?? 0}`)}, run_after = ${least(db, sql`run_after`, sql`${runAfter}`)}, updated_at = ${now}
    WHERE key = ${o.key} AND state = 'queued'`.execute(db);
  return false;
}

/**
 * Claims the most urgent due job, or one whose lease expired (its worker died),
 * for `leaseMs`. One UPDATE … RETURNING, so two workers can never claim the same job:
 * SQLite runs one writer at a time; on PostgreSQL the candidate row is locked
 * with FOR UPDATE SKIP LOCKED, so a second worker claiming at the same moment
 * passes over it to the next job instead of waiting for it (or taking it too).
 *
 * Attempts are counted when a job is claimed, so a job whose worker crashed has
 * used its attempt even though nothing recorded a failure. A job that has used
 * all its attempts is never claimed again (graphile-worker's rule): an expired
 * lease on a last attempt fails the job for good instead of running it once more,
 * so a job that kills its worker cannot retry forever.
 */
export async function claimJob(db: Db, workerId: string, leaseMs: number, kinds?: readonly string[]): Promise<JobRow | undefined> {
  const nowMs = Date.now();
  const now = toGithubTime(nowMs);
  const kindFilter = kinds && kinds.length ? sql`AND kind IN (${sql.join(kinds)})` : sql``;
  await sql`
    UPDATE jobs SET state = 'failed', locked_by = NULL, locked_until = NULL, finished_at = ${now}, updated_at = ${now},
      last_error = coalesce(last_error || '; ', '') || 'the worker running its last attempt stopped without finishing it (lease expired)'
    WHERE state = 'running' AND locked_until < ${nowMs} AND attempts >= max_attempts ${kindFilter}`.execute(db);
  const skipLocked = dialectOf(db) === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const res = await sql<JobRow>`
    UPDATE jobs SET state = 'running', locked_by = ${workerId}, locked_until = ${nowMs + leaseMs},
      attempts = attempts + 1, updated_at = ${now}
    WHERE id = (
      SELECT id FROM jobs
      WHERE ((state = 'queued' AND run_after <= ${now}) OR (state = 'running' AND locked_until < ${nowMs}))
        AND attempts < max_attempts ${kindFilter}
      ORDER BY priority DESC, run_after, id
      LIMIT 1 ${skipLocked})
    RETURNING *`.execute(db);
  return res.rows[0];
}

/** Extends a lease the worker still holds; false means another worker took the job over. */
export async function extendLease(db: Db, jobId: number, workerId: string, leaseMs: number): Promise<boolean> {
  const res = await db
    .updateTable('jobs')
    .set({ locked_until: Date.now() + leaseMs })
    .where('id', '=', jobId)
    .where('locked_by', '=', workerId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function completeJob(db: Db, jobId: number, workerId: string): Promise<void> {
  const now = nowIso();
  await db
    .updateTable('jobs')
    .set({ state: 'done', locked_by: null, locked_until: null, finished_at: now, updated_at: now, last_error: null })
    .where('id', '=', jobId)
    .where('locked_by', '=', workerId)
    .execute();
}

/** Records a failed attempt: retried later with exponential backoff, or failed for good after max_attempts. */
export async function failJob(db: Db, job: Pick<JobRow, 'id' | 'attempts' | 'max_attempts'>, workerId: string, error: string, retryInMs?: number): Promise<'retry' | 'failed'> {
  const now = nowIso();
  const final = job.attempts >= job.max_attempts;
  const backoff = retryInMs ?? Math.min(15 * 60_000, 2 ** job.attempts * 5_000);
  await db
    .updateTable('jobs')
    .set({
      state: final ? 'failed' : 'queued',
      locked_by: null,
      locked_until: null,
      last_error: error.slice(0, 2000),
      run_after: toGithubTime(Date.now() + (final ? 0 : backoff)),
      updated_at: now,
      finished_at: final ? now : null,
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
  return final ? 'failed' : 'retry';
}

/** Gives a job back without counting the attempt (clean shutdown mid-job). */
export async function releaseJob(db: Db, jobId: number, workerId: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ state: 'queued', locked_by: null, locked_until: null, attempts: greatest(db, sql`attempts - 1`, sql`0`), updated_at: nowIso() })
    .where('id', '=', jobId)
    .where('locked_by', '=', workerId)
    .execute();
}

/** Deletes finished jobs older than the cutoff, in bounded batches. */
export async function pruneJobs(db: Db, olderThan: Date, batch = 1000): Promise<number> {
  const res = await sql`
    DELETE FROM jobs WHERE id IN (
      SELECT id FROM jobs WHERE state IN ('done', 'failed') AND finished_at < ${toGithubTime(olderThan)} LIMIT ${batch})`.execute(db);
  return Number(res.numAffectedRows ?? 0);
}
