import type { Kysely, Transaction } from 'kysely';
import type { MasterListRepo } from '../core/master-list.ts';
import { repoKey } from '../core/master-list.ts';
import { nowIso } from '../core/time.ts';
import type { DB, RepoRow } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export async function getStoredMasterList(db: Db) {
  return db.selectFrom('master_list').selectAll().where('id', '=', 1).executeTakeFirst();
}

export async function listRepos(db: Db, options: { activeOnly?: boolean } = {}): Promise<RepoRow[]> {
  let q = db.selectFrom('repos').selectAll().orderBy('weight', 'desc').orderBy('name_key');
  if (options.activeOnly) q = q.where('active', '=', 1);
  return q.execute();
}

export async function getRepo(db: Db, fullNameOrKey: string): Promise<RepoRow | undefined> {
  return db.selectFrom('repos').selectAll().where('name_key', '=', repoKey(fullNameOrKey)).executeTakeFirst();
}

async function ensureSyncState(db: Db, repoId: number): Promise<void> {
  await db.insertInto('sync_state').values({ repo_id: repoId }).onConflict((oc) => oc.column('repo_id').doNothing()).execute();
}

/**
 * Stores a validated master list as the last good one and brings the tracked
 * repositories in line with it, in one transaction. Repositories the list no
 * longer names become inactive (their mirrored data stays); operator-added ones
 * are left alone.
 */
export async function saveMasterList(
  db: Kysely<DB>,
  list: { body: string; source: string; repos: readonly Omit<MasterListRepo, 'policy'>[] },
): Promise<{ added: string[]; deactivated: string[] }> {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    await trx
      .insertInto('master_list')
      .values({ id: 1, body: list.body, source: list.source, repo_count: list.repos.length, fetched_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ body: list.body, source: list.source, repo_count: list.repos.length, fetched_at: now }))
      .execute();

    const existing = new Map((await trx.selectFrom('repos').selectAll().execute()).map((r) => [r.name_key, r]));
    const added: string[] = [];
    for (const r of list.repos) {
      const row = existing.get(r.key);
      const fields = { full_name: r.fullName, owner: r.owner, name: r.name, weight: r.weight, entry: JSON.stringify(r.entry), inactive_at: r.inactiveAt, active: 1, updated_at: now };
      if (row) {
        await trx.updateTable('repos').set(fields).where('id', '=', row.id).execute();
      } else {
        const inserted = await trx
          .insertInto('repos')
          .values({ ...fields, name_key: r.key, operator_added: 0, archived: 0, created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await ensureSyncState(trx, inserted.id);
        added.push(r.fullName);
      }
    }
    const keep = new Set(list.repos.map((r) => r.key));
    const deactivated: string[] = [];
    for (const row of existing.values()) {
      if (!keep.has(row.name_key) && row.active === 1 && row.operator_added === 0) {
        await trx.updateTable('repos').set({ active: 0, updated_at: now }).where('id', '=', row.id).execute();
        deactivated.push(row.full_name);
      }
    }
    return { added, deactivated };
  });
}

/** An operator adds a repository the master list does not name; it is synced like the others. */
export async function addOperatorRepo(db: Kysely<DB>, fullName: string, weight = 0): Promise<RepoRow> {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const key = repoKey(fullName);
    const [owner, name] = fullName.split('/') as [string, string];
    const row = await trx.selectFrom('repos').selectAll().where('name_key', '=', key).executeTakeFirst();
    if (row) {
      await trx.updateTable('repos').set({ active: 1, operator_added: 1, updated_at: now }).where('id', '=', row.id).execute();
    } else {
      const inserted = await trx
        .insertInto('repos')
        .values({ full_name: fullName, name_key: key, owner, name, weight, entry: '{}', operator_added: 1, active: 1, archived: 0, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await ensureSyncState(trx, inserted.id);
    }
    return trx.selectFrom('repos').selectAll().where('name_key', '=', key).executeTakeFirstOrThrow();
  });
}

/** Stops tracking an operator-added repository (data stays, marked inactive). */
export async function removeOperatorRepo(db: Kysely<DB>, fullName: string): Promise<boolean> {
  const res = await db
    .updateTable('repos')
    .set({ active: 0, operator_added: 0, updated_at: nowIso() })
    .where('name_key', '=', repoKey(fullName))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}
