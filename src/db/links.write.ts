import { sql, type Kysely, type Transaction } from 'kysely';
import type { ClosingRef } from '../core/closing-refs.ts';
import { CLAIMING_PULL_STATUSES } from '../core/states.ts';
import type { DB } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** An issue a link points at, possibly in a repository the hub does not track. */
export interface LinkTarget {
  repoKey: string;
  number: number;
}

export type LinkSource = 'text' | 'graphql';

/**
 * Replaces a pull request's links with a new set in one statement pair, inside
 * the caller's transaction: readers see the old set or the new one, never a gap,
 * and an edited description cannot leave stale links behind.
 * Returns every issue whose set of linking pull requests may have changed.
 */
export async function replaceLinks(
  db: Db,
  pullId: number,
  refs: readonly ClosingRef[],
  source: LinkSource,
  trackedNames: ReadonlyMap<string, string>,
  now: string,
): Promise<LinkTarget[]> {
  const old = await db.selectFrom('links').select(['issue_repo_key', 'issue_number', 'source']).where('pull_id', '=', pullId).execute();
  const unique = new Map<string, ClosingRef>();
  for (const r of refs) unique.set(`${r.repoKey}#${r.number}`, r);
  const same =
    old.length === unique.size && old.every((o) => o.source === source && unique.has(`${o.issue_repo_key}#${o.issue_number}`));
  if (same) return [];

  await db.deleteFrom('links').where('pull_id', '=', pullId).execute();
  if (unique.size > 0) {
    await db
      .insertInto('links')
      .values(
        [...unique.values()].map((r) => ({
          pull_id: pullId,
          issue_repo_key: r.repoKey,
          issue_repo: trackedNames.get(r.repoKey) ?? r.repo,
          issue_number: r.number,
          source,
          created_at: now,
        })),
      )
      .execute();
  }
  const targets = new Map<string, LinkTarget>();
  for (const o of old) targets.set(`${o.issue_repo_key}#${o.issue_number}`, { repoKey: o.issue_repo_key, number: o.issue_number });
  for (const r of unique.values()) targets.set(`${r.repoKey}#${r.number}`, { repoKey: r.repoKey, number: r.number });
  return [...targets.values()];
}

/**
 * Recomputes the denormalised link counts: for each issue, how many pull requests
 * still claim it (open, draft or merged); for each pull request, how many issues
 * it closes (a reference to something known to be a pull request is not a link,
 * as on GitHub). Each update is an indexed lookup per row.
 */
export async function refreshLinkCounts(db: Db, targets: readonly LinkTarget[], pullIds: readonly number[]): Promise<void> {
  const claiming = sql.join(CLAIMING_PULL_STATUSES.map((s) => sql`${s}`));
  const seen = new Set<string>();
  for (const t of targets) {
    const k = `${t.repoKey}#${t.number}`;
    if (seen.has(k)) continue;
    seen.add(k);
    await sql`
      UPDATE items SET linked_count = (
        SELECT count(*) FROM links l JOIN items p ON p.id = l.pull_id
        WHERE l.issue_repo_key = ${t.repoKey} AND l.issue_number = ${t.number}
          AND p.status IN (${claiming}) AND p.gone IS NULL)
      WHERE repo_id = (SELECT id FROM repos WHERE name_key = ${t.repoKey}) AND number = ${t.number} AND is_pull = 0`.execute(db);
  }
  for (const id of new Set(pullIds)) {
    await sql`
      UPDATE items SET linked_count = (
        SELECT count(*) FROM links l
        WHERE l.pull_id = ${id} AND NOT EXISTS (
          SELECT 1 FROM repos r JOIN items t ON t.repo_id = r.id
          WHERE r.name_key = l.issue_repo_key AND t.number = l.issue_number AND t.is_pull = 1))
      WHERE id = ${id}`.execute(db);
  }
}

/** Bumps the data version of tracked repositories whose answers changed (feeds API ETags). */
export async function bumpVersions(db: Db, repoKeys: readonly string[]): Promise<void> {
  const keys = [...new Set(repoKeys)];
  if (keys.length === 0) return;
  await sql`
    UPDATE sync_state SET data_version = data_version + 1
    WHERE repo_id IN (SELECT id FROM repos WHERE name_key IN (${sql.join(keys)}))`.execute(db);
}
