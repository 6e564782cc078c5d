import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { DB, ReposTable, SyncStateRow, SyncStateTable } from './schema.ts';
import type { KindCost } from '../github/client.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** The sync bookkeeping of one repository (watermarks, ETags, resume points, outcomes). */
export async function getSyncState(db: Db, repoId: number): Promise<SyncStateRow> {
  return db.selectFrom('sync_state').selectAll().where('repo_id', '=', repoId).executeTakeFirstOrThrow();
}

/** Writes some of a repository's sync bookkeeping; callers pass the transaction the data commits in. */
export async function updateSyncState(db: Db, repoId: number, set: Updateable<SyncStateTable>): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db.updateTable('sync_state').set(set).where('repo_id', '=', repoId).execute();
}

/** What GitHub says about a repository itself. */
export async function updateRepoMeta(db: Db, repoId: number, set: Pick<Updateable<ReposTable>, 'default_branch' | 'archived' | 'github_id' | 'github_full_name' | 'updated_at'>): Promise<void> {
  await db.updateTable('repos').set(set).where('id', '=', repoId).execute();
}

export interface PassRecord {
  ok: boolean;
  error: string | null;
  requests: number;
  quota: number;
  ms: number;
  /** The same cost per kind of request (Meter.kinds). */
  kinds?: Readonly<Record<string, KindCost>>;
}

/** The stored form of per-kind costs: {kind: {requests, quota, not_modified, points}}. */
export type StoredKinds = Record<string, { requests: number; quota: number; not_modified: number; points: number }>;

export function parseKinds(json: string | null | undefined): StoredKinds {
  try {
    const v = JSON.parse(json ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as StoredKinds) : {};
  } catch {
    return {};
  }
}

function storedKinds(kinds: Readonly<Record<string, KindCost>>): StoredKinds {
  const out: StoredKinds = {};
  for (const [k, c] of Object.entries(kinds)) out[k] = { requests: c.requests, quota: c.quota, not_modified: c.notModified, points: c.points };
  return out;
}

function addKinds(total: StoredKinds, more: StoredKinds): StoredKinds {
  const out: StoredKinds = { ...total };
  for (const [k, c] of Object.entries(more)) {
    const had = out[k] ?? { requests: 0, quota: 0, not_modified: 0, points: 0 };
    out[k] = { requests: had.requests + c.requests, quota: had.quota + c.quota, not_modified: had.not_modified + c.not_modified, points: had.points + c.points };
  }
  return out;
}

/** Adds per-kind request costs to a repository's totals (a pass, or a maintainers refresh). */
export async function addKindCosts(db: Db, repoId: number, kinds: Readonly<Record<string, KindCost>>): Promise<void> {
  if (Object.keys(kinds).length === 0) return;
  const row = await db.selectFrom('sync_state').select('kinds_total').where('repo_id', '=', repoId).executeTakeFirst();
  if (!row) return;
  await db.updateTable('sync_state').set({ kinds_total: JSON.stringify(addKinds(parseKinds(row.kinds_total), storedKinds(kinds))) }).where('repo_id', '=', repoId).execute();
}

/** Adds one pass's cost to the totals and records its outcome. */
export async function recordPass(db: Db, repoId: number, o: PassRecord, now: string): Promise<void> {
  await db
    .updateTable('sync_state')
    .set({
      requests_total: sql`requests_total + ${o.requests}`,
      quota_total: sql`quota_total + ${o.quota}`,
      last_pass_requests: o.requests,
      last_pass_quota: o.quota,
      last_pass_ms: o.ms,
      last_pass_kinds: JSON.stringify(storedKinds(o.kinds ?? {})),
      ...(o.ok
        ? { last_success_at: now, last_error: null, consecutive_failures: 0 }
        : { last_error: o.error, last_error_at: now, consecutive_failures: sql`consecutive_failures + 1` }),
    })
    .where('repo_id', '=', repoId)
    .execute();
  await addKindCosts(db, repoId, o.kinds ?? {});
}

/** Numbers of the issues the mirror holds open (for reconciliation). */
export async function openIssueNumbers(db: Db, repoId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('items')
    .select(['number'])
    .where('repo_id', '=', repoId)
    .where('is_pull', '=', 0)
    .where('state', '=', 'open')
    .where('gone', 'is', null)
    .execute();
  return rows.map((r) => r.number);
}

/** Relink bookkeeping of one repository. */
export async function relinkState(db: Db, repoId: number): Promise<{ relink_grammar: number | null; relink_cursor: number | null }> {
  return db.selectFrom('sync_state').select(['relink_grammar', 'relink_cursor']).where('repo_id', '=', repoId).executeTakeFirstOrThrow();
}

/** Repositories whose stored links predate the given grammar. */
export async function reposWithGrammarBefore(db: Db, grammar: number): Promise<string[]> {
  const rows = await db
    .selectFrom('sync_state')
    .innerJoin('repos', 'repos.id', 'sync_state.repo_id')
    .select('repos.name_key')
    .where((eb) => eb.or([eb('sync_state.relink_grammar', 'is', null), eb('sync_state.relink_grammar', '!=', grammar)]))
    .execute();
  return rows.map((r) => r.name_key);
}

/** Forgets every change event (a bulk load is not news for live views). */
export async function forgetChanges(db: Db): Promise<void> {
  await db.deleteFrom('changes').execute();
}
