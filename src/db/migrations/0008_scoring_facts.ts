import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  // SQLite's real is an 8-byte float; PostgreSQL's `real` is 4 bytes, so it gets double precision.
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  // The facts the subnet's rules read that the mirror did not keep, the token scores
  // the hub computes, and the evaluations the scoring job stores (docs/scoring.md).

  // Authors by GitHub id (logins change) and the commits a pull request points at.
  await db.schema.alterTable('items').addColumn('author_id', 'text').execute();
  await db.schema.alterTable('items').addColumn('head_sha', 'text').execute();
  await db.schema.alterTable('items').addColumn('base_sha', 'text').execute();

  // Per pull request: merge facts, size and edits, from GraphQL (or REST where it is not served).
  await db.schema
    .createTable('pull_facts')
    .addColumn('item_id', 'integer', (c) => c.primaryKey())
    .addColumn('merged_by', 'text')
    .addColumn('merged_by_id', 'text')
    .addColumn('additions', 'integer')
    .addColumn('deletions', 'integer')
    .addColumn('changed_files', 'integer')
    .addColumn('last_edited_at', 'text')
    .addColumn('edited_after_merge', 'integer', (c) => c.notNull().defaultTo(0))
    // 'graphql' | 'rest': where these facts came from.
    .addColumn('source', 'text', (c) => c.notNull())
    // The item's updated_at the facts were fetched for: a newer one makes them due again.
    .addColumn('item_updated_at', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .execute();

  // Reviews of a pull request (every one GitHub lists, not only the latest per reviewer).
  await db.schema
    .createTable('pull_reviews')
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('review_id', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('author_id', 'text')
    .addColumn('author_association', 'text')
    // APPROVED | CHANGES_REQUESTED | COMMENTED | DISMISSED | PENDING
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text')
    .addPrimaryKeyConstraint('pull_reviews_pk', ['item_id', 'review_id'])
    .execute();

  // Who applied each label currently on an issue or pull request (its latest `labeled` event).
  await db.schema
    .createTable('label_events')
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('label_key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('actor', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_association', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('label_events_pk', ['item_id', 'label_key'])
    .execute();

  // Per issue: who closed it and with which pull request, and its last edit.
  await db.schema
    .createTable('issue_facts')
    .addColumn('item_id', 'integer', (c) => c.primaryKey())
    .addColumn('closed_by', 'text')
    .addColumn('closed_by_id', 'text')
    // The closer: the pull request (or commit's pull request) GitHub names as closing it.
    .addColumn('closer_repo', 'text')
    .addColumn('closer_number', 'integer')
    .addColumn('last_edited_at', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('item_updated_at', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .execute();

  // Token scores the hub computed, once per head commit (src/core/tokens).
  await db.schema
    .createTable('pull_token_scores')
    .addColumn('item_id', 'integer', (c) => c.primaryKey())
    .addColumn('head_sha', 'text', (c) => c.notNull())
    .addColumn('token_score', real, (c) => c.notNull())
    .addColumn('source_token_score', real, (c) => c.notNull())
    .addColumn('file_count', 'integer', (c) => c.notNull())
    // JSON array of per-file results: {path, language, score, kind, note}.
    .addColumn('files', 'text', (c) => c.notNull().defaultTo('[]'))
    // 'subnet_mirror' | 'github': where the file contents came from.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();

  // The hub's own evaluation: one standing per repository and author, one entry per pull request.
  await db.schema
    .createTable('hub_standings')
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('author_key', 'text', (c) => c.notNull())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('github_id', 'text')
    .addColumn('registered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('eligible', 'integer', (c) => c.notNull())
    .addColumn('total', real, (c) => c.notNull())
    // The contract's repo entry of /api/miners/{login}/standing, as JSON.
    .addColumn('standing', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('hub_standings_pk', ['repo_id', 'author_key'])
    .execute();
  await db.schema.createIndex('hub_standings_author').on('hub_standings').columns(['author_key']).execute();
  await db.schema.createIndex('hub_standings_total').on('hub_standings').columns(['repo_id', 'total']).execute();

  await db.schema
    .createTable('hub_pull_scores')
    .addColumn('item_id', 'integer', (c) => c.primaryKey())
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('author_key', 'text', (c) => c.notNull())
    .addColumn('earned', real, (c) => c.notNull())
    // The contract's pull entry with its projection, as JSON.
    .addColumn('entry', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hub_pull_scores_author').on('hub_pull_scores').columns(['repo_id', 'author_key']).execute();

  // What each repository's last evaluation read, so the job knows what changed.
  await db.schema
    .createTable('scoring_state')
    .addColumn('repo_id', 'integer', (c) => c.primaryKey())
    .addColumn('data_version', 'integer', (c) => c.notNull())
    .addColumn('inputs_version', 'text', (c) => c.notNull())
    .addColumn('scored_at', 'text', (c) => c.notNull())
    .execute();
}
