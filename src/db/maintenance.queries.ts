import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';
import { mergeIndex } from './search-dialect.ts';

/**
 * Merges full-text index segments a bounded amount at a time: searches and
 * per-row text checks get faster, and no single step holds the write lock long.
 * (SQLite's FTS5; nothing to do on PostgreSQL, see search-dialect.ts.)
 */
export async function mergeSearchIndex(db: Kysely<DB>, pages = 200): Promise<void> {
  await mergeIndex(db, pages);
}
