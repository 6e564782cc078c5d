import type { ListRow } from '../db/item-list.queries.ts';
import { linkedPullsOfMany, type LinkedPullRow } from '../db/issues.queries.ts';
import { closingIssuesOfMany, type ClosingIssueRow } from '../db/pulls.queries.ts';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Chips a list row carries: enough to show who is on an issue without opening it. */
export const PREVIEW_LINKS = 3;

export interface Previews {
  issue(row: ListRow): LinkedPullRow[];
  pull(row: ListRow): ClosingIssueRow[];
}

/**
 * The first few links of every row of a page, so a list answer says who is on
 * each issue (and what each pull request closes) without a detail request per
 * row. One statement per kind for the whole page, reading at most PREVIEW_LINKS
 * rows per linked row: bounded by the page size, whatever the repository's size.
 */
export async function loadPreviews(db: Kysely<DB>, rows: readonly ListRow[], names: ReadonlyMap<number, string>): Promise<Previews> {
  const linked = rows.filter((r) => r.linked_count > 0);
  const issueKey = (row: ListRow) => `${(names.get(row.repo_id) ?? '').toLowerCase()}#${row.number}`;
  const issueRows = linked.filter((r) => !r.is_pull);
  const issues = await linkedPullsOfMany(db, issueRows.map((r) => ({ repoKey: (names.get(r.repo_id) ?? '').toLowerCase(), number: r.number })), PREVIEW_LINKS);
  const pulls = await closingIssuesOfMany(db, linked.filter((r) => r.is_pull).map((r) => r.id), PREVIEW_LINKS);
  return { issue: (row) => (row.linked_count > 0 ? issues.get(issueKey(row)) : undefined) ?? [], pull: (row) => pulls.get(row.id) ?? [] };
}
