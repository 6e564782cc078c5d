import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  // SQLite's real is an 8-byte float; PostgreSQL's `real` is 4 bytes, so it gets double precision.
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  const pk = (dialect === 'sqlite' ? 'integer' : 'bigserial') as 'integer';

  await db.schema
    .createTable('repos')
    .addColumn('id', pk, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull().unique())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('weight', real, (c) => c.notNull().defaultTo(0))
    .addColumn('entry', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('operator_added', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('inactive_at', 'text')
    .addColumn('github_id', 'bigint')
    .addColumn('default_branch', 'text')
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('master_list')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('repo_count', 'integer', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('id', pk, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('repo_id', 'integer', (c) => c.notNull().references('repos.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('is_pull', 'integer', (c) => c.notNull())
    .addColumn('github_id', 'bigint')
    .addColumn('node_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('state_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('draft', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged_at', 'text')
    .addColumn('base_ref', 'text')
    .addColumn('head_ref', 'text')
    .addColumn('head_repo', 'text')
    .addColumn('author', 'text')
    .addColumn('author_key', 'text')
    .addColumn('author_association', 'text')
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('comments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('html_url', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('gone', 'text')
    .addColumn('gone_at', 'text')
    .addColumn('moved_to', 'text')
    .addColumn('pull_fetched_at', 'text')
    .addColumn('linked_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('links_source', 'text')
    .addColumn('links_grammar', 'integer')
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('items_repo_number', ['repo_id', 'number'])
    .execute();

  // One index per list the API serves. Every list is "repository (or all), kind,
  // state, sorted by one column", and `id` breaks ties so keyset cursors are total.
  const idx = (name: string, cols: string[]) => db.schema.createIndex(name).on('items').columns(cols).execute();
  await idx('items_by_updated', ['repo_id', 'is_pull', 'status', 'updated_at', 'id']);
  await idx('items_by_created', ['repo_id', 'is_pull', 'status', 'created_at', 'id']);
  await idx('items_by_comments', ['repo_id', 'is_pull', 'status', 'comments', 'id']);
  await idx('items_by_number', ['repo_id', 'is_pull', 'status', 'number']);
  await idx('items_by_linked', ['repo_id', 'is_pull', 'status', 'linked_count', 'updated_at', 'id']);
  await idx('items_by_author', ['author_key', 'repo_id', 'is_pull', 'status', 'updated_at', 'id']);
  await idx('items_global_updated', ['is_pull', 'status', 'updated_at', 'id']);
  await idx('items_global_created', ['is_pull', 'status', 'created_at', 'id']);

  await db.schema
    .createTable('item_labels')
    .addColumn('item_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('label_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('item_labels_pk', ['item_id', 'label_key'])
    .execute();
  await db.schema.createIndex('item_labels_by_label').on('item_labels').columns(['label_key', 'item_id']).execute();

  await db.schema
    .createTable('links')
    .addColumn('pull_id', 'integer', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('issue_repo_key', 'text', (c) => c.notNull())
    .addColumn('issue_repo', 'text', (c) => c.notNull())
    .addColumn('issue_number', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('links_pk', ['pull_id', 'issue_repo_key', 'issue_number'])
    .execute();
  await db.schema.createIndex('links_by_issue').on('links').columns(['issue_repo_key', 'issue_number']).execute();

  await db.schema
    .createTable('sync_state')
    .addColumn('repo_id', 'integer', (c) => c.primaryKey().references('repos.id').onDelete('cascade'))
    .addColumn('issues_watermark', 'text')
    .addColumn('pulls_watermark', 'text')
    .addColumn('repo_etag', 'text')
    .addColumn('issues_etag', 'text')
    .addColumn('pulls_etag', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requests_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('quota_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_pass_requests', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_pass_quota', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_pass_ms', 'integer')
    .addColumn('issues_open', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issues_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issues_open_unlinked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pulls_open', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pulls_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('data_version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reconciled_at', 'text')
    .addColumn('next_due_at', 'text')
    .addColumn('relink_grammar', 'integer')
    .addColumn('relink_cursor', 'integer')
    .addColumn('relink_done_at', 'text')
    .execute();

  await db.schema
    .createTable('jobs')
    .addColumn('id', pk, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_after', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull().defaultTo(5))
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await sql`CREATE UNIQUE INDEX jobs_one_pending_per_key ON jobs (key) WHERE state IN ('queued', 'running')`.execute(db);
  await db.schema.createIndex('jobs_claim').on('jobs').columns(['state', 'priority', 'run_after']).execute();

  await db.schema
    .createTable('changes')
    .addColumn('id', pk, (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey()))
    .addColumn('repo_id', 'integer', (c) => c.notNull())
    .addColumn('item_id', 'integer', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('is_pull', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('changes_by_repo').on('changes').columns(['repo_id', 'id']).execute();

  await db.schema
    .createTable('github_quota')
    .addColumn('token_label', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('limit', 'integer', (c) => c.notNull())
    .addColumn('remaining', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('github_quota_pk', ['token_label', 'resource'])
    .execute();

  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  if (dialect === 'sqlite') {
    // Full-text search over titles and bodies. External-content FTS5 keeps one copy
    // of the text (in items); triggers keep the index in step inside the same
    // transaction as every write, so search never lags the data.
    await sql`CREATE VIRTUAL TABLE items_fts USING fts5(title, body, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 2')`.execute(db);
    await sql`CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
      INSERT INTO items_fts(rowid, title, body) VALUES (new.id, new.title, coalesce(new.body, ''));
    END`.execute(db);
    await sql`CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
      INSERT INTO items_fts(items_fts, rowid, title, body) VALUES ('delete', old.id, old.title, coalesce(old.body, ''));
    END`.execute(db);
    // Only a change of the indexed text touches the index: state and count updates stay cheap.
    await sql`CREATE TRIGGER items_fts_update AFTER UPDATE OF title, body ON items BEGIN
      INSERT INTO items_fts(items_fts, rowid, title, body) VALUES ('delete', old.id, old.title, coalesce(old.body, ''));
      INSERT INTO items_fts(rowid, title, body) VALUES (new.id, new.title, coalesce(new.body, ''));
    END`.execute(db);
  } else {
    // PostgreSQL: a tsvector per item in a table of its own (as FTS5 keeps its index
    // apart), so `SELECT *` of items never carries it and a state or count update
    // does not re-tokenize the body. The `simple` configuration with `unaccent`
    // matches FTS5's unicode61 tokenizer with remove_diacritics: lower-cased words,
    // accents folded, no stemming and no stop words. Titles weigh A, bodies D.
    await sql`CREATE EXTENSION IF NOT EXISTS unaccent`.execute(db);
    await sql`CREATE TEXT SEARCH CONFIGURATION hub_search (COPY = simple)`.execute(db);
    await sql`ALTER TEXT SEARCH CONFIGURATION hub_search ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple`.execute(db);
    await sql`CREATE TABLE items_search (id bigint PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE, search tsvector NOT NULL)`.execute(db);
    await sql`CREATE INDEX items_search_gin ON items_search USING gin (search)`.execute(db);
    await sql`CREATE FUNCTION items_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO items_search (id, search)
        VALUES (NEW.id, setweight(to_tsvector('hub_search', NEW.title), 'A') || setweight(to_tsvector('hub_search', coalesce(NEW.body, '')), 'D'))
        ON CONFLICT (id) DO UPDATE SET search = excluded.search;
        RETURN NULL;
      END $$`.execute(db);
    await sql`CREATE TRIGGER items_search_insert AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION items_search_sync()`.execute(db);
    // An upsert sets title and body even when unchanged: only a real change re-tokenizes.
    await sql`CREATE TRIGGER items_search_update AFTER UPDATE OF title, body ON items FOR EACH ROW
      WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body) EXECUTE FUNCTION items_search_sync()`.execute(db);
  }
}
