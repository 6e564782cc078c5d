import { sql, type Kysely, type Transaction } from 'kysely';
import { GRAMMAR_VERSION, type ClosingRef } from '../core/closing-refs.ts';
import { CLAIMING_PULL_STATUSES } from '../core/states.ts';
import type { DB } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** An issue a link points at, possibly in a repository the hub does not track. */
export interface LinkTarget {
  repoKey: string;
  number: number;
}

export type LinkSource = 'text' | 'graphql';

export interface LinkSet {
  pullId: number;
  refs: readonly ClosingRef[];
  source: LinkSource;
}

// SQLite allows 32,766 bound values per statement; chunks stay far below it.
const CHUNK = 400;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const targetKey = (t: LinkTarget) => `${t.repoKey}#${t.number}`;

/**
 * Replaces the links of many pull requests with new sets, inside the caller's
 * transaction: readers see a pull request's old set or its new one, never a gap,
 * and an edited description cannot leave stale links behind. Sets that did not
 * change are not touched. Returns every issue whose linking pull requests may
 * have changed.
 */
export async function replaceLinksMany(db: Db, sets: readonly LinkSet[], trackedNames: ReadonlyMap<string, string>, now: string): Promise<LinkTarget[]> {
  if (sets.length === 0) return [];
  const old = new Map<number, { issue_repo_key: string; issue_number: number; source: string }[]>();
  for (const part of chunks(sets.map((s) => s.pullId))) {
    const rows = await db.selectFrom('links').select(['pull_id', 'issue_repo_key', 'issue_number', 'source']).where('pull_id', 'in', part).execute();
    for (const r of rows) old.set(r.pull_id, [...(old.get(r.pull_id) ?? []), r]);
  }
  const changed: number[] = [];
  const inserts: { pull_id: number; issue_repo_key: string; issue_repo: string; issue_number: number; source: string; created_at: string }[] = [];
  const targets = new Map<string, LinkTarget>();
  for (const set of sets) {
    const unique = new Map<string, ClosingRef>();
    for (const r of set.refs) unique.set(targetKey({ repoKey: r.repoKey, number: r.number }), r);
    const before = old.get(set.pullId) ?? [];
    const same = before.length === unique.size && before.every((o) => o.source === set.source && unique.has(`${o.issue_repo_key}#${o.issue_number}`));
    if (same) continue;
    changed.push(set.pullId);
    for (const o of before) targets.set(`${o.issue_repo_key}#${o.issue_number}`, { repoKey: o.issue_repo_key, number: o.issue_number });
    for (const r of unique.values()) {
      targets.set(targetKey({ repoKey: r.repoKey, number: r.number }), { repoKey: r.repoKey, number: r.number });
      inserts.push({ pull_id: set.pullId, issue_repo_key: r.repoKey, issue_repo: trackedNames.get(r.repoKey) ?? r.repo, issue_number: r.number, source: set.source, created_at: now });
    }
  }
  for (const part of chunks(changed)) await db.deleteFrom('links').where('pull_id', 'in', part).execute();
  for (const part of chunks(inserts, 100)) await db.insertInto('links').values(part).execute();
  return [...targets.values()];
}

export async function replaceLinks(db: Db, pullId: number, refs: readonly ClosingRef[], source: LinkSource, trackedNames: ReadonlyMap<string, string>, now: string): Promise<LinkTarget[]> {
  return replaceLinksMany(db, [{ pullId, refs, source }], trackedNames, now);
}

/** The issues a set of pull requests currently link to. */
export async function linkTargetsOf(db: Db, pullIds: readonly number[]): Promise<LinkTarget[]> {
  const out: LinkTarget[] = [];
  for (const part of chunks(pullIds)) {
    const rows = await db.selectFrom('links').select(['issue_repo_key', 'issue_number']).where('pull_id', 'in', part).execute();
    for (const r of rows) out.push({ repoKey: r.issue_repo_key, number: r.issue_number });
  }
  return out;
}

/**
 * Recomputes the denormalised link counts: for each issue, how many pull requests
 * still claim it (open, draft or merged: an abandoned pull request frees the
 * issue); for each pull request, how many issues it closes (a reference to
 * something known to be a pull request is not a link, as on GitHub). One
 * statement per chunk; each row's count is an indexed lookup.
 */
export async function refreshLinkCounts(db: Db, targets: readonly LinkTarget[], pullIds: readonly number[]): Promise<void> {
  const claiming = sql.join(CLAIMING_PULL_STATUSES.map((s) => sql`${s}`));
  const byRepo = new Map<string, Set<number>>();
  for (const t of targets) byRepo.set(t.repoKey, (byRepo.get(t.repoKey) ?? new Set()).add(t.number));
  const repos = byRepo.size ? await db.selectFrom('repos').select(['id', 'name_key']).where('name_key', 'in', [...byRepo.keys()]).execute() : [];
  for (const repo of repos) {
    for (const part of chunks([...byRepo.get(repo.name_key)!])) {
      // Rows are found through the (repo_id, number) key first; `+is_pull` stops
      // SQLite from preferring a list index on is_pull and walking every issue.
      await sql`
        UPDATE items SET linked_count = (
          SELECT count(*) FROM links l JOIN items p ON p.id = l.pull_id
          WHERE l.issue_repo_key = ${repo.name_key} AND l.issue_number = items.number
            AND p.status IN (${claiming}) AND p.gone IS NULL)
        WHERE id IN (SELECT id FROM items WHERE repo_id = ${repo.id} AND number IN (${sql.join(part)})) AND +is_pull = 0`.execute(db);
    }
  }
  for (const part of chunks([...new Set(pullIds)])) {
    await sql`
      UPDATE items SET linked_count = (
        SELECT count(*) FROM links l
        WHERE l.pull_id = items.id AND NOT EXISTS (
          SELECT 1 FROM repos r JOIN items t ON t.repo_id = r.id
          WHERE r.name_key = l.issue_repo_key AND t.number = l.issue_number AND t.is_pull = 1))
      WHERE id IN (${sql.join(part)})`.execute(db);
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

/** One transaction's worth of link changes for one repository's pull requests. */
export interface LinkUpdate {
  /** The repository the pull requests belong to. */
  repoKey: string;
  /** New link sets, each replacing a pull request's previous set; each pull request is marked with its set's source. */
  sets: readonly LinkSet[];
  /** Pull requests whose status moved: the issues they link gain or lose a claim. */
  statusMoved?: readonly number[];
  /** Issues that are new to the store (pull requests may already link them). */
  newIssues?: readonly LinkTarget[];
  /** Pull requests whose own link counts are recomputed. */
  pullIds: readonly number[];
  /** The repository's answers changed whatever the links did (its data version moves). */
  dataChanged: boolean;
  trackedNames: ReadonlyMap<string, string>;
  now: string;
}

/**
 * Stores link sets and everything that depends on them: the source (and, for
 * text, the grammar) each pull request's links came from, the denormalised link
 * counts, and the data versions of every repository whose answers moved
 * (those two at the end of the transaction instead, when `pending` collects them).
 * Returns how many issues' linking pull requests may have changed.
 */
export async function applyLinkUpdate(db: Db, u: LinkUpdate, pending?: PendingLinkCounts): Promise<number> {
  const replaced = await replaceLinksMany(db, u.sets, u.trackedNames, u.now);
  // concat, not push(...): a description may hold hundreds of thousands of references.
  const targets: LinkTarget[] = (await linkTargetsOf(db, u.statusMoved ?? []))
    .concat(u.newIssues ?? [])
    .concat(replaced);
  const text = u.sets.filter((s) => s.source === 'text').map((s) => s.pullId);
  for (const part of chunks(text)) await db.updateTable('items').set({ links_source: 'text', links_grammar: GRAMMAR_VERSION }).where('id', 'in', part).execute();
  const graphql = u.sets.filter((s) => s.source === 'graphql').map((s) => s.pullId);
  for (const part of chunks(graphql)) await db.updateTable('items').set({ links_source: 'graphql', graphql_due: 0 }).where('id', 'in', part).execute();
  const versions = u.dataChanged || targets.length ? [u.repoKey, ...targets.map((t) => t.repoKey)] : [];
  if (pending) pending.add(targets, u.pullIds, versions);
  else {
    await refreshLinkCounts(db, targets, u.pullIds);
    await bumpVersions(db, versions);
  }
  return replaced.length;
}

/**
 * Link counts and data versions that several link updates of one transaction
 * moved, refreshed once at its end instead of after each update (a batch of
 * pages touches many of the same issues, and every repository's version moves
 * once). Nothing in between reads the counts.
 */
export class PendingLinkCounts {
  private targets: LinkTarget[] = [];
  private pullIds: number[] = [];
  private versions = new Set<string>();

  add(targets: readonly LinkTarget[], pullIds: readonly number[], versions: readonly string[]): void {
    // concat, not push(...): a description may hold hundreds of thousands of references.
    this.targets = this.targets.concat(targets);
    this.pullIds = this.pullIds.concat(pullIds);
    for (const k of versions) this.versions.add(k);
  }

  /** Refreshes what was added, in the caller's transaction. */
  async apply(db: Db): Promise<void> {
    await refreshLinkCounts(db, this.targets, this.pullIds);
    await bumpVersions(db, [...this.versions]);
  }
}

/** Pull requests of a repository waiting for GitHub's link answer, open ones first. */
export async function pullsDueForGraphql(db: Db, repoId: number, limit: number): Promise<{ id: number; number: number }[]> {
  return db
    .selectFrom('items')
    .select(['id', 'number'])
    .where('repo_id', '=', repoId)
    .where('graphql_due', '=', 1)
    .orderBy(sql`CASE WHEN status IN ('open', 'draft') THEN 0 ELSE 1 END`)
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
}

/** Clears the due marker of pull requests GitHub's link answer was asked about. */
export async function clearGraphqlDue(db: Db, pullIds: readonly number[]): Promise<void> {
  for (const part of chunks(pullIds)) await db.updateTable('items').set({ graphql_due: 0 }).where('id', 'in', part).execute();
}

/** A key range of a repository's pull requests for relinking: `id > after`, in id order. */
export async function pullsForRelink(db: Db, repoId: number, after: number, limit: number): Promise<{ id: number; body: string | null; base_ref: string | null; html_url: string | null; links_source: string | null }[]> {
  return db
    .selectFrom('items')
    .select(['id', 'body', 'base_ref', 'html_url', 'links_source'])
    .where('repo_id', '=', repoId)
    .where('is_pull', '=', 1)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
}
