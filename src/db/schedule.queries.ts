import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

export interface ScheduleRow {
  repo_id: number;
  name_key: string;
  weight: number;
  consecutive_failures: number;
  steady_pass_quota: number | null;
  last_attempt_at: string | null;
  last_success_at: string | null;
  next_due_at: string | null;
}

/** What the scheduler needs of every active repository (one row each: hundreds, never items). */
export async function scheduleRows(db: Kysely<DB>): Promise<ScheduleRow[]> {
  return db
    .selectFrom('repos')
    .innerJoin('sync_state', 'sync_state.repo_id', 'repos.id')
    .select(['repos.id as repo_id', 'repos.name_key', 'repos.weight', 'sync_state.consecutive_failures', 'sync_state.steady_pass_quota', 'sync_state.last_attempt_at', 'sync_state.last_success_at', 'sync_state.next_due_at'])
    .where('repos.active', '=', 1)
    .execute();
}

export async function setNextDue(db: Kysely<DB>, repoId: number, dueAt: string): Promise<void> {
  await db.updateTable('sync_state').set({ next_due_at: dueAt }).where('repo_id', '=', repoId).execute();
}

/** Whether the repository's next pass starts from a watermark (an incremental pass, not a first full walk). */
export async function hasWatermark(db: Kysely<DB>, repoKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('sync_state')
    .innerJoin('repos', 'repos.id', 'sync_state.repo_id')
    .select('sync_state.issues_watermark')
    .where('repos.name_key', '=', repoKey.toLowerCase())
    .executeTakeFirst();
  return row?.issues_watermark != null;
}

/** Records what an incremental pass cost: the scheduler's measure of what keeping the repository fresh costs. */
export async function recordSteadyPassQuota(db: Kysely<DB>, repoKey: string, quota: number): Promise<void> {
  await db
    .updateTable('sync_state')
    .set({ steady_pass_quota: quota })
    .where('repo_id', '=', (eb) => eb.selectFrom('repos').select('id').where('name_key', '=', repoKey.toLowerCase()))
    .execute();
}

/** Counts a finished pass (and whether it failed) for /metrics. */
export async function countPass(db: Kysely<DB>, repoKey: string, ok: boolean, ms: number): Promise<void> {
  await db
    .updateTable('sync_state')
    .set((eb) => ({ passes_total: eb('passes_total', '+', 1), failures_total: eb('failures_total', '+', ok ? 0 : 1), pass_ms_total: eb('pass_ms_total', '+', Math.max(0, Math.round(ms))) }))
    .where('repo_id', '=', (eb) => eb.selectFrom('repos').select('id').where('name_key', '=', repoKey.toLowerCase()))
    .execute();
}
