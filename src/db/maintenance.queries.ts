import { sql, type Kysely } from 'kysely';
import type { DB } from './schema.ts';

/**
 * Merges full-text index segments a bounded amount at a time: searches and
 * per-row text checks get faster, and no single step holds the write lock long.
 */
export async function mergeSearchIndex(db: Kysely<DB>, pages = 200): Promise<void> {
  await sql`INSERT INTO items_fts(items_fts, rank) VALUES ('merge', ${pages})`.execute(db);
}
