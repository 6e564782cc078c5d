import { sql, type Kysely } from 'kysely';
import { toGithubTime } from '../core/time.ts';
import type { DB, RepoRow } from '../db/schema.ts';

/**
 * Items and scoring facts written straight into the store, the way the sync side
 * and the fact fetchers leave them: the scoring job's tests state exactly what the
 * store holds and work the standings out by hand.
 */

export const T0 = Date.UTC(2026, 7, 20, 12, 0, 0);
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const at = (t: number) => toGithubTime(t);

export async function scoringRepo(db: Kysely<DB>, fullName = 'acme/widgets', entry: Record<string, unknown> = {}, defaultBranch: string | null = 'main'): Promise<RepoRow> {
  const [owner, name] = fullName.split('/') as [string, string];
  const now = at(T0 - 60 * DAY);
  const row = await db
    .insertInto('repos')
    .values({
      full_name: fullName, name_key: fullName.toLowerCase(), owner, name, weight: 0.1, entry: JSON.stringify({ emission_share: 0.1, ...entry }), operator_added: 0, active: 1,
      default_branch: defaultBranch, archived: 0, created_at: now, updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto('sync_state').values({ repo_id: row.id, data_version: 1 }).execute();
  return row;
}

/** What a sync commit does to the version the job watches. */
export async function bumpDataVersion(db: Kysely<DB>, repo: RepoRow): Promise<void> {
  await db.updateTable('sync_state').set({ data_version: sql`data_version + 1` }).where('repo_id', '=', repo.id).execute();
}

export interface ItemSpec {
  number: number;
  author?: string | null;
  authorId?: string | null;
  association?: string;
  createdAt?: number;
  updatedAt?: number;
  state?: 'open' | 'closed';
  stateReason?: string | null;
  closedAt?: number | null;
  labels?: string[];
  gone?: 'deleted' | 'transferred' | null;
}

export interface PullSpec extends ItemSpec {
  mergedAt?: number | null;
  baseRef?: string | null;
  headRef?: string;
  headRepo?: string | null;
  headSha?: string | null;
  /** null: no pull_facts row (not fetched yet). */
  facts?: { mergedBy?: string | null; editedAfterMerge?: boolean; itemUpdatedAt?: number } | null;
  reviews?: Array<{ state: string; author: string; authorId?: string; association?: string }>;
  /** label → who applied it; a label not named here has no event row. */
  labelActors?: Record<string, { actor: string; actorId?: string; association: string | null }>;
  /** null: no token score yet. */
  tokens?: { total: number; source: number; headSha?: string } | null;
  closes?: number[];
}

async function insertItem(db: Kysely<DB>, repo: RepoRow, isPull: boolean, s: ItemSpec & Partial<Omit<PullSpec, 'facts'>>): Promise<number> {
  const created = s.createdAt ?? T0 - 3 * DAY;
  const merged = isPull && s.mergedAt !== undefined && s.mergedAt !== null;
  const state = s.state ?? (merged ? 'closed' : 'open');
  const closedAt = s.closedAt !== undefined ? s.closedAt : state === 'closed' ? (s.mergedAt ?? T0 - DAY) : null;
  const author = s.author === undefined ? 'miner-one' : s.author;
  const updated = s.updatedAt ?? Math.max(created, closedAt ?? created);
  const status = isPull ? (merged ? 'merged' : state) : state === 'open' ? 'open' : (s.stateReason ?? 'completed');
  const row = await db
    .insertInto('items')
    .values({
      repo_id: repo.id, number: s.number, is_pull: isPull ? 1 : 0, title: `Item ${s.number}`, body: null, state, state_reason: isPull ? null : state === 'closed' ? (s.stateReason === undefined ? 'completed' : s.stateReason) : null,
      status, merged: merged ? 1 : 0, merged_at: merged ? at(s.mergedAt!) : null,
      base_ref: isPull ? (s.baseRef === undefined ? 'main' : s.baseRef) : null, head_ref: isPull ? (s.headRef ?? `feature-${s.number}`) : null,
      head_repo: isPull ? (s.headRepo === undefined ? `${author ?? 'ghost'}/widgets` : s.headRepo) : null, head_sha: isPull ? (s.headSha === undefined ? `sha${s.number}` : s.headSha) : null,
      author, author_key: author?.toLowerCase() ?? null, author_id: s.authorId === undefined ? (author ? `id-${author.toLowerCase()}` : null) : s.authorId,
      author_association: s.association ?? 'CONTRIBUTOR',
      labels: JSON.stringify((s.labels ?? []).map((name) => ({ name, color: 'ededed', description: null }))),
      created_at: at(created), updated_at: at(updated), closed_at: closedAt === null ? null : at(closedAt), gone: s.gone ?? null, synced_at: at(updated),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertIssue(db: Kysely<DB>, repo: RepoRow, s: ItemSpec & { facts?: { closer?: number | null; lastEditedAt?: number | null } | null }): Promise<number> {
  const id = await insertItem(db, repo, false, s);
  if (s.facts !== null && (s.state ?? 'open') === 'closed') {
    const f = s.facts ?? {};
    const updated = at(s.updatedAt ?? s.closedAt ?? T0 - DAY);
    await db
      .insertInto('issue_facts')
      .values({ item_id: id, closer_repo: f.closer ? repo.full_name : null, closer_number: f.closer ?? null, last_edited_at: f.lastEditedAt ? at(f.lastEditedAt) : null, source: 'graphql', item_updated_at: updated, fetched_at: updated })
      .execute();
  }
  return id;
}

export async function insertPull(db: Kysely<DB>, repo: RepoRow, s: PullSpec): Promise<number> {
  const id = await insertItem(db, repo, true, s);
  const item = await db.selectFrom('items').select(['updated_at', 'head_sha']).where('id', '=', id).executeTakeFirstOrThrow();
  if (s.facts !== null) {
    const f = s.facts ?? {};
    await db
      .insertInto('pull_facts')
      .values({
        item_id: id, merged_by: f.mergedBy === undefined ? (s.mergedAt ? 'maintainer' : null) : f.mergedBy, merged_by_id: null, additions: 10, deletions: 1, changed_files: 1, last_edited_at: null,
        edited_after_merge: f.editedAfterMerge ? 1 : 0, source: 'graphql', item_updated_at: f.itemUpdatedAt === undefined ? item.updated_at : at(f.itemUpdatedAt), fetched_at: item.updated_at,
      })
      .execute();
  }
  let n = 0;
  for (const r of s.reviews ?? []) {
    await db
      .insertInto('pull_reviews')
      .values({ item_id: id, review_id: String(++n), author: r.author, author_id: r.authorId ?? null, author_association: r.association ?? 'NONE', state: r.state, submitted_at: item.updated_at })
      .execute();
  }
  for (const [label, a] of Object.entries(s.labelActors ?? {})) {
    await db
      .insertInto('label_events')
      .values({ item_id: id, label_key: label.toLowerCase(), label, actor: a.actor, actor_id: a.actorId ?? null, actor_association: a.association, at: item.updated_at })
      .execute();
  }
  if (s.tokens !== null) {
    const t = s.tokens ?? { total: 100, source: 100 };
    await db
      .insertInto('pull_token_scores')
      .values({ item_id: id, head_sha: t.headSha ?? item.head_sha ?? 'sha', token_score: t.total, source_token_score: t.source, total_token_score: t.total, file_count: 1, files: '[]', source: 'github', computed_at: item.updated_at })
      .execute();
  }
  for (const issue of s.closes ?? []) {
    await db
      .insertInto('links')
      .values({ pull_id: id, issue_repo_key: repo.name_key, issue_repo: repo.full_name, issue_number: issue, source: 'graphql', created_at: item.updated_at })
      .execute();
  }
  return id;
}

export async function addMaintainer(db: Kysely<DB>, repo: RepoRow, login: string, githubId: string, association = 'MAINTAINER'): Promise<void> {
  await db.insertInto('subnet_maintainers').values({ repo_key: repo.name_key, github_id: githubId, login, association, source: 'subnet-mirror', fetched_at: at(T0) }).execute();
}

export async function registerMiner(db: Kysely<DB>, uid: number, login: string, githubId: string): Promise<void> {
  await db
    .insertInto('subnet_miners')
    .values({
      uid, hotkey: `hk${uid}`, github_id: githubId, login, shared_account: 0, failed_reason: null, total_score: 0, base_total_score: null, total_open_prs: 0, total_closed_prs: 0,
      total_merged_prs: 0, is_eligible: 0, credibility: 0, total_collateral_score: null, issue_discovery_score: null, is_issue_eligible: null, alpha_per_day: null, tao_per_day: null,
      usd_per_day: null, evaluated_at: null, updated_at: at(T0),
    })
    .execute();
}
