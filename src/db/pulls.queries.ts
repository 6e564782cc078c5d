import { sql, type Kysely, type Transaction } from 'kysely';
import { boundedJoin, idTable } from './dialect.ts';
import { listItems, type ItemListResult, type ItemListSpec } from './item-list.queries.ts';
import type { DB } from './schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const CLOSING_ISSUES_LIMIT = 200;
const LINK_READ_LIMIT = 1000;

export function listPulls(db: Db, spec: Omit<ItemListSpec, 'isPull'>): Promise<ItemListResult> {
  return listItems(db, { ...spec, isPull: true });
}

export interface ClosingIssueRow {
  /** The repository as the stored repository spells it, else as the reference wrote it. */
  repo: string;
  number: number;
  source: string;
  /** 1 when the repository is tracked (active), 0 when stored but no longer tracked, null when unknown. */
  tracked: number | null;
  state: string | null;
  status: string | null;
  title: string | null;
}

/**
 * The issues a pull request closes. References to something the store knows to
 * be a pull request are not links (as on GitHub). Issues of repositories the hub
 * does not track come back with no state or title.
 */
/** `closingIssues` of many pull requests in one statement (a list page's previews): at most `limit` each, keyed by pull id. */
export async function closingIssuesOfMany(db: Db, pullIds: readonly number[], limit: number): Promise<Map<number, ClosingIssueRow[]>> {
  const out = new Map<number, ClosingIssueRow[]>();
  if (pullIds.length === 0) return out;
  const res = await sql<ClosingIssueRow & { pull_id: number }>`
    SELECT pull_id, repo, number, source, tracked, state, status, title FROM (
      SELECT w.value AS pull_id, coalesce(r.full_name, l.issue_repo) AS repo, l.issue_number AS number, l.source, r.active AS tracked,
        i.state, i.status, i.title, row_number() OVER (PARTITION BY w.value ORDER BY l.issue_repo_key, l.issue_number) AS rank
      FROM ${idTable(db, pullIds)} w
      ${boundedJoin(db, 'links', 'l', sql`pull_id = w.value`, LINK_READ_LIMIT)}
      LEFT JOIN repos r ON r.name_key = l.issue_repo_key
      LEFT JOIN items i ON i.repo_id = r.id AND i.number = l.issue_number
      WHERE i.is_pull IS DISTINCT FROM 1
    ) AS ranked WHERE rank <= ${limit}
    ORDER BY pull_id, rank`.execute(db);
  for (const { pull_id, ...row } of res.rows) {
    const list = out.get(pull_id);
    if (list) list.push(row);
    else out.set(pull_id, [row]);
  }
  return out;
}

export async function closingIssues(db: Db, pullId: number, limit = CLOSING_ISSUES_LIMIT): Promise<ClosingIssueRow[]> {
  const res = await sql<ClosingIssueRow>`
    SELECT coalesce(r.full_name, l.issue_repo) AS repo, l.issue_number AS number, l.source, r.active AS tracked,
      i.state, i.status, i.title
    FROM (SELECT issue_repo, issue_repo_key, issue_number, source FROM links WHERE pull_id = ${pullId} LIMIT ${LINK_READ_LIMIT}) l
    LEFT JOIN repos r ON r.name_key = l.issue_repo_key
    LEFT JOIN items i ON i.repo_id = r.id AND i.number = l.issue_number
    WHERE i.is_pull IS DISTINCT FROM 1
    ORDER BY l.issue_repo_key, l.issue_number
    LIMIT ${limit}`.execute(db);
  return res.rows;
}
