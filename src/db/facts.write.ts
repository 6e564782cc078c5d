/**
 * The per-item scoring facts the sync keeps (migration 0008, docs/sync.md):
 * which items are due, and writing one item's facts whole (its reviews and
 * label actors replaced), in the transaction that records the progress.
 */
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { idTable, recordTable } from './dialect.ts';
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
 * REST fallback, which cannot give it), no facts were stored for the item's
 * current updated_at, or (with the link answer, which brings them) the pull
 * request's own fields are older than the item. Those last go first, so a pass
 * that takes the fields from GraphQL instead of `/pulls` (pullFieldsDue) is sure
 * to ask for every one of them; then open ones, then the most recently updated.
 */
export async function pullsDueForFacts(db: Db, repoId: number, limit: number, options: { linksDue?: boolean } = {}): Promise<DueItem[]> {
  const linksDue = options.linksDue ?? true;
  return db
    .selectFrom('items')
    .leftJoin('pull_facts', 'pull_facts.item_id', 'items.id')
    .select(['items.id', 'items.number', 'items.updated_at', 'items.labels', 'items.merged_at'])
    .where('items.repo_id', '=', repoId)
    .where('items.is_pull', '=', 1)
    .where((eb) =>
      eb.or([
        ...(linksDue ? [eb('items.graphql_due', '=', 1), FIELDS_STALE] : []),
        eb('pull_facts.item_id', 'is', null),
        eb('pull_facts.item_updated_at', '<', eb.ref('items.updated_at')),
      ]),
    )
    .$if(linksDue, (q) => q.orderBy(sql`CASE WHEN ${FIELDS_STALE} THEN 0 ELSE 1 END`))
    .orderBy(sql`CASE WHEN items.status IN ('open', 'draft') THEN 0 ELSE 1 END`)
    .orderBy('items.updated_at', 'desc')
    .limit(limit)
    .execute();
}

/** A live pull request whose own fields (base, head, draft, merged) were fetched for an older updated_at, or never. */
const FIELDS_STALE = sql<SqlBool>`(items.gone IS NULL AND (items.pull_fetched_at IS NULL OR items.pull_fetched_at < items.updated_at))`;

/**
 * How many live pull requests of a repository have own fields older than the
 * item (or none), counted up to `cap + 1`: enough to tell whether one pass's
 * GitHub link answers can bring them all.
 */
export async function pullFieldsDue(db: Db, repoId: number, cap: number): Promise<number> {
  const row = await db
    .selectFrom((qb) =>
      qb
        .selectFrom('items')
        .select('items.id')
        .where('items.repo_id', '=', repoId)
        .where('items.is_pull', '=', 1)
        .where(FIELDS_STALE)
        .limit(Math.max(0, Math.min(cap, Number.MAX_SAFE_INTEGER - 1)) + 1)
        .as('due'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
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

/** Replaces a pull request's facts, reviews and label actors with one answer's. */
export async function writePullFacts(db: Transaction<DB>, f: PullFactsWrite, now: string): Promise<void> {
  await writePullFactsMany(db, [f], now);
}

type Columns = Readonly<Record<string, 'bigint' | 'integer' | 'text'>>;

const PULL_FACTS: Columns = {
  item_id: 'bigint', merged_by: 'text', merged_by_id: 'text', additions: 'integer', deletions: 'integer', changed_files: 'integer',
  last_edited_at: 'text', edited_after_merge: 'integer', source: 'text', item_updated_at: 'text', fetched_at: 'text',
};
const PULL_REVIEWS: Columns = { item_id: 'bigint', review_id: 'text', author: 'text', author_id: 'text', author_association: 'text', state: 'text', submitted_at: 'text' };
const LABEL_EVENTS: Columns = { item_id: 'bigint', label_key: 'text', label: 'text', actor: 'text', actor_id: 'text', actor_association: 'text', at: 'text' };
const ISSUE_FACTS: Columns = {
  item_id: 'bigint', closed_by: 'text', closed_by_id: 'text', closer_repo: 'text', closer_number: 'integer', last_edited_at: 'text', source: 'text', item_updated_at: 'text', fetched_at: 'text',
};

/**
 * Each item's last answer of a batch: a batch naming an item twice ends as if
 * its answers were written in order (and one upsert may not touch a row twice on
 * PostgreSQL).
 */
function lastPerItem<T extends { itemId: number }>(facts: readonly T[]): T[] {
  return [...new Map(facts.map((f) => [f.itemId, f])).values()];
}

type Table = 'pull_facts' | 'pull_reviews' | 'label_events' | 'issue_facts';

/**
 * Inserts rows, given as one JSON parameter (recordTable), in one statement
 * whatever their number: no parameter limit to chunk for, and one statement
 * text for every batch (prepared once). With `upsert`, a row whose item_id is
 * stored replaces every other column of it. The text around the rows is built
 * once: the names are the schema's own, none comes from outside.
 */
function recordInsert(table: Table, columns: Columns, upsert: boolean): (db: Transaction<DB>, rows: readonly Record<string, unknown>[]) => Promise<void> {
  const names = Object.keys(columns);
  const head = sql.raw(`INSERT INTO ${table} (${names.join(', ')}) SELECT ${names.map((c) => `v.${c}`).join(', ')} FROM`);
  const update = names.filter((c) => c !== 'item_id').map((c) => `${c} = excluded.${c}`);
  // `WHERE true`: SQLite would otherwise read ON CONFLICT as the ON of a join.
  const tail = sql.raw(`WHERE true${upsert ? ` ON CONFLICT (item_id) DO UPDATE SET ${update.join(', ')}` : ''}`);
  return async (db, rows) => {
    if (rows.length) await sql`${head} ${recordTable(db, rows, columns)} ${tail}`.execute(db);
  };
}

const upsertPullFacts = recordInsert('pull_facts', PULL_FACTS, true);
const insertPullReviews = recordInsert('pull_reviews', PULL_REVIEWS, false);
const insertLabelEvents = recordInsert('label_events', LABEL_EVENTS, false);
const upsertIssueFacts = recordInsert('issue_facts', ISSUE_FACTS, true);

/**
 * writePullFacts for a batch of answers in a fixed few statements: the facts
 * upserted together, the batch's reviews and label actors deleted and inserted
 * together, the authors' ids stored together.
 */
export async function writePullFactsMany(db: Transaction<DB>, facts: readonly PullFactsWrite[], now: string): Promise<void> {
  const last = lastPerItem(facts);
  if (last.length === 0) return;
  const ids = last.map((f) => f.itemId);
  await upsertPullFacts(
    db,
    last.map((f) => ({
      item_id: f.itemId,
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
    })),
  );
  // An answer's reviews (by review id) and label actors (by label) are unique, the last one kept.
  await sql`DELETE FROM pull_reviews WHERE item_id IN (SELECT value FROM ${idTable(db, ids)} AS w)`.execute(db);
  await insertPullReviews(db, last.flatMap((f) => [...new Map(f.reviews.map((r) => [r.review_id, { ...r, item_id: f.itemId }])).values()]));
  await sql`DELETE FROM label_events WHERE item_id IN (SELECT value FROM ${idTable(db, ids)} AS w)`.execute(db);
  await insertLabelEvents(db, last.flatMap((f) => [...new Map(f.labels.map((l) => [l.label_key, { ...l, item_id: f.itemId }])).values()]));
  await setAuthorIds(db, facts);
}

/**
 * The authors' GitHub ids the answers gave, in one statement; rows already
 * holding theirs (the /issues answer gave it) are not rewritten. An answer
 * without one leaves the stored id, so an item answered twice keeps the last id given.
 */
async function setAuthorIds(db: Transaction<DB>, facts: readonly { itemId: number; authorId: string | null }[]): Promise<void> {
  const byId = new Map<number, { id: number; author_id: string }>();
  for (const f of facts) if (f.authorId !== null) byId.set(f.itemId, { id: f.itemId, author_id: f.authorId });
  if (byId.size === 0) return;
  await sql`
    UPDATE items SET author_id = v.author_id FROM ${recordTable(db, [...byId.values()], { id: 'bigint', author_id: 'text' })}
    WHERE items.id = v.id AND (items.author_id IS NULL OR items.author_id <> v.author_id)`.execute(db);
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

/** writeIssueFacts for a batch of answers: the facts upserted in one statement, the authors' ids in another. */
export async function writeIssueFactsMany(db: Transaction<DB>, facts: readonly IssueFactsWrite[], now: string): Promise<void> {
  const rows = lastPerItem(facts).map((f) => ({
    item_id: f.itemId,
    closed_by: f.closedBy,
    closed_by_id: f.closedById,
    closer_repo: f.closerRepo,
    closer_number: f.closerNumber,
    last_edited_at: f.lastEditedAt,
    source: f.source,
    item_updated_at: f.itemUpdatedAt,
    fetched_at: now,
  }));
  await upsertIssueFacts(db, rows);
  await setAuthorIds(db, facts);
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
