import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * A count per repository of the changes to stored titles and bodies, kept by
 * triggers in the same transaction as the change. With the newest item id, their
 * sum is the version of the search index's content: a ranked search window is
 * valid for as long as the version it was ranked at holds (search.queries.ts),
 * while link, count and state changes (which move the data versions all the time
 * during a sync or a relink) leave it alone.
 *
 * Only a real change counts: SQLite fires `UPDATE OF` whenever a column is in
 * the SET list, so the trigger compares the values, as PostgreSQL's WHEN does.
 * The hub never deletes items (a gone item is marked), so no delete trigger.
 *
 * New items: on SQLite one writer at a time hands out ids, so an item committed
 * later always has a higher id and the newest id says enough. PostgreSQL's
 * writers draw ids from a sequence concurrently and may commit them out of
 * order (an id below the newest one can appear after it was read), so there
 * inserts count too: once per statement and repository (a transition table), not
 * once per row.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('search_text_versions')
    .addColumn('repo_id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  if (dialect === 'sqlite') {
    await sql`CREATE TRIGGER items_text_version AFTER UPDATE OF title, body ON items
      WHEN old.title IS NOT new.title OR old.body IS NOT new.body BEGIN
      INSERT INTO search_text_versions (repo_id, version) VALUES (new.repo_id, 1)
        ON CONFLICT (repo_id) DO UPDATE SET version = version + 1;
    END`.execute(db);
    return;
  }
  await sql`CREATE FUNCTION items_text_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_text_versions (repo_id, version) VALUES (NEW.repo_id, 1)
      ON CONFLICT (repo_id) DO UPDATE SET version = search_text_versions.version + 1;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER items_text_version AFTER UPDATE OF title, body ON items FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.body IS DISTINCT FROM NEW.body) EXECUTE FUNCTION items_text_version()`.execute(db);
  await sql`CREATE FUNCTION items_text_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO search_text_versions (repo_id, version) SELECT DISTINCT repo_id, 1 FROM inserted_items
      ON CONFLICT (repo_id) DO UPDATE SET version = search_text_versions.version + 1;
      RETURN NULL;
    END $$`.execute(db);
  await sql`CREATE TRIGGER items_text_inserted AFTER INSERT ON items REFERENCING NEW TABLE AS inserted_items
    FOR EACH STATEMENT EXECUTE FUNCTION items_text_inserted()`.execute(db);
}
