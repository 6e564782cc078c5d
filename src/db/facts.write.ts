/**
 * The per-item scoring facts the sync keeps (migration 0008, docs/sync.md):
 * which items are due, and writing one item's facts whole (its reviews and
 * label actors replaced), in the transaction that records the progress.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { recordTable } from './dialect.ts';
import type { DB } from './schema.ts';
import type { LabelEventsTable, PullReviewsTable } from './scoring.schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface DueItem {
  id: number;
  number: number;
  updated_at: string;
  /** JSON array of {name, …}: the labels the item carries. */
  labels: string;
  merged_at: string | null;
}

/**
 * Pull requests of a repository whose facts or GitHub link answer are due: the
 * link answer was asked for (graphql_due; unless `linksDue` is false, as for the
 * REST fallback, which cannot give it), or no facts were stored for the item's
 * current updated_at. Open ones first, then the most recently updated.
 */
export async function pullsDueForFacts(db: Db, repoId: number, limit: number, options: { linksDue?: boolean } = {}): Promise<DueItem[]> {
  const linksDue = options.linksDue ?? true;
  return db
    .selectFrom('items')
    .leftJoin('pull_facts', 'pull_facts.item_id', 'items.id')
    .select(['items.id', 'items.number', 'items.updated_at', 'items.labels', 'items.merged_at'])
    .where('items.repo_id', '=', repoId)
    .where('items.is_pull', '=', 1)
    .where((eb) => eb.or([...(linksDue ? [eb('items.graphql_due', '=', 1)] : []), eb('pull_facts.item_id', 'is', null), eb('pull_facts.item_updated_at', '<', eb.ref('items.updated_at'))]))
    .orderBy(sql`CASE WHEN items.status IN ('open', 'draft') THEN 0 ELSE 1 END`)
    .orderBy('items.updated_at', 'desc')
    .limit(limit)
    .execute();
}

/** Closed issues (still in the repository) with no facts for their current updated_at, most recently updated first. */
export async function issuesDueForFacts(db: Db, repoId: number, limit: number): Promise<DueItem[]> {
  return db
    .selectFrom('items')
    .leftJoin('issue_facts', 'issue_facts.item_id', 'items.id')
    .select(['items.id', 'items.number', 'items.updated_at', 'items.labels', 'items.merged_at'])
    .where('items.repo_id', '=', repoId)
    .where('items.is_pull', '=', 0)
    .where('items.state', '=', 'closed')
    .where('items.gone', 'is', null)
    .where((eb) => eb.or([eb('issue_facts.item_id', 'is', null), eb('issue_facts.item_updated_at', '<', eb.ref('items.updated_at'))]))
    .orderBy('items.updated_at', 'desc')
    .limit(limit)
    .execute();
}

export interface PullFactsWrite {
  itemId: number;
  itemUpdatedAt: string;
  source: 'graphql' | 'rest';
  authorId: string | null;
  mergedBy: string | null;
  mergedById: string | null;
  additions: number | null;
  deletions: number | null;
  changedFiles: number | null;
  lastEditedAt: string | null;
  editedAfterMerge: boolean;
  reviews: Omit<PullReviewsTable, 'item_id'>[];
  labels: Omit<LabelEventsTable, 'item_id'>[];
}

const REVIEW_CHUNK = 400;

/** Replaces a pull request's facts, reviews and label actors with one answer's. */
export async function writePullFacts(db: Transaction<DB>, f: PullFactsWrite, now: string): Promise<void> {
  await writePullFactsMany(db, [f], now);
}

/** writePullFacts for a batch of answers, the authors' ids stored in one statement. */
export async function writePullFactsMany(db: Transaction<DB>, facts: readonly PullFactsWrite[], now: string): Promise<void> {
  for (const f of facts) await writeOnePullFacts(db, f, now);
  await setAuthorIds(db, facts);
}

async function writeOnePullFacts(db: Transaction<DB>, f: PullFactsWrite, now: string): Promise<void> {
  const row = {
    merged_by: f.mergedBy,
    merged_by_id: f.mergedById,
    additions: f.additions,
    deletions: f.deletions,
    changed_files: f.changedFiles,
    last_edited_at: f.lastEditedAt,
    edited_after_merge: f.editedAfterMerge ? 1 : 0,
    source: f.source,
    item_updated_at: f.itemUpdatedAt,
    fetched_at: now,
  };
  await db.insertInto('pull_facts').values({ item_id: f.itemId, ...row }).onConflict((oc) => oc.column('item_id').doUpdateSet(row)).execute();
  await db.deleteFrom('pull_reviews').where('item_id', '=', f.itemId).execute();
  const reviews = [...new Map(f.reviews.map((r) => [r.review_id, r])).values()];
  for (let i = 0; i < reviews.length; i += REVIEW_CHUNK) {
    await db.insertInto('pull_reviews').values(reviews.slice(i, i + REVIEW_CHUNK).map((r) => ({ ...r, item_id: f.itemId }))).execute();
  }
  await writeLabelEvents(db, f.itemId, f.labels);
}

/**
 * The authors' GitHub ids the answers gave, in one statement; rows already
 * holding theirs (the /issues answer gave it) are not rewritten.
 */
async function setAuthorIds(db: Transaction<DB>, facts: readonly { itemId: number; authorId: string | null }[]): Promise<void> {
  const rows = facts.flatMap((f) => (f.authorId === null ? [] : [{ id: f.itemId, author_id: f.authorId }]));
  if (rows.length === 0) return;
  await sql`
    UPDATE items SET author_id = v.author_id FROM ${recordTable(db, rows, { id: 'bigint', author_id: 'text' })}
    WHERE items.id = v.id AND (items.author_id IS NULL OR items.author_id <> v.author_id)`.execute(db);
}

async function writeLabelEvents(db: Transaction<DB>, itemId: number, labels: Omit<LabelEventsTable, 'item_id'>[]): Promise<void> {
  await db.deleteFrom('label_events').where('item_id', '=', itemId).execute();
  const unique = [...new Map(labels.map((l) => [l.label_key, l])).values()];
  if (unique.length) await db.insertInto('label_events').values(unique.map((l) => ({ ...l, item_id: itemId }))).execute();
}

export interface IssueFactsWrite {
  itemId: number;
  itemUpdatedAt: string;
  source: 'graphql' | 'rest';
  authorId: string | null;
  closedBy: string | null;
  closedById: string | null;
  closerRepo: string | null;
  closerNumber: number | null;
  lastEditedAt: string | null;
}

export async function writeIssueFacts(db: Transaction<DB>, f: IssueFactsWrite, now: string): Promise<void> {
  await writeIssueFactsMany(db, [f], now);
}

/** writeIssueFacts for a batch of answers, the authors' ids stored in one statement. */
export async function writeIssueFactsMany(db: Transaction<DB>, facts: readonly IssueFactsWrite[], now: string): Promise<void> {
  for (const f of facts) await writeOneIssueFacts(db, f, now);
  await setAuthorIds(db, facts);
}

async function writeOneIssueFacts(db: Transaction<DB>, f: IssueFactsWrite, now: string): Promise<void> {
  const row = {
    closed_by: f.closedBy,
    closed_by_id: f.closedById,
    closer_repo: f.closerRepo,
    closer_number: f.closerNumber,
    last_edited_at: f.lastEditedAt,
    source: f.source,
    item_updated_at: f.itemUpdatedAt,
    fetched_at: now,
  };
  await db.insertInto('issue_facts').values({ item_id: f.itemId, ...row }).onConflict((oc) => oc.column('item_id').doUpdateSet(row)).execute();
}

/**
 * Lower-case login → association, for label actors (GitHub's labeled events do
 * not carry one): the repository's maintainers first, then the latest
 * association each author holds on the repository's own items.
 */
export async function knownAssociations(db: Db, repoId: number, repoKey: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const seen = await db
    .selectFrom('items')
    .select(['author_key', 'author_association', 'updated_at'])
    .where('repo_id', '=', repoId)
    .where('author_key', 'is not', null)
    .where('author_association', 'is not', null)
    .orderBy('updated_at')
    .execute();
  for (const r of seen) out.set(r.author_key!, r.author_association!);
  const maintainers = await db.selectFrom('subnet_maintainers').select(['login', 'association']).where('repo_key', '=', repoKey).execute();
  for (const m of maintainers) out.set(m.login.toLowerCase(), m.association);
  return out;
}

/** Authors whose latest association on the repository's own items is OWNER, MEMBER or COLLABORATOR (with a known id). */
export async function maintainersSeenInItems(db: Db, repoId: number): Promise<{ github_id: string; login: string; association: string }[]> {
  const rows = await db
    .selectFrom('items')
    .select(['author', 'author_key', 'author_id', 'author_association', 'updated_at'])
    .where('repo_id', '=', repoId)
    .where('author_key', 'is not', null)
    .orderBy('updated_at')
    .execute();
  const latest = new Map<string, { login: string; id: string | null; association: string | null }>();
  for (const r of rows) {
    const had = latest.get(r.author_key!);
    latest.set(r.author_key!, { login: r.author!, id: r.author_id ?? had?.id ?? null, association: r.author_association ?? had?.association ?? null });
  }
  return [...latest.values()]
    .filter((u) => u.id !== null && (u.association === 'OWNER' || u.association === 'MEMBER' || u.association === 'COLLABORATOR'))
    .map((u) => ({ github_id: u.id!, login: u.login, association: u.association! }));
}
