import { sql, type Kysely, type Transaction } from 'kysely';
import { sumForVersion } from './dialect.ts';
import type { DB, RepoRow, SyncStateRow } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type RepoWithState = RepoRow & { data_version: number };

/** A repository by its lower-case key (the unique index), with its data version. */
export async function findRepo(db: Db, nameKey: string): Promise<RepoWithState | undefined> {
  return (await findRepos(db, [nameKey]))[0];
}

export async function findRepos(db: Db, nameKeys: readonly string[]): Promise<RepoWithState[]> {
  if (nameKeys.length === 0) return [];
  return db
    .selectFrom('repos')
    .leftJoin('sync_state', 'sync_state.repo_id', 'repos.id')
    .selectAll('repos')
    .select(sql<number>`coalesce(sync_state.data_version, 0)`.as('data_version'))
    .where('repos.name_key', 'in', nameKeys)
    .execute();
}

/** Ids of stored repositories no longer tracked: global answers leave their items out. */
export async function inactiveRepoIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('repos').select('id').where('active', '=', 0).execute();
  return rows.map((r) => r.id);
}

/** Display names of repositories by id (a page names a handful). */
export async function repoNames(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('repos').select(['id', 'full_name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.full_name]));
}

/**
 * The version of everything global answers show. Every commit that changes
 * items or links writes a `changes` row (max(id) is one index seek) and bumps a
 * repository's data_version; tracking changes touch `repos.updated_at`. The sums
 * run over the repository list (hundreds of rows), never over items.
 */
export async function globalVersion(db: Db): Promise<string> {
  const row = (
    await sql<{ c: number | null; v: number | null; r: string | null; n: number }>`
      SELECT (SELECT max(id) FROM changes) AS c, (SELECT ${sumForVersion(db, sql`data_version`)} FROM sync_state) AS v,
        (SELECT max(updated_at) FROM repos) AS r, (SELECT count(*) FROM repos) AS n`.execute(db)
  ).rows[0];
  return `${row?.c ?? 0}.${row?.v ?? 0}.${row?.n ?? 0}.${row?.r ?? ''}`;
}

export type RepoStatusRow = RepoRow & Omit<SyncStateRow, 'repo_id'>;

/** Every repository (tracked first by weight) with its sync state: the counts are the denormalised columns. */
export async function repoStatuses(db: Db, options: { includeInactive: boolean }): Promise<RepoStatusRow[]> {
  let q = db
    .selectFrom('repos')
    .leftJoin('sync_state', 'sync_state.repo_id', 'repos.id')
    .selectAll('repos')
    .select([
      'issues_watermark', 'pulls_watermark', 'repo_etag', 'issues_etag', 'pulls_etag', 'last_attempt_at', 'last_success_at', 'last_error', 'last_error_at',
      'consecutive_failures', 'requests_total', 'quota_total', 'last_pass_requests', 'last_pass_quota', 'last_pass_ms', 'last_pass_kinds', 'kinds_total', 'issues_open', 'issues_total',
      'issues_open_unlinked', 'pulls_open', 'pulls_total', 'data_version', 'reconciled_at', 'next_due_at', 'relink_grammar', 'relink_cursor', 'relink_done_at',
      'steady_pass_quota', 'passes_total', 'failures_total', 'pass_ms_total',
    ])
    .orderBy('repos.active', 'desc')
    .orderBy('repos.weight', 'desc')
    .orderBy('repos.name_key');
  if (!options.includeInactive) q = q.where('repos.active', '=', 1);
  const rows = await q.execute();
  // A repository without a sync_state row (not yet seen by the worker) reads as never synced.
  return rows.map((r) => ({
    ...r,
    consecutive_failures: r.consecutive_failures ?? 0,
    requests_total: r.requests_total ?? 0,
    quota_total: r.quota_total ?? 0,
    last_pass_requests: r.last_pass_requests ?? 0,
    last_pass_quota: r.last_pass_quota ?? 0,
    issues_open: r.issues_open ?? 0,
    issues_total: r.issues_total ?? 0,
    issues_open_unlinked: r.issues_open_unlinked ?? 0,
    pulls_open: r.pulls_open ?? 0,
    pulls_total: r.pulls_total ?? 0,
    data_version: r.data_version ?? 0,
    passes_total: r.passes_total ?? 0,
    failures_total: r.failures_total ?? 0,
    pass_ms_total: r.pass_ms_total ?? 0,
  })) as RepoStatusRow[];
}

/** The token pool's last known quota, by label: the table never holds a token. */
export async function quotaRows(db: Db) {
  return db.selectFrom('github_quota').select(['token_label', 'resource', 'limit', 'remaining', 'reset_at', 'updated_at']).orderBy('token_label').orderBy('resource').execute();
}

/**
 * Jobs queued, running, or failed for good in the last day, by kind: at most one
 * pending job per key, and failed ones are few (each an index range on state).
 */
export async function jobCounts(db: Db): Promise<{ kind: string; state: string; n: number }[]> {
  const dayAgo = new Date(Date.now() - 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const res = await sql<{ kind: string; state: string; n: number }>`
    SELECT kind, state, count(*) AS n FROM jobs
    WHERE state IN ('queued', 'running') OR (state = 'failed' AND finished_at >= ${dayAgo})
    GROUP BY kind, state ORDER BY kind, state`.execute(db);
  return res.rows;
}

/** Jobs waiting or running, by kind: at most one pending job per key, so this stays small. */
export async function pendingJobCounts(db: Db): Promise<{ kind: string; state: string; n: number }[]> {
  const res = await sql<{ kind: string; state: string; n: number }>`
    SELECT kind, state, count(*) AS n FROM jobs WHERE state IN ('queued', 'running') GROUP BY kind, state ORDER BY kind, state`.execute(db);
  return res.rows;
}

/** Stores the token pool's quota by label (never the token), replacing each label's previous figures. */
export async function saveQuotaRows(db: Kysely<DB>, rows: readonly { token_label: string; resource: string; limit: number; remaining: number; reset_at: string }[], now: string): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (const q of rows) {
      await trx
        .insertInto('github_quota')
        .values({ ...q, updated_at: now })
        .onConflict((oc) => oc.columns(['token_label', 'resource']).doUpdateSet({ limit: q.limit, remaining: q.remaining, reset_at: q.reset_at, updated_at: now }))
        .execute();
    }
  });
}

/**
 * The tracked repository that synced longest ago (never-synced ones first), and
 * how many never synced: runs over the repository list (hundreds of rows), never items.
 */
export async function syncStaleness(db: Db): Promise<{ stalest: { full_name: string; last_success_at: string | null } | null; never_synced: number; tracked: number }> {
  const stalest = await db
    .selectFrom('repos')
    .leftJoin('sync_state', 'sync_state.repo_id', 'repos.id')
    .select(['repos.full_name', 'sync_state.last_success_at'])
    .where('repos.active', '=', 1)
    .orderBy(sql`sync_state.last_success_at IS NOT NULL`)
    .orderBy('sync_state.last_success_at')
    .limit(1)
    .executeTakeFirst();
  const counts = (
    await sql<{ never: number | null; tracked: number }>`
      SELECT sum(CASE WHEN s.last_success_at IS NULL THEN 1 ELSE 0 END) AS never, count(*) AS tracked FROM repos r LEFT JOIN sync_state s ON s.repo_id = r.id WHERE r.active = 1`.execute(db)
  ).rows[0];
  return { stalest: stalest ?? null, never_synced: counts?.never ?? 0, tracked: counts?.tracked ?? 0 };
}

export interface StoredCounts {
  issues_open: number;
  issues_open_unlinked: number;
  issues_total: number;
  pulls_open: number;
  pulls_total: number;
}

/**
 * The worker's denormalised counts summed over some repositories (null: every
 * active one): one row per repository, never a count of items.
 */
export async function storedCounts(db: Db, repoIds: readonly number[] | null): Promise<StoredCounts> {
  let q = db
    .selectFrom('repos')
    .innerJoin('sync_state', 'sync_state.repo_id', 'repos.id')
    .select([
      sql<number>`coalesce(sum(issues_open), 0)`.as('issues_open'),
      sql<number>`coalesce(sum(issues_open_unlinked), 0)`.as('issues_open_unlinked'),
      sql<number>`coalesce(sum(issues_total), 0)`.as('issues_total'),
      sql<number>`coalesce(sum(pulls_open), 0)`.as('pulls_open'),
      sql<number>`coalesce(sum(pulls_total), 0)`.as('pulls_total'),
    ]);
  q = repoIds === null ? q.where('repos.active', '=', 1) : repoIds.length ? q.where('repos.id', 'in', repoIds) : q.where(sql<boolean>`0`);
  return q.executeTakeFirstOrThrow();
}
