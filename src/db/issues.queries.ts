import { sql, type Kysely, type Transaction } from 'kysely';
import { CLAIMING_PULL_STATUSES } from '../core/states.ts';
import { boundedJoin, drivingJoin, pairTable } from './dialect.ts';
import { listItems, type ItemListResult, type ItemListSpec } from './item-list.queries.ts';
import type { DB, ItemRow } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** At most this many linked pull requests are listed on one issue (a few issues collect hundreds of references). */
export const LINKED_PULLS_LIMIT = 200;
// Read at most this many link rows before ordering them, so a pathological issue stays cheap.
const LINK_READ_LIMIT = 1000;

export function listIssues(db: Db, spec: Omit<ItemListSpec, 'isPull'>): Promise<ItemListResult> {
  return listItems(db, { ...spec, isPull: false });
}

/** One stored item (issue or pull request) by repository and number, body included. */
export async function getItem(db: Db, repoId: number, number: number): Promise<ItemRow | undefined> {
  return db.selectFrom('items').selectAll().where('repo_id', '=', repoId).where('number', '=', number).executeTakeFirst();
}

export interface LinkedPullRow {
  repo_id: number;
  repo: string;
  number: number;
  state: string;
  status: string;
  merged: number;
  draft: number;
  title: string;
  author: string | null;
  source: string;
  created_at: string;
}

/**
 * An issue's pull requests, the one definition lists and details share: those in
 * any stored repository whose description (or GitHub's own link data) closes the
 * issue and that still claim it (open, draft or merged; a pull request closed
 * without merging frees the issue, and deleted ones are left out). These are
 * exactly what `linked_count` counts, so a list's preview is the head of the
 * detail's list. Earliest opened first.
 */
/**
 * `linkedPulls` of many issues in one statement (a list page's previews): at most
 * `limit` per issue, each issue's links read up to the same bound as one at a time.
 * Keyed by "repoKey#number".
 */
export async function linkedPullsOfMany(db: Db, issues: readonly { repoKey: string; number: number }[], limit: number): Promise<Map<string, LinkedPullRow[]>> {
  const out = new Map<string, LinkedPullRow[]>();
  if (issues.length === 0) return out;
  const claiming = sql.join(CLAIMING_PULL_STATUSES.map((s) => sql`${s}`));
  const res = await sql<LinkedPullRow & { issue_key: string; issue_number: number }>`
    SELECT issue_key, issue_number, repo_id, repo, number, state, status, merged, draft, title, author, source, created_at FROM (
      SELECT w.k AS issue_key, w.n AS issue_number, p.repo_id, r.full_name AS repo, p.number, p.state, p.status, p.merged, p.draft, p.title, p.author,
        l.source, p.created_at, row_number() OVER (PARTITION BY w.k, w.n ORDER BY p.created_at, p.id) AS rank
      FROM ${pairTable(db, issues.map((i) => [i.repoKey, i.number] as const))} w
      ${boundedJoin(db, 'links', 'l', sql`issue_repo_key = w.k AND issue_number = w.n`, LINK_READ_LIMIT)}
      ${drivingJoin(db)} items p ON p.id = l.pull_id
      JOIN repos r ON r.id = p.repo_id
      WHERE p.gone IS NULL AND p.status IN (${claiming})
    ) AS ranked WHERE rank <= ${limit}
    ORDER BY issue_key, issue_number, rank`.execute(db);
  for (const { issue_key, issue_number, ...row } of res.rows) {
    const key = `${issue_key}#${issue_number}`;
    const list = out.get(key);
    if (list) list.push(row);
    else out.set(key, [row]);
  }
  return out;
}

export async function linkedPulls(db: Db, repoKey: string, number: number, limit = LINKED_PULLS_LIMIT): Promise<LinkedPullRow[]> {
  const claiming = sql.join(CLAIMING_PULL_STATUSES.map((s) => sql`${s}`));
  const res = await sql<LinkedPullRow>`
    SELECT p.repo_id, r.full_name AS repo, p.number, p.state, p.status, p.merged, p.draft, p.title, p.author, l.source, p.created_at
    FROM (SELECT pull_id, source FROM links WHERE issue_repo_key = ${repoKey} AND issue_number = ${number} LIMIT ${LINK_READ_LIMIT}) l
    ${drivingJoin(db)} items p ON p.id = l.pull_id
    JOIN repos r ON r.id = p.repo_id
    WHERE p.gone IS NULL AND p.status IN (${claiming})
    ORDER BY p.created_at, p.id
    LIMIT ${limit}`.execute(db);
  return res.rows;
}

/**
 * A repository's open issues that two or more open, draft or merged pull requests
 * claim, most recently active first: a range of the linked-count index
 * (items_by_linked), never a pass over the repository.
 */
export async function multiplyClaimedIssues(db: Db, repoId: number, limit: number): Promise<Array<{ number: number; title: string }>> {
  return db
    .selectFrom('items')
    .select(['number', 'title'])
    .where('repo_id', '=', repoId)
    .where('is_pull', '=', 0)
    .where('status', '=', 'open')
    .where('linked_count', '>=', 2)
    .where('gone', 'is', null)
    .orderBy('linked_count', 'desc')
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
}
