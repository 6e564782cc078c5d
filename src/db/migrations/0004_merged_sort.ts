import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, _dialect: Dialect): Promise<void> {
  // Pull request lists sorted by when they merged (sort=merged), per repository and
  // across the store, read in index order like the other sorts.
  const idx = (name: string, cols: string[]) => db.schema.createIndex(name).on('items').columns(cols).execute();
  await idx('items_by_merged', ['repo_id', 'is_pull', 'status', 'merged_at', 'id']);
  await idx('items_global_merged', ['is_pull', 'status', 'merged_at', 'id']);
}
