import type { ListRow } from '../db/item-list.queries.ts';
import { linkedPulls, type LinkedPullRow } from '../db/issues.queries.ts';
import { closingIssues, type ClosingIssueRow } from '../db/pulls.queries.ts';
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
 * row. One indexed lookup per linked row, each reading at most PREVIEW_LINKS
 * rows: bounded by the page size, whatever the repository's size.
 */
export async function loadPreviews(db: Kysely<DB>, rows: readonly ListRow[], names: ReadonlyMap<number, string>): Promise<Previews> {
  const issues = new Map<number, LinkedPullRow[]>();
  const pulls = new Map<number, ClosingIssueRow[]>();
  for (const row of rows) {
    if (row.linked_count === 0) continue;
    if (row.is_pull) pulls.set(row.id, await closingIssues(db, row.id, PREVIEW_LINKS));
    else issues.set(row.id, await linkedPulls(db, (names.get(row.repo_id) ?? '').toLowerCase(), row.number, PREVIEW_LINKS));
  }
  return { issue: (row) => issues.get(row.id) ?? [], pull: (row) => pulls.get(row.id) ?? [] };
}
